package web_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/geo"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestGoThere checks the case page's ways to the reporter and the place:
// staff who may see the reporter get a tel: link and map links, in WGS84
// for geo: and in GCJ-02 for the Chinese map apps; a housekeeper of the
// grid, who sees the case but not the reporter, gets neither.
func TestGoThere(t *testing.T) {
	e := newTestEnv(t, dbtest.SQLite(t))
	ctx := context.Background()
	keeper, err := e.db.GetUserByUsername(ctx, "housekeeper")
	if err != nil {
		t.Fatal(err)
	}
	lat, lng := pointIn(t, e, keeper.Grid)
	rec, err := e.app.Report(ctx, guanjia.Actor{Role: guanjia.RoleAnonymous}, guanjia.Report{Category: "bnb-complaint",
		Lat: lat, Lng: lng, Address: "东栅 3 号 & 后门", Description: "No registration of guests.",
		Attributes: map[string]any{"bnb": "Hill Inn"}, Phone: "13999999999"})
	if err != nil {
		t.Fatal(err)
	}
	glat, glng := geo.WGS84ToGCJ02(lat, lng)
	wgs, gcj := fmt.Sprintf("%.6f,%.6f", lat, lng), fmt.Sprintf("%.6f,%.6f", glat, glng)
	if wgs == gcj {
		t.Fatalf("the GCJ-02 point %s is the WGS84 one", gcj)
	}
	links := []string{`href="tel:13999999999"`, `href="geo:` + wgs + `?q=` + wgs,
		fmt.Sprintf(`href="amapuri://route/plan/?sourceApplication=guanjia&amp;dlat=%.6f&amp;dlon=%.6f&amp;dname=`, glat, glng),
		`href="baidumap://map/direction?destination=latlng:` + gcj + `%7Cname:`, `coord_type=gcj02`,
		`href="qqmap://map/routeplan?type=drive&amp;to=`, `tocoord=` + gcj + `&amp;`, `%E5%90%8E%E9%97%A8`, `%20%26%20`}
	path := "/cases/" + strconv.FormatInt(rec.Case.ID, 10)
	_, page, _ := e.get(e.client("dispatcher"), path)
	for _, want := range links {
		if !strings.Contains(page, want) {
			t.Errorf("the dispatcher's case page lacks %s", want)
		}
	}
	st, page, _ := e.get(e.client("housekeeper"), path)
	if st != 200 || !strings.Contains(page, rec.Case.Number) {
		t.Fatalf("the grid's housekeeper gets status %d without the case", st)
	}
	for _, unwanted := range []string{"tel:", "geo:", "amapuri:", "baidumap:", "qqmap:", "13999999999"} {
		if strings.Contains(page, unwanted) {
			t.Errorf("the housekeeper's case page shows %s", unwanted)
		}
	}
}

// pointIn returns a point of the demo town in the grid.
func pointIn(t *testing.T, e *testEnv, grid string) (lat, lng float64) {
	t.Helper()
	for i := range 40000 {
		lat, lng = 30.70+float64(i%200)*0.0005, 120.44+float64(i/200)*0.0005
		if g, _, _ := e.app.Locate(lat, lng); g == grid {
			return lat, lng
		}
	}
	t.Fatalf("no point of the town lies in grid %s", grid)
	return 0, 0
}
