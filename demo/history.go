package demo

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"math/rand/v2"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/store"
)

// history writes cases through the real closed loop with the clock held
// at each step's instant. A case's story stops where its next step would
// be in the future, so recent cases are still open and old ones closed.
type history struct {
	a        *app.App
	db       *store.DB // where the seed writes and reads directly
	opts     Options
	r        *rand.Rand
	handlers map[string]guanjia.Actor // unit → a handler
	leads    map[string]guanjia.Actor
	people   []guanjia.Actor // residents and housekeepers who report
	photos   []string
	dispatch guanjia.Actor
	keepers  map[string][]guanjia.Actor // grid → its housekeepers, see keepersOf
	// here is the other town whose history is being written; nil for Wuzhen.
	here        *town
	dispatchers map[string]guanjia.Actor // town → its dispatcher
	// townKeepers are the other towns' housekeepers, by town: they report
	// and check in their own town's history only.
	townKeepers map[string][]guanjia.Actor
	// spot, when set, draws the points instead of place: an event's surge.
	spot func() (float64, float64)
}

func seedHistory(ctx context.Context, a *app.App, db *store.DB, opts Options) error {
	if opts.Clock == nil {
		return fmt.Errorf("demo history needs the app's Clock")
	}
	defer opts.Clock.Release()
	h := &history{a: a, db: db, opts: opts, r: rand.New(rand.NewPCG(uint64(opts.Seed), 2026)),
		handlers: map[string]guanjia.Actor{}, leads: map[string]guanjia.Actor{}, dispatchers: map[string]guanjia.Actor{},
		townKeepers: map[string][]guanjia.Actor{}}
	if err := h.loadPeople(ctx); err != nil {
		return err
	}
	if err := h.makePhotos(ctx); err != nil {
		return err
	}
	if err := h.days(ctx, opts.PerDay); err != nil {
		return err
	}
	if err := h.conferenceSurge(ctx, opts.PerDay); err != nil {
		return err
	}
	// The other towns have a smaller history: a sixth of Wuzhen's cases.
	for i := range Towns {
		h.here, h.dispatch = &Towns[i], h.dispatchers[Towns[i].Code]
		if err := h.days(ctx, max(1, opts.PerDay/6)); err != nil {
			return err
		}
	}
	if err := h.stalled(ctx); err != nil {
		return err
	}
	opts.Clock.Set(opts.Now)
	_, err := a.Sweep(ctx)
	return err
}

// days writes perDay cases a day, about, in the town here, from
// opts.Days ago up to now.
func (h *history) days(ctx context.Context, perDay int) error {
	start := h.opts.Now.AddDate(0, 0, -h.opts.Days)
	for day := 0; day <= h.opts.Days; day++ { // up to today, as far as now
		date := start.AddDate(0, 0, day)
		n := perDay/2 + h.r.IntN(perDay+1)
		if wd := date.Weekday(); wd == time.Saturday || wd == time.Sunday {
			n += perDay / 3 // weekend visitors
		}
		for _, t := range h.times(date, n) {
			if t.After(h.opts.Now) {
				continue
			}
			if err := h.story(ctx, t); err != nil {
				return err
			}
		}
		if h.here != nil {
			continue // on-the-spot help is Wuzhen's housekeepers'
		}
		if err := h.onSpotDay(ctx, date); err != nil {
			return err
		}
	}
	return nil
}

func (h *history) loadPeople(ctx context.Context) error {
	users, err := h.db.Users(ctx, guanjia.UserFilter{Limit: 10000})
	if err != nil {
		return err
	}
	for _, u := range users {
		act := guanjia.ActorOf(u)
		switch u.Role {
		case guanjia.RoleHandler:
			h.handlers[u.Unit] = act
		case guanjia.RoleUnitLead:
			h.leads[u.Unit] = act
		case guanjia.RoleHousekeeper:
			if u.Jurisdiction != Town.Code {
				h.townKeepers[u.Jurisdiction] = append(h.townKeepers[u.Jurisdiction], act)
				continue
			}
			h.people = append(h.people, act)
		case guanjia.RoleResident:
			h.people = append(h.people, act)
		case guanjia.RoleDispatcher:
			h.dispatchers[u.Jurisdiction] = act
		}
	}
	h.dispatch = h.dispatchers[Town.Code]
	if len(h.people) == 0 || h.dispatch.UserID == 0 {
		return fmt.Errorf("demo accounts missing")
	}
	return nil
}

// times returns n sorted report times on a day, mostly 7:00 to 22:00 local.
func (h *history) times(date time.Time, n int) []time.Time {
	y, m, d := date.In(guanjia.TownZone).Date()
	midnight := time.Date(y, m, d, 0, 0, 0, 0, guanjia.TownZone)
	out := make([]time.Time, n)
	for i := range out {
		hour := 7 + h.r.NormFloat64()*1.5 + float64(h.r.IntN(14))
		out[i] = midnight.Add(time.Duration(math.Max(0, math.Min(23.9, hour)) * float64(time.Hour)))
	}
	sortTimes(out)
	return out
}

