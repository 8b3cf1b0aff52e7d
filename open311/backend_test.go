package open311

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/guanjia/guanjia"
)

// memBackend is a Backend that really stores cases and their timelines in
// memory, runs the domain's lifecycle for Act, and filters FindCases by
// every CaseFilter field the Open311 server uses. It keeps cases with the
// reporter's personal data, as a store does, so that tests see that the
// server leaves it out.
type memBackend struct {
	mu            sync.Mutex
	now           func() time.Time
	jurisdictions []guanjia.Jurisdiction
	categories    []guanjia.Category
	units         []guanjia.Unit
	keys          map[string]guanjia.Actor
	cases         []*guanjia.Case
	events        map[int64][]guanjia.Event
	nextEvent     int64
	async         bool  // Report answers without a case (the case is made all the same)
	failWith      error // every method fails with it when set
	reports       []guanjia.Report
	finds         []guanjia.CaseFilter
}

// Test api_keys.
const (
	keyGood    = "key-fixmystreet"
	keyRevoked = "key-revoked"
	keyBusy    = "key-busy"
)

func (b *memBackend) fail() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.failWith
}

func (b *memBackend) Jurisdictions(ctx context.Context) ([]guanjia.Jurisdiction, error) {
	return slices.Clone(b.jurisdictions), b.fail()
}

func (b *memBackend) Categories(ctx context.Context) ([]guanjia.Category, error) {
	return slices.Clone(b.categories), b.fail()
}

func (b *memBackend) Units(ctx context.Context) ([]guanjia.Unit, error) {
	return slices.Clone(b.units), b.fail()
}

func (b *memBackend) Client(ctx context.Context, apiKey string) (guanjia.Actor, error) {
	switch apiKey {
	case keyRevoked:
		return guanjia.Actor{}, guanjia.Errorf(guanjia.EFORBIDDEN, "The api_key is not valid.")
	case keyBusy:
		return guanjia.Actor{}, guanjia.Errorf(guanjia.ERATELIMIT, "Too many requests for this api_key. Slow down.")
	}
	a, ok := b.keys[apiKey]
	if !ok {
		return guanjia.Actor{}, guanjia.Errorf(guanjia.EFORBIDDEN, "The api_key is not valid.")
	}
	return a, nil
}

