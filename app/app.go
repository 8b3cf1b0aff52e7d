// Package app holds Guanjia's use cases. Each one loads what it needs from
// the store, asks the domain to decide, and writes the result (the case, its
// timeline event and its outbox message) in one transaction. The edges
// (httpapi, open311, web, the command line) call it and nothing else.
package app

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/calendar"
	"github.com/guanjia/guanjia/geo"
	"github.com/guanjia/guanjia/media"
	"github.com/guanjia/guanjia/store"
)

// Options configure an App.
type Options struct {
	Logger *slog.Logger
	// Now is the clock; tests inject one. Defaults to time.Now.
	Now func() time.Time
	// FollowDatabaseClock has the app's times (those it writes on cases,
	// timelines and everything else, and its deadlines) follow the
	// database's clock once Now is found more than ClockSkewMax off it:
	// Now less the offset last measured (MeasureClock, RunInstance's
	// beats). guanjia serve sets it, so that instances whose machines'
	// clocks differ write times that agree. Within ClockSkewMax Now is
	// kept as it is: NTP keeps a clock within milliseconds, nearer than
	// one measure over the network.
	FollowDatabaseClock bool
	// AutoCloseAfter is how long a resolved case waits for its reporter
	// before it closes by itself. Defaults to guanjia.AutoCloseAfter.
	AutoCloseAfter time.Duration
	// DuplicateRadius and DuplicateWindow bound the search for likely
	// duplicates of a new report. Defaults: 150 m and 7 days.
	DuplicateRadius float64
	DuplicateWindow time.Duration
	// Open311PerMinute is how many requests a minute one Open311 api_key
	// may make. Defaults to 600; a 12345 platform forwarding a city's
	// contacts needs more.
	Open311PerMinute int
	// ReportsPerHour bounds the reports (and, counted apart, the photos)
	// that one address without an account, one resident and one
	// housekeeper may send in an hour; a zero field takes the default
	// (DefaultReportLimits). Staff are not limited.
	ReportsPerHour ReportLimits
	// HotspotMin is how many cases of a category in a cell in 30 days make
	// a recurring hot spot. Defaults to guanjia.DefaultHotspotMin.
	HotspotMin int
	// SMS sends text messages (sign-in codes). Defaults to an SMSMemory,
	// which logs them and keeps the last ones for /admin/texts.
	SMS SMSSender
	// WebhookURL, when set, receives a JSON POST for every mobilisation of
	// housekeepers, for an SMS or messaging gateway (GUANJIA_WEBHOOK_URL).
	WebhookURL string
	// HTTPClient delivers webhooks and notifications. Defaults to a client
	// with a 10 s timeout.
	HTTPClient *http.Client
	// PublicURL is the address people open the site at, for the links in
	// notifications (GUANJIA_PUBLIC_URL).
	PublicURL string
	// Translate renders a message key with its arguments in a language
	// ("zh" or "en"); the server passes i18n.Sprintf. Defaults to English.
	Translate func(lang, key string, args ...any) string
	// SessionRecheck is how long a change of a token or a user made by
	// another process (an instance on the same PostgreSQL, the command
	// line) may take to reach this one's cache of signed-in callers;
	// sessionRecheck (a second) when zero. This process's own changes
	// reach it at once.
	SessionRecheck time.Duration
	// JobTakeover is how long the background jobs of an instance that
	// died without stopping (a crash, SIGKILL, a lost machine) wait
	// before another instance takes them over: each job's lease lasts two
	// of its polls and this past its holder's last renewal. An instance
	// that stops hands its jobs on at once. A minute (jobTakeover) when
	// zero; shorter means quicker takeover and more renewals, each a
	// write transaction.
	JobTakeover time.Duration
}