func sortTimes(ts []time.Time) {
	for i := 1; i < len(ts); i++ {
		for j := i; j > 0 && ts[j].Before(ts[j-1]); j-- {
			ts[j], ts[j-1] = ts[j-1], ts[j]
		}
	}
}

// pickCategory draws a category by weight.
func (h *history) pickCategory() *category {
	total := 0
	for _, c := range categories {
		total += c.weight
	}
	n := h.r.IntN(total)
	for i := range categories {
		if n -= categories[i].weight; n < 0 {
			return &categories[i]
		}
	}
	return &categories[0]
}

// place draws a point: in Wuzhen, half near the old town, where the
// visitors are; in another town, anywhere in its box.
func (h *history) place() (float64, float64) {
	if h.spot != nil {
		return h.spot()
	}
	if t := h.here; t != nil {
		return t.minLat + (0.02+0.96*h.r.Float64())*t.degree, t.minLng + (0.02+0.96*h.r.Float64())*t.degree
	}
	if h.r.IntN(2) == 0 {
		return Town.Lat + h.r.NormFloat64()*0.006, Town.Lng + h.r.NormFloat64()*0.007
	}
	return 30.695 + h.r.Float64()*0.10, 120.435 + h.r.Float64()*0.10
}

func (h *history) report(c *category, lat, lng float64) (guanjia.Report, guanjia.Actor) {
	rep := guanjia.Report{Category: c.Code, Lat: lat, Lng: lng,
		Description: c.texts[h.r.IntN(len(c.texts))],
		Address:     fmt.Sprintf("%s%s%d号附近", h.townName(), roads[h.r.IntN(len(roads))], 1+h.r.IntN(300)),
		Attributes:  h.answers(c), Channel: guanjia.ChannelApp}
	if l, ok := namedIn(rep.Description); ok && h.here == nil {
		// A report that names a landmark lies by it (no extra draws, so
		// the rest of the history stays as it was).
		rep.Lat, rep.Lng = beside(l, lat, lng)
		rep.Address = fmt.Sprintf("%s%s附近", h.townName(), l.NameZh)
	} else if len(rep.Description)%2 == 0 {
		// About half the other reporters give no address: their cases' place
		// texts come from the landmarks and grids (guanjia.DescribePlace).
		rep.Address = ""
	}
	if h.r.IntN(10) < 4 && len(h.photos) > 0 {
		rep.Photos = []string{h.photos[h.r.IntN(len(h.photos))]}
	}
	if h.r.IntN(2) == 0 {
		rep.Channel = guanjia.ChannelWeb
		rep.Name, rep.Phone = chineseName(h.r), fmt.Sprintf("137%08d", h.r.IntN(1e8))
		return rep, guanjia.Actor{Role: guanjia.RoleAnonymous}
	}
	if h.here != nil {
		if ks := h.townKeepers[h.here.Code]; len(ks) > 0 && h.r.IntN(3) == 0 {
			return rep, ks[h.r.IntN(len(ks))]
		}
	}
	return rep, h.people[h.r.IntN(len(h.people))]
}

// answers fills the category's required questions and some optional ones.
func (h *history) answers(c *category) map[string]any {
	out := map[string]any{}
	for _, at := range c.Attributes {
		if at.Code == guanjia.BnBAttribute {
			continue // the registry's number: demo/bnb_nights.go links some complaints
		}
		if !at.Required && h.r.IntN(2) == 0 {
			continue
		}
		switch at.Datatype {
		case guanjia.TypeSingleValueList:
			out[at.Code] = at.Values[h.r.IntN(len(at.Values))].Key
		case guanjia.TypeMultiValueList:
			out[at.Code] = []any{at.Values[h.r.IntN(len(at.Values))].Key}
		case guanjia.TypeNumber:
			out[at.Code] = float64(5 + h.r.IntN(80))
		case guanjia.TypeDatetime:
			out[at.Code] = "2026-11-01T22:30:00+08:00"
		default:
			out[at.Code] = []string{"浙F·8K2T1", "枕水人家民宿", "西栅小院"}[h.r.IntN(3)]
		}
	}
	return out
}

// makePhotos stores a few generated pictures to attach to cases.
func (h *history) makePhotos(ctx context.Context) error {
	for i := 0; i < 6; i++ {
		img := image.NewRGBA(image.Rect(0, 0, 480, 360))
		base := color.RGBA{uint8(60 + 30*i), uint8(120 + 15*i), uint8(160 - 20*i), 255}
		for y := 0; y < 360; y++ {
			for x := 0; x < 480; x++ {
				shade := uint8((x*y/97 + i*40) % 60)
				img.Set(x, y, color.RGBA{base.R + shade/2, base.G + shade/3, base.B + shade/4, 255})
			}
		}
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			return err
		}
		p, err := h.a.Media().Save(ctx, &buf)
		if err != nil {
			return err
		}
		h.photos = append(h.photos, p.Hash)
	}
	return nil
}