// Report creates a case as the application does: validated, numbered,
// with its report event. A report without a point is placed at its town's
// centre, standing in for geocoding.
func (b *memBackend) Report(ctx context.Context, a guanjia.Actor, r guanjia.Report) (*guanjia.Receipt, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.reports = append(b.reports, r)
	if r.ClientID != "" {
		if c := b.byClientID(r.ClientID); c != nil {
			return &guanjia.Receipt{Case: c}, nil
		}
	}
	town := b.town(r.Jurisdiction)
	if r.Lat == 0 && r.Lng == 0 {
		r.Lat, r.Lng = town.Lat, town.Lng
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	cat := b.category(r.Category)
	if cat == nil {
		return nil, guanjia.FieldErrorf(guanjia.EINVALID, "category", "There is no category %q.", r.Category)
	}
	attrs, err := cat.CheckAttributes(r.Attributes)
	if err != nil {
		return nil, err
	}
	if r.MediaURL != "" {
		attrs = withAttribute(attrs, mediaURLAttribute, r.MediaURL)
	}
	c := b.add(&guanjia.Case{
		Jurisdiction: town.Code, Status: guanjia.StatusNew, Category: cat.Code, Priority: cat.Priority,
		Lat: r.Lat, Lng: r.Lng, Address: r.Address, Description: r.Description, Attributes: attrs,
		Channel: r.Channel, Photos: r.Photos, ClientID: r.ClientID,
		ReporterName: r.Name, ReporterPhone: r.Phone, ReporterEmail: r.Email,
		CreatedAt: b.now(), UpdatedAt: b.now(), Version: 1,
	})
	if b.async {
		return &guanjia.Receipt{}, nil
	}
	return &guanjia.Receipt{Case: clone(c), Created: true}, nil
}

func withAttribute(m map[string]any, k string, v any) map[string]any {
	if m == nil {
		m = map[string]any{}
	}
	m[k] = v
	return m
}

// add stores a new case with its number and report event; b.mu is held.
func (b *memBackend) add(c *guanjia.Case) *guanjia.Case {
	c.ID = int64(len(b.cases) + 1)
	if c.Number == "" {
		c.Number = fmt.Sprintf("WZ-%s-%04d", c.CreatedAt.In(guanjia.TownZone).Format("20060102"), c.ID)
	}
	b.cases = append(b.cases, c)
	b.event(guanjia.Event{CaseID: c.ID, At: c.CreatedAt, Action: guanjia.ActionReport,
		ActorName: c.ReporterName, ActorRole: guanjia.RoleResident, To: guanjia.StatusNew, Note: c.Description, Public: true})
	return c
}

// event appends e to its case's timeline; b.mu is held.
func (b *memBackend) event(e guanjia.Event) guanjia.Event {
	b.nextEvent++
	e.ID = b.nextEvent
	if b.events == nil {
		b.events = map[int64][]guanjia.Event{}
	}
	b.events[e.CaseID] = append(b.events[e.CaseID], e)
	return e
}

func (b *memBackend) town(code string) guanjia.Jurisdiction {
	for _, j := range hostedTowns(b.jurisdictions) {
		if code == "" || j.Code == code {
			return j
		}
	}
	return guanjia.Jurisdiction{}
}

func (b *memBackend) category(code string) *guanjia.Category {
	for i := range b.categories {
		if b.categories[i].Code == code {
			return &b.categories[i]
		}
	}
	return nil
}

func (b *memBackend) byClientID(id string) *guanjia.Case {
	for _, c := range b.cases {
		if c.ClientID == id {
			return clone(c)
		}
	}
	return nil
}

func clone(c *guanjia.Case) *guanjia.Case {
	x := *c
	return &x
}

func (b *memBackend) FindCases(ctx context.Context, f guanjia.CaseFilter) ([]*guanjia.Case, string, error) {
	if err := b.fail(); err != nil {
		return nil, "", err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.finds = append(b.finds, f)
	var all []*guanjia.Case
	for _, c := range b.cases {
		if matches(c, &f) {
			all = append(all, clone(c))
		}
	}
	sortCases(all, f.Sort)
	start, _ := strconv.Atoi(f.After)
	if start > len(all) {
		start = len(all)
	}
	end := len(all)
	if f.Limit > 0 && start+f.Limit < end {
		end = start + f.Limit
	}
	next := ""
	if end < len(all) {
		next = strconv.Itoa(end)
	}
	return all[start:end], next, nil
}

func sortCases(cs []*guanjia.Case, by string) {
	slices.SortStableFunc(cs, func(x, y *guanjia.Case) int {
		if by == "updated" {
			return y.UpdatedAt.Compare(x.UpdatedAt)
		}
		return y.CreatedAt.Compare(x.CreatedAt)
	})
}

// matches applies every filter field the Open311 server sets.
func matches(c *guanjia.Case, f *guanjia.CaseFilter) bool {
	switch {
	case f.Jurisdiction != nil && c.Jurisdiction != *f.Jurisdiction,
		len(f.Status) > 0 && !slices.Contains(f.Status, c.Status),
		len(f.Category) > 0 && !slices.Contains(f.Category, c.Category),
		len(f.IDs) > 0 && !slices.Contains(f.IDs, c.ID),
		len(f.Numbers) > 0 && !slices.Contains(f.Numbers, c.Number),
		f.From != nil && c.CreatedAt.Before(*f.From),
		f.To != nil && !c.CreatedAt.Before(*f.To),
		f.UpdatedAfter != nil && !c.UpdatedAt.After(*f.UpdatedAfter),
		f.UpdatedBefore != nil && !c.UpdatedAt.Before(*f.UpdatedBefore),
		f.Text != nil && !strings.Contains(c.Description+" "+c.Address, *f.Text),
		f.BBox != nil && !f.BBox.Contains(c.Lat, c.Lng),
		f.Near != nil && metres(f.Near.Lat, f.Near.Lng, c.Lat, c.Lng) > f.Near.Radius:
		return false
	}
	return true
}

// metres is the great-circle distance between two points.
func metres(lat1, lng1, lat2, lng2 float64) float64 {
	const r = 6371000
	rad := math.Pi / 180
	dlat, dlng := (lat2-lat1)*rad, (lng2-lng1)*rad
	a := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlng/2)*math.Sin(dlng/2)
	return 2 * r * math.Asin(math.Sqrt(a))
}

func (b *memBackend) find(pred func(*guanjia.Case) bool, what string) (*guanjia.Case, error) {
	if err := b.fail(); err != nil {
		return nil, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, c := range b.cases {
		if pred(c) {
			return clone(c), nil
		}
	}
	return nil, guanjia.Errorf(guanjia.ENOTFOUND, "No case %s.", what)
}

func (b *memBackend) CaseByNumber(ctx context.Context, number string) (*guanjia.Case, error) {
	return b.find(func(c *guanjia.Case) bool { return c.Number == number }, number)
}

func (b *memBackend) CaseByClientID(ctx context.Context, id string) (*guanjia.Case, error) {
	return b.find(func(c *guanjia.Case) bool { return c.ClientID != "" && c.ClientID == id }, id)
}

func (b *memBackend) Timeline(ctx context.Context, caseID int64) ([]guanjia.Event, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.events[caseID]), b.failWith
}

func (b *memBackend) PublicNotes(ctx context.Context, ids []int64) (map[int64]guanjia.Event, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := map[int64]guanjia.Event{}
	for _, id := range ids {
		for _, e := range b.events[id] {
			if e.Public && e.Note != "" {
				out[id] = e
			}
		}
	}
	return out, b.failWith
}

// Act runs the domain's lifecycle and stores the result.
func (b *memBackend) Act(ctx context.Context, a guanjia.Actor, caseID int64, cmd guanjia.Command) (*guanjia.Case, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if caseID < 1 || int(caseID) > len(b.cases) {
		return nil, guanjia.Errorf(guanjia.ENOTFOUND, "No case %d.", caseID)
	}
	c := b.cases[caseID-1]
	env := guanjia.Env{Now: b.now(), Calendar: clockCalendar{}, Category: b.category(c.Category)}
	next, e, err := guanjia.Apply(*c, cmd, a, env)
	if err != nil {
		return nil, err
	}
	*c = next
	b.event(e)
	return clone(c), nil
}

// clockCalendar counts working hours and days as plain hours and days.
type clockCalendar struct{}

func (clockCalendar) AddWorkingHours(t time.Time, h int) time.Time {
	return t.Add(time.Duration(h) * time.Hour)
}
func (clockCalendar) AddWorkingDays(t time.Time, d int) time.Time { return t.AddDate(0, 0, d) }

// reset forgets every case, event and report.
func (b *memBackend) reset() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.cases, b.events, b.reports, b.finds, b.nextEvent = nil, nil, nil, nil, 0
}

// seed stores a case as it stands, with its report event, and returns it.
func (b *memBackend) seed(c guanjia.Case) *guanjia.Case {
	b.mu.Lock()
	defer b.mu.Unlock()
	if c.UpdatedAt.IsZero() {
		c.UpdatedAt = c.CreatedAt
	}
	return clone(b.add(&c))
}

// act performs cmd on case id as the dispatcher at time at.
func (b *memBackend) act(id int64, at time.Time, a guanjia.Actor, cmd guanjia.Command) error {
	now := b.now
	b.now = func() time.Time { return at }
	defer func() { b.now = now }()
	_, err := b.Act(context.Background(), a, id, cmd)
	return err
}