// App is the application: the store, the media store and the reference data
// (categories, units, rules, geography, calendar) cached in memory.
type App struct {
	db    *store.DB
	media *media.Store
	opts  Options
	log   *slog.Logger
	clock func() time.Time // Options.Now; the app's times are now's

	ref atomic.Pointer[reference]
	// reload serialises reference reloads.
	reload sync.Mutex
	// refVersion is the version of the reference data in ref (see
	// store.DB.ReferenceVersion).
	refVersion atomic.Int64
	// clockAhead is how far this process's clock was ahead of the
	// database's when last measured, in nanoseconds (see leaseNow), and
	// followed how much of it now takes off (FollowDatabaseClock).
	clockAhead, followed atomic.Int64
	// changed is closed and replaced whenever this process commits an
	// outbox message, so the live hub wakes without polling delay.
	changedMu sync.Mutex
	changed   chan struct{}

	limiter rateLimiter
	counts  sharedCounts // CountCases
	// trackingKey is the installation's secret that anonymous reporters'
	// tracking tokens are derived with (see trackingToken).
	trackingKey []byte
	logins      *loginGuard
	// sms sends text messages; confirmKey and codeKey are the secrets that
	// reporters' confirmation links and sign-in codes are signed with.
	sms             SMSSender
	confirmKey      []byte
	codeKey         []byte
	leases          heldLeases   // the background jobs' leases this process holds
	owners          sync.Map     // the names its loops of background jobs take leases as (leaseOwner), and its instance's (RunInstance)
	planTurn        sync.Mutex   // held by a batch of the notification planner
	plannedMessages atomic.Int64 // outbox messages planned, for tests
	pointsTurn      sync.Mutex   // held by the points consumer's batch
	pointsRead      atomic.Int64 // outbox messages the points consumer read, for tests
	leaseTries      atomic.Int64 // write transactions to take or renew a lease, for tests
	remindRuns      atomic.Int64 // passes of the reminders (remind), for tests
	// optimized is when the planner's statistics were last refreshed (Unix ns).
	optimized atomic.Int64
	// sessions keeps who signed-in callers are (see sessionCache).
	sessions *sessionCache
}

// New returns an App over an open, migrated store.
func New(ctx context.Context, db *store.DB, photos *media.Store, opts Options) (*App, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.AutoCloseAfter == 0 {
		opts.AutoCloseAfter = guanjia.AutoCloseAfter
	}
	if opts.DuplicateRadius == 0 {
		opts.DuplicateRadius = 150
	}
	if opts.DuplicateWindow == 0 {
		opts.DuplicateWindow = 7 * 24 * time.Hour
	}
	if opts.Open311PerMinute == 0 {
		opts.Open311PerMinute = open311PerMinute
	}
	opts.ReportsPerHour = opts.ReportsPerHour.orDefaults()
	if opts.HotspotMin == 0 {
		opts.HotspotMin = guanjia.DefaultHotspotMin
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if opts.SessionRecheck == 0 {
		opts.SessionRecheck = sessionRecheck
	}
	if opts.JobTakeover == 0 {
		opts.JobTakeover = jobTakeover
	}
	a := &App{db: db, media: photos, opts: opts, log: opts.Logger, clock: opts.Now,
		changed: make(chan struct{}), logins: newLoginGuard(db), sessions: newSessionCache(opts.SessionRecheck)}
	a.limiter = newRateLimiter(db, a.now, opts.Logger)
	if err := a.load(ctx); err != nil {
		return nil, err
	}
	var err error
	if a.trackingKey, err = db.Secret(ctx, "tracking"); err != nil {
		return nil, err
	}
	if err := a.initResidents(ctx); err != nil {
		return nil, err
	}
	return a, nil
}

// Ready reports whether the app can serve: its database answers.
func (a *App) Ready(ctx context.Context) error { return a.db.Ping(ctx) }

// Media returns the photo store.
func (a *App) Media() *media.Store { return a.media }

// Now returns the app's time: its clock's reading, followed to the
// database's clock when that is more than ClockSkewMax off and
// FollowDatabaseClock is set.
func (a *App) Now() time.Time { return a.now() }

// now is Now.
func (a *App) now() time.Time { return a.clock().Add(-time.Duration(a.followed.Load())) }

// Logger returns the app's logger.
func (a *App) Logger() *slog.Logger { return a.log }

// Calendar returns the county's working-day calendar, which every town
// follows unless it has days of its own (calendarIn).
func (a *App) Calendar() *calendar.Calendar { return a.ref.Load().calendar }

// Changed returns a channel that is closed at the next commit of an outbox
// message by this process.
func (a *App) Changed() <-chan struct{} {
	a.changedMu.Lock()
	defer a.changedMu.Unlock()
	return a.changed
}

func (a *App) notifyChanged() {
	a.changedMu.Lock()
	close(a.changed)
	a.changed = make(chan struct{})
	a.changedMu.Unlock()
}

// reference is an immutable snapshot of the reference data.
type reference struct {
	jurisdictions map[string]*guanjia.Jurisdiction
	// jurisdictionList and categoryList are as the store lists them.
	jurisdictionList []guanjia.Jurisdiction
	categoryList     []guanjia.Category
	units            map[string]*guanjia.Unit
	villages         map[string]*guanjia.Village
	categories       map[string]*guanjia.Category
	rules            []guanjia.Rule
	index            *geo.Index
	calendar         *calendar.Calendar
	// calendars are the towns' that have days of their own, the county's
	// with them (see calendarIn).
	calendars map[string]*calendar.Calendar
	// tree is the county and its towns; towns the towns alone.
	tree  guanjia.Tree
	towns []guanjia.Jurisdiction
	// overrides are the towns' own settings of categories, by town and code.
	overrides map[[2]string]*guanjia.CategoryOverride
	// areas are the boxes around each town's grids (see Locate).
	areas map[string]guanjia.BBox
	// home is the default town: the only one, or the first.
	home string
	// conferences are the events whose window had not ended at
	// conferencesFrom, when they were read (see conferenceFor).
	conferences     []*guanjia.Conference
	conferencesFrom time.Time
}

// Reload reads the reference data from the store again, and has the other
// instances sharing the database do so too (see WatchReference). Admin
// changes call it once they have committed.
func (a *App) Reload(ctx context.Context) error {
	if _, err := a.db.BumpReference(ctx); err != nil {
		return err
	}
	return a.load(ctx)
}

// load reads the reference data from the store, with its version read
// first: a change committed after that read raises the version again.
func (a *App) load(ctx context.Context) error {
	a.reload.Lock()
	defer a.reload.Unlock()
	v, err := a.db.ReferenceVersion(ctx)
	if err != nil {
		return err
	}
	r, err := a.loadReference(ctx)
	if err != nil {
		return fmt.Errorf("reload reference data: %w", err)
	}
	a.ref.Store(r)
	a.refVersion.Store(v)
	return a.syncAreaPlaces(ctx, r)
}

// ReferenceVersion is the version of the reference data this instance
// holds: it moves when an administrator changes them here, or when
// WatchReference loads another instance's change.
func (a *App) ReferenceVersion() int64 { return a.refVersion.Load() }

// WatchReference reloads the reference data every poll in which another
// instance sharing the database has changed it (Reload), until ctx ends.
func (a *App) WatchReference(ctx context.Context, poll time.Duration) {
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		v, err := a.db.ReferenceVersion(ctx)
		if err == nil && v != a.refVersion.Load() {
			err = a.load(ctx)
		}
		if err != nil && ctx.Err() == nil {
			a.log.Warn("reference data", "err", err)
		}
	}
}

