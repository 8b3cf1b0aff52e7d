package bench

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/demo"
)

// gen makes realistic cases: categories by how often they are reported,
// places skewed towards hot spots (the old town and a few village
// centres), report times over a year with the day's rhythm, and a state
// and timeline that fit the case's age.
type gen struct {
	t      *town
	r      *rand.Rand
	now    time.Time
	total  int // weights of the samples
	roads  []string
	spots  [][2]float64 // hot spots: lat, lng
	detail []string
}

func newGen(t *town, seed uint64, now time.Time) *gen {
	g := &gen{t: t, r: rand.New(rand.NewPCG(seed, 2026)), now: now, roads: demo.Roads()}
	for _, s := range t.samples {
		g.total += s.Weight
	}
	g.spots = [][2]float64{{30.7445, 120.4870}, {30.7520, 120.4790}, {30.7380, 120.4950},
		{30.7210, 120.4620}, {30.7680, 120.5080}, {30.7090, 120.5010}}
	g.detail = []string{"", "", "", "请尽快处理。", "已经好几天了。", "影响游客通行。", "附近居民反映强烈。", "晚上尤其严重。", "希望有关部门来看看。"}
	return g
}

// sample draws a kind of case by weight.
func (g *gen) sample() *demo.Sample {
	n := g.r.IntN(g.total)
	for i := range g.t.samples {
		if n -= g.t.samples[i].Weight; n < 0 {
			return &g.t.samples[i]
		}
	}
	return &g.t.samples[0]
}

// place draws a point: 45% round the old town, 25% round other hot spots,
// the rest anywhere in the town.
func (g *gen) place() (float64, float64) {
	switch n := g.r.IntN(100); {
	case n < 45:
		s := g.spots[0]
		return s[0] + g.r.NormFloat64()*0.004, s[1] + g.r.NormFloat64()*0.005
	case n < 70:
		s := g.spots[1+g.r.IntN(len(g.spots)-1)]
		return s[0] + g.r.NormFloat64()*0.003, s[1] + g.r.NormFloat64()*0.003
	}
	return 30.695 + g.r.Float64()*0.10, 120.435 + g.r.Float64()*0.10
}

// text returns a description and an address.
func (g *gen) text(s *demo.Sample) (string, string) {
	d := s.Texts[g.r.IntN(len(s.Texts))] + g.detail[g.r.IntN(len(g.detail))]
	a := fmt.Sprintf("乌镇镇%s%d号附近", g.roads[g.r.IntN(len(g.roads))], 1+g.r.IntN(300))
	return d, a
}

// day returns n report times on the day that starts at midnight (China
// time), mostly 7:00 to 22:00, in order.
func (g *gen) day(midnight time.Time, n int) []time.Time {
	out := make([]time.Time, n)
	for i := range out {
		hour := 7 + g.r.NormFloat64()*1.5 + float64(g.r.IntN(15))
		hour = math.Max(0, math.Min(23.99, hour))
		out[i] = midnight.Add(time.Duration(hour * float64(time.Hour)))
	}
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return out
}

// report returns a new report as a resident would send it.
func (g *gen) report() guanjia.Report {
	s := g.sample()
	lat, lng := g.place()
	desc, addr := g.text(s)
	return guanjia.Report{Category: s.Category, Lat: lat, Lng: lng, Description: desc, Address: addr,
		Attributes: g.answers(s.Category), Name: demo.ChineseName(g.r), Phone: fmt.Sprintf("139%08d", g.r.IntN(1e8))}
}

// answers fills a category's required questions.
func (g *gen) answers(code string) map[string]any {
	c, ok := g.t.app.Category(code)
	if !ok {
		return nil
	}
	var out map[string]any
	for _, a := range c.Attributes {
		if !a.Required {
			continue
		}
		if out == nil {
			out = map[string]any{}
		}
		switch {
		case len(a.Values) > 0:
			out[a.Code] = a.Values[g.r.IntN(len(a.Values))].Key
		case a.Datatype == guanjia.TypeNumber:
			out[a.Code] = float64(1 + g.r.IntN(50))
		default:
			out[a.Code] = "枕水人家民宿"
		}
	}
	return out
}

// loaded is one generated case with its timeline.
type loaded struct {
	c      *guanjia.Case
	events []guanjia.Event
}

// history makes a stored case with a timeline that fits its age.
func (g *gen) history(at time.Time) loaded {
	rep := g.report()
	grid, village, town := g.t.app.Locate(rep.Lat, rep.Lng)
	unit, ok := g.t.app.Route(rep.Category, grid, village, town)
	if !ok {
		unit = "urban"
	}
	c := &guanjia.Case{Jurisdiction: town, Status: guanjia.StatusNew, Category: rep.Category, Priority: 3,
		Lat: rep.Lat, Lng: rep.Lng, Address: rep.Address, Description: rep.Description, Attributes: rep.Attributes,
		Grid: grid, Village: village, Channel: []guanjia.Channel{guanjia.ChannelApp, guanjia.ChannelWeb, guanjia.ChannelPhone, guanjia.ChannelOpen311}[g.r.IntN(4)],
		ReporterName: rep.Name, ReporterPhone: rep.Phone, TrackingHash: fmt.Sprintf("%064x", g.r.Uint64()),
		Followers: 1, Version: 1, CreatedAt: at}
	l := loaded{c: c}
	l.event(at, guanjia.ActionReport, guanjia.StatusNew, c.Description)
	g.advance(&l, unit)
	c.UpdatedAt = l.events[len(l.events)-1].At
	c.Version = len(l.events)
	return l
}

func (l *loaded) event(at time.Time, a guanjia.Action, to guanjia.Status, note string) {
	from := l.c.Status
	if len(l.events) == 0 {
		from = ""
	}
	role, name := guanjia.RoleHandler, "经办人"
	switch a {
	case guanjia.ActionReport, guanjia.ActionVerify:
		role, name = guanjia.RoleResident, ""
	case guanjia.ActionDispatch, guanjia.ActionReject, guanjia.ActionMerge, guanjia.ActionClose:
		role, name = guanjia.RoleSystem, "system" // the close is the sweep's: its note reads in the reader's language
	}
	l.events = append(l.events, guanjia.Event{At: at, Action: a, ActorRole: role, ActorName: name,
		From: from, To: to, Unit: l.c.Unit, Note: note, Public: true})
	l.c.Status = to
}
