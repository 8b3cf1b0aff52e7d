// Package open311 serves Guanjia's cases through the Open311 GeoReport v2
// API (https://wiki.open311.org/GeoReport_v2/), mounted at /open311/v2/.
//
// Every method answers in XML (the spec's required format) and JSON, chosen
// by the suffix of the path: services.xml, requests/WZ-20261128-0042.json.
// The category catalogue is the service list, a category's extra questions
// are its service definition, and a case is a service request whose
// service_request_id is the case number. Reporters' personal data never
// appears in a response.
//
// Besides the standard methods it implements the extensions documented in
// the discovery document: extended attributes and the public timeline
// (extensions=true), paging (page, page_size), updated_after/updated_before,
// text search (q), a geographic filter (lat, long, radius; bbox), and the
// servicerequestupdates method of mySociety's open311-adapter and
// FixMyStreet, so that updates can be exchanged with another system.
//
// The closed loop maps onto Open311's two statuses as follows (see
// [OpenStatus]): new, dispatched, accepted and resolved are "open" (a
// resolved case awaits the reporter's confirmation); closed, rejected and
// merged are "closed". With extensions=true the Guanjia status is given in
// extended_attributes.status.
//
// The package talks to the application only through [Backend].
package open311

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/session"
)

// Prefix is the path under which the handler serves every method.
const Prefix = "/open311/v2/"

// Backend is what the Open311 server needs from the application.
type Backend interface {
	Jurisdictions(ctx context.Context) ([]guanjia.Jurisdiction, error)
	Categories(ctx context.Context) ([]guanjia.Category, error) // includes inactive ones; show only Active
	Units(ctx context.Context) ([]guanjia.Unit, error)
	// Client checks an Open311 api_key: guanjia.EFORBIDDEN when unknown or revoked, guanjia.ERATELIMIT when over its rate.
	Client(ctx context.Context, apiKey string) (guanjia.Actor, error)
	// Report creates a case (or finds the one with the same ClientID). r.Channel is guanjia.ChannelOpen311.
	// A Receipt without a Case means the report was accepted but the case
	// is made later: the client is given r.ClientID as its token.
	Report(ctx context.Context, a guanjia.Actor, r guanjia.Report) (*guanjia.Receipt, error)
	FindCases(ctx context.Context, f guanjia.CaseFilter) ([]*guanjia.Case, string, error)
	CaseByNumber(ctx context.Context, number string) (*guanjia.Case, error)     // ENOTFOUND
	CaseByClientID(ctx context.Context, clientID string) (*guanjia.Case, error) // ENOTFOUND
	Timeline(ctx context.Context, caseID int64) ([]guanjia.Event, error)
	PublicNotes(ctx context.Context, caseIDs []int64) (map[int64]guanjia.Event, error) // latest public event with a note, per case
	// Act performs a closed-loop action as actor a (used by POST servicerequestupdates).
	Act(ctx context.Context, a guanjia.Actor, caseID int64, cmd guanjia.Command) (*guanjia.Case, error)
}

// TownCatalogue is what a Backend may add: the catalogue as it applies in
// one town, whose own settings (a category it does not offer) override
// the county's. Without it, every town has the Backend's Categories.
type TownCatalogue interface {
	CategoriesIn(ctx context.Context, town string) ([]guanjia.Category, error)
}

// CategoryFinder is what a Backend may add: one category as it applies in
// town ("" for the county's), active or not, found without a copy of the
// whole catalogue, which every new request would otherwise make.
type CategoryFinder interface {
	CategoryIn(ctx context.Context, town, code string) (*guanjia.Category, bool, error)
}

// Options configure the handler. Every field is optional.
type Options struct {
	// BaseURL returns the server's public URL without a trailing slash, such
	// as "https://guanjia.example.org", for media_url (BaseURL + "/media/" +
	// hash) and the endpoint URL in the discovery document. Nil derives it
	// from the request's Host.
	BaseURL func(r *http.Request) string
	// Contact is the discovery document's contact: who runs this endpoint.
	Contact string
	// KeyService says how a client gets an api_key.
	KeyService string
	// Changeset is when the API last changed; zero means this package's own date.
	Changeset time.Time
	// Logger receives internal errors; nil discards them.
	Logger *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Location is the time zone of every datetime written; nil means
	// China Standard Time (+08:00, the zone of Asia/Shanghai, which has no
	// daylight saving time).
	Location *time.Location
	// Outage, when err says the application's database is out of reach,
	// returns the error to answer instead (503 with a wait); nil answers
	// every error as it is.
	Outage func(err error) error
	// Translate renders a note the system wrote (guanjia.Event.NoteKey, an
	// English format string) in lang, "zh" or "en"; nil writes English.
	Translate func(lang, format string, args ...any) string
	// Place renders a case's place text (guanjia.PlaceText) in lang, the
	// address of a request whose reporter gave none; nil renders English.
	Place func(lang string, t *guanjia.PlaceText) string
}

// changeset is when this package's API last changed, the discovery
// document's default changeset.
var changeset = time.Date(2026, 11, 28, 0, 0, 0, 0, guanjia.TownZone)

// server serves the Open311 methods. It is immutable after NewHandler.
type server struct {
	b    Backend
	opts Options
	log  *slog.Logger
}

// NewHandler returns the handler of every Open311 method under [Prefix].
// Mount it on the main server's mux at Prefix.
func NewHandler(b Backend, opts Options) http.Handler {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Outage == nil {
		opts.Outage = func(err error) error { return err }
	}
	if opts.Place == nil {
		opts.Place = func(_ string, t *guanjia.PlaceText) string {
			return fmt.Sprintf(t.Key, t.Values(langEN)...)
		}
	}
	if opts.Location == nil {
		opts.Location = guanjia.TownZone
	}
	if opts.Translate == nil {
		opts.Translate = func(_, format string, args ...any) string { return fmt.Sprintf(format, args...) }
	}
	if opts.Changeset.IsZero() {
		opts.Changeset = changeset
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &server{b: b, opts: opts, log: log}
	return s.routes()
}

// baseURL returns the server's public URL for r, without a trailing slash.
func (s *server) baseURL(r *http.Request) string {
	if s.opts.BaseURL != nil {
		return trimSlash(s.opts.BaseURL(r))
	}
	scheme := "http"
	if session.HTTPS(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func trimSlash(s string) string {
	for len(s) > 0 && s[len(s)-1] == '/' {
		s = s[:len(s)-1]
	}
	return s
}

// OpenStatus returns the Open311 status of a Guanjia status: "open" while
// the case awaits work or the reporter's confirmation (new, dispatched,
// accepted, resolved), "closed" once it is closed, rejected or merged.
func OpenStatus(s guanjia.Status) string {
	if s.Open() {
		return "open"
	}
	return "closed"
}
