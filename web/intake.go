package web

import (
	"crypto/rand"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/i18n"
)

// intakeData is the operator's intake form: a call's caller, channel,
// category with its questions, place and words, and, for an information
// request, the answer given on the spot; beside it, the caller's earlier
// cases and the likely duplicates.
type intakeData struct {
	Channels   []option
	Categories []categoryChoice
	Check      *checkData
	Form       map[string]string
	Errors     map[string]string
}

func (d *intakeData) page() (string, string)      { return "intake", "Take a call" }
func (d *intakeData) messages() map[string]string { return d.Errors }

// checkData is the intake form's side panel.
type checkData struct {
	Phone      string
	Earlier    []caseView
	Duplicates []caseView
}

func init() {
	pageAssets["intake"] = struct{ scripts, styles []string }{
		[]string{"vendor/leaflet/leaflet.js", "js/map.js", "js/intake.js"}, []string{"vendor/leaflet/leaflet.css", "css/desk.css"}}
	pageAssets["supervision"] = struct{ scripts, styles []string }{nil, []string{"css/desk.css"}}
}

func (s *Server) intakeData(r *http.Request, v *viewer) *intakeData {
	rd := s.reportData(r, v)
	d := &intakeData{Categories: rd.Categories, Form: map[string]string{"client_id": newUUID()}, Errors: map[string]string{}}
	for _, ch := range guanjia.IntakeChannels {
		d.Channels = append(d.Channels, option{Value: string(ch), Label: channelLabel(v.Lang, ch)})
	}
	return d
}

// channelLabel names a channel in lang.
func channelLabel(lang string, ch guanjia.Channel) string {
	return deskLabel(lang, "channel:"+string(ch))
}

// deskLabels name the codes of the command center's desk in English:
// channels, the states of supervision orders, the results of callbacks.
// Their Chinese names are in the shared catalogue under the same keys.
var deskLabels = map[string]string{
	"channel:phone": "Phone", "channel:12345": "12345 hotline", "channel:walk-in": "Walk-in",
	"channel:wechat": "WeChat", "channel:letter": "Letter", "channel:web": "Web", "channel:app": "App",
	"channel:api": "API", "channel:open311": "Open311",
	"supervision:awaiting": "Awaiting feedback", "supervision:overdue": "Feedback overdue",
	"supervision:escalated": "Escalated for want of feedback", "supervision:answered": "Answered",
	"callback:reached": "Reached", "callback:not_reached": "Not reached", "callback:satisfied": "Satisfied",
}

// deskLabel names a code of deskLabels in lang; an unknown code is itself.
func deskLabel(lang, key string) string {
	if lang == i18n.ZH {
		return translate(lang, key)
	}
	if l, ok := deskLabels[key]; ok {
		return l
	}
	return key
}

func (s *Server) intakePage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if !guanjia.MayIntake(v.Actor) {
		return guanjia.Errorf(guanjia.EFORBIDDEN, "Only the command center takes calls.")
	}
	return s.show(w, r, v, http.StatusOK, s.intakeData(r, v))
}

// intakeSubmit records the call and opens the new case, to dispatch it;
// a refused call shows the form again as sent.
func (s *Server) intakeSubmit(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := r.ParseForm(); err != nil {
		return guanjia.Errorf(guanjia.EINVALID, "The form could not be read.")
	}
	form := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	call := app.Call{Report: guanjia.Report{Category: form("category"), Description: form("description"),
		Address: form("address"), ClientID: form("client_id"), Channel: guanjia.Channel(form("channel")),
		Name: form("name"), Phone: form("phone"), Attributes: formAttributes(r, form("category"))}}
	var err error
	if form("answered") != "" {
		call.Answer = form("answer")
		if call.Answer == "" {
			err = guanjia.FieldErrorf(guanjia.EINVALID, "answer", "Write the answer given to the caller.")
		}
	}
	if lat, lng := form("lat"), form("lng"); err == nil && (lat != "" || lng != "") {
		var e1, e2 error
		call.Lat, e1 = strconv.ParseFloat(lat, 64)
		call.Lng, e2 = strconv.ParseFloat(lng, 64)
		if e1 != nil || e2 != nil {
			err = guanjia.FieldErrorf(guanjia.EINVALID, "lat", "Click the map to set the place.")
		}
	}
	var rec *guanjia.Receipt
	if err == nil {
		rec, err = s.app.TakeCall(r.Context(), v.Actor, call)
	}
	if err == nil {
		http.Redirect(w, r, "/cases/"+strconv.FormatInt(rec.Case.ID, 10)+"?back=/console", http.StatusSeeOther)
		return nil
	}
	return s.refuse(w, r, v, err, renamed(map[string]string{"lng": "lat", "note": "answer"}), func() (formPage, error) {
		d := s.intakeData(r, v)
		d.Form = formValues(r)
		q := guanjia.CallQuery{Phone: call.Phone, Category: call.Category, Lat: call.Lat, Lng: call.Lng}
		if p, perr := guanjia.NormalizePhone(q.Phone); perr == nil {
			q.Phone = p
			d.Check, _ = s.callCheck(r, v, q)
		}
		return d, nil
	})
}

