package demo

import (
	"testing"

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
