package demo

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/geo"
)

// Every landmark lies in its own town's generated grids, and no two share
// a name.
func TestLandmarks(t *testing.T) {
	_, wuzhen := mustWuzhen(t)
	grids := wuzhen
	for _, tw := range Towns {
		_, g, err := tw.villages()
		if err != nil {
			t.Fatal(err)
		}
		grids = append(grids, g...)
	}
	ix, err := geo.NewIndex(grids)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	list := Landmarks()
	if n := len(list); n < 20 || n > 50 {
		t.Errorf("%d landmarks", n)
	}
	for _, l := range list {
		if names[l.NameZh] || l.NameZh == "" || l.NameEn == "" || l.Kind == "" {
			t.Errorf("landmark %+v: repeated or unnamed", l)
		}
		names[l.NameZh] = true
		g, ok := ix.Locate(l.Lat, l.Lon)
		if !ok {
			t.Errorf("%s (%f, %f) lies in no grid", l.NameZh, l.Lat, l.Lon)
			continue
		}
		if town := g.Village[:9]; town != l.Town {
			t.Errorf("%s lies in grid %s of town %s, not %s", l.NameZh, g.Code, town, l.Town)
		}
	}
	if Landmarks()[0].Town != Town.Code {
		t.Errorf("Wuzhen's landmarks come first")
	}
}

// A report in the demo's history that names a landmark lies within 50 m
// of it, and says so in its address.
func TestLandmarkCasesLieByIt(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	h := &history{r: r, people: []guanjia.Actor{{Role: guanjia.RoleResident, UserID: 1}}}
	jam := slices.IndexFunc(categories, func(c category) bool { return c.Code == "traffic-jam" })
	found := 0
	for range 300 {
		lat, lng := h.place()
		rep, _ := h.report(&categories[jam], lat, lng)
		if !strings.Contains(rep.Description, "西栅停车场") {
			continue
		}
		found++
		park := Landmarks()[slices.IndexFunc(Landmarks(), func(l Landmark) bool { return l.NameZh == "西栅停车场" })]
		if d := geo.Distance(rep.Lat, rep.Lng, park.Lat, park.Lon); d > 50 || !strings.Contains(rep.Address, "西栅停车场") {
			t.Errorf("a report naming 西栅停车场 lies %.0f m from it, at %q", d, rep.Address)
		}
	}
	if found == 0 {
		t.Errorf("no traffic jam at 西栅停车场 in 300 reports")
	}
}