// intakeCheck renders the side panel for the form's script, as the
// operator types.
func (s *Server) intakeCheck(w http.ResponseWriter, r *http.Request, v *viewer) error {
	q, err := guanjia.ParseCallQuery(r.URL.Query())
	if err != nil {
		return err
	}
	d, err := s.callCheck(r, v, q)
	if err != nil {
		return err
	}
	return s.renderPart(w, r, v, "intake", "call-check", d)
}

func (s *Server) callCheck(r *http.Request, v *viewer, q guanjia.CallQuery) (*checkData, error) {
	chk, err := s.app.CheckCall(r.Context(), v.Actor, q)
	if err != nil {
		return nil, err
	}
	rf := s.ref.get(r.Context())
	now := s.app.Now()
	return &checkData{Phone: q.Phone, Earlier: caseViews(v.Lang, rf, chk.Earlier, now),
		Duplicates: caseViews(v.Lang, rf, chk.Duplicates, now)}, nil
}

// newUUID returns a random UUID (version 4): the client_id that makes a
// form sent twice one case.
func newUUID() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	b[6], b[8] = b[6]&0x0f|0x40, b[8]&0x3f|0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// supervisionData is the list of supervised cases with where each order
// stands.
type supervisionData struct {
	Rows  []supervisionRow
	Chips []stateChip
	State string
}

type supervisionRow struct {
	caseView
	State, StateLabel string
}

// stateChip is a state of supervision orders, its count, a link to them.
type stateChip struct {
	State, Label string
	N            int
	Active       bool
}

// supervisionPage lists the supervised cases of the viewer's reach, the
// orders awaiting feedback first, optionally of one state.
func (s *Server) supervisionPage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ctx := r.Context()
	yes := true
	cases, _, err := s.app.FindCases(ctx, v.Actor, guanjia.CaseFilter{Supervised: &yes, Sort: "updated", Limit: 500})
	if err != nil {
		return err
	}
	now := s.app.Now()
	d := &supervisionData{State: r.URL.Query().Get("state")}
	counts := map[string]int{}
	for _, cv := range caseViews(v.Lang, s.ref.get(ctx), cases, now) {
		if cv.Supervision == nil {
			continue
		}
		st := cv.Supervision.State(now)
		counts[st]++
		if d.State == "" || d.State == st {
			d.Rows = append(d.Rows, supervisionRow{caseView: cv, State: st, StateLabel: deskLabel(v.Lang, "supervision:"+st)})
		}
	}
	for _, st := range supervisionStates {
		d.Chips = append(d.Chips, stateChip{State: st, Label: deskLabel(v.Lang, "supervision:"+st), N: counts[st], Active: d.State == st})
	}
	slices.SortStableFunc(d.Rows, func(a, b supervisionRow) int {
		if ra, rb := slices.Index(supervisionStates, a.State), slices.Index(supervisionStates, b.State); ra != rb {
			return ra - rb
		}
		return a.Supervision.Due.Compare(b.Supervision.Due)
	})
	return s.render(w, r, v, http.StatusOK, "supervision", "Supervised cases", d)
}

// supervisionStates are the states of an order, in the page's order.
var supervisionStates = []string{guanjia.SupervisionOverdue, guanjia.SupervisionEscalated, guanjia.SupervisionAwaiting, guanjia.SupervisionAnswered}