func (a *App) loadReference(ctx context.Context) (*reference, error) {
	r := &reference{jurisdictions: map[string]*guanjia.Jurisdiction{}, units: map[string]*guanjia.Unit{},
		villages: map[string]*guanjia.Village{}, categories: map[string]*guanjia.Category{}}
	js, err := a.db.Jurisdictions(ctx)
	if err != nil {
		return nil, err
	}
	r.jurisdictionList, r.tree, r.towns = js, guanjia.NewTree(js), guanjia.Towns(js)
	for i := range js {
		r.jurisdictions[js[i].Code] = &js[i]
		if r.home == "" && js[i].Level == "town" {
			r.home = js[i].Code
		}
	}
	units, err := a.db.Units(ctx)
	if err != nil {
		return nil, err
	}
	for i := range units {
		r.units[units[i].Code] = &units[i]
	}
	villages, err := a.db.Villages(ctx)
	if err != nil {
		return nil, err
	}
	for i := range villages {
		r.villages[villages[i].Code] = &villages[i]
	}
	cats, err := a.db.Categories(ctx)
	if err != nil {
		return nil, err
	}
	r.categoryList = cats
	for i := range cats {
		r.categories[cats[i].Code] = &cats[i]
	}
	if r.overrides, err = a.loadOverrides(ctx); err != nil {
		return nil, err
	}
	if r.rules, err = a.db.Rules(ctx); err != nil {
		return nil, err
	}
	grids, err := a.db.Grids(ctx)
	if err != nil {
		return nil, err
	}
	if r.index, err = geo.NewIndex(grids); err != nil {
		return nil, err
	}
	if r.areas, err = townAreas(grids); err != nil {
		return nil, err
	}
	if r.calendar, r.calendars, err = a.loadCalendar(ctx); err != nil {
		return nil, err
	}
	r.conferencesFrom = a.now()
	if r.conferences, err = a.db.LiveConferences(ctx, r.conferencesFrom); err != nil {
		return nil, err
	}
	return r, nil
}
