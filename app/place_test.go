package app_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/demo"
	"github.com/guanjia/guanjia/geo"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
	"github.com/guanjia/guanjia/store"
)

// placesCSV has a car park in Puyuan whose initials are those of the demo's
// 西栅停车场 in Wuzhen (新镇停车场: xztcc), and an address in Wuzhen.
func placesCSV() string {
	return "town,kind,id,name_zh,name_en,lat,lon\n" +
		fmt.Sprintf("%s,landmark,xz-park,新镇停车场,Xinzhen car park,%.6f,%.6f\n", puyuan, puyuanLat, puyuanLng) +
		fmt.Sprintf("%s,address,,石佛南路 18 号,18 Shifo South Road,%.6f,%.6f\n", wuzhen, wuzhenLat+0.01, wuzhenLng)
}

func importPlaces(t *testing.T, a *app.App, file string) (int, int) {
	t.Helper()
	added, replaced, err := a.ImportPlaces(context.Background(), guanjia.SystemActor, strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	return added, replaced
}

// TestPlaceSearch: places are found by Chinese, by full pinyin and by
// pinyin initials, on both engines; a search stays in one town unless
// it asks for all, and a town's staff never reach another town's places.
// The villages and grids of the geography are in the gazetteer by
// themselves. Importing the same file again replaces, adding nothing.
func TestPlaceSearch(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, _ := newApp(t, dsn)
		ctx := context.Background()
		if added, replaced := importPlaces(t, a, placesCSV()); added != 2 || replaced != 0 {
			t.Fatalf("first import: added %d, replaced %d", added, replaced)
		}
		if added, replaced := importPlaces(t, a, placesCSV()); added != 0 || replaced != 2 {
			t.Fatalf("second import: added %d, replaced %d; want it idempotent", added, replaced)
		}
		dispatcher := func(town string) guanjia.Actor {
			return guanjia.Actor{UserID: 1, Role: guanjia.RoleDispatcher, Jurisdiction: town}
		}
		anyone := guanjia.Actor{Role: guanjia.RoleAnonymous}
		tests := []struct {
			name    string
			actor   guanjia.Actor
			q, town string
			want    []string // the names found, best first (a prefix of the result)
			only    bool     // and nothing else
		}{
			{"initials", anyone, "xzt", wuzhen, []string{"西栅停车场"}, true},
			{"initials in the other town", anyone, "xzt", puyuan, []string{"新镇停车场"}, true},
			{"initials in every town when asked", anyone, "xztcc", "all", []string{"西栅停车场", "新镇停车场"}, true},
			{"Chinese", anyone, "西栅停车场", wuzhen, []string{"西栅停车场"}, true},
			{"Chinese, part", anyone, "停车场", wuzhen, []string{"东栅停车场", "西栅停车场", "会展中心停车场"}, true},
			{"full pinyin", anyone, "xizhatingchechang", wuzhen, []string{"西栅停车场"}, true},
			{"full pinyin with spaces", anyone, "Xi Zha Ting", wuzhen, []string{"西栅停车场"}, true},
			{"English", anyone, "shifo south", wuzhen, []string{"石佛南路 18 号"}, true},
			{"a village of the geography", anyone, "虹桥村", wuzhen, []string{"虹桥村"}, false},
			{"a grid of the geography", anyone, "虹桥村第1网格", wuzhen, []string{"虹桥村第1网格"}, false},
			{"the home town when none is asked", anyone, "xzt", "", []string{"西栅停车场"}, true},
			{"a town's staff in their town", dispatcher(puyuan), "xzt", "", []string{"新镇停车场"}, true},
			{"a town's staff asking for all", dispatcher(puyuan), "xzt", "all", []string{"新镇停车场"}, true},
			{"the county's staff asking for all", dispatcher(county), "xzt", "all", []string{"西栅停车场", "新镇停车场"}, true},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := a.SearchPlaces(ctx, tt.actor, tt.q, tt.town)
				if err != nil {
					t.Fatal(err)
				}
				var names []string
				for _, p := range got {
					names = append(names, p.NameZh)
				}
				if len(names) < len(tt.want) || tt.only && len(names) != len(tt.want) {
					t.Fatalf("got %v, want %v", names, tt.want)
				}
				for i, w := range tt.want {
					if names[i] != w && !(tt.town == "all" && contains(names, w)) {
						t.Errorf("got %v, want %v", names, tt.want)
					}
				}
			})
		}
		if _, err := a.SearchPlaces(ctx, dispatcher(puyuan), "xzt", wuzhen); guanjia.ErrorCode(err) != guanjia.ENOTFOUND {
			t.Errorf("Puyuan's dispatcher searching Wuzhen: %v, want ENOTFOUND", err)
		}
		if _, err := a.SearchPlaces(ctx, anyone, "xzt", "nowhere"); guanjia.ErrorCode(err) != guanjia.ENOTFOUND {
			t.Errorf("an unknown town: %v, want ENOTFOUND", err)
		}
		if _, err := a.SearchPlaces(ctx, anyone, "  ", ""); guanjia.ErrorCode(err) != guanjia.EINVALID {
			t.Errorf("a blank query: %v, want EINVALID", err)
		}
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestImportPlacesRefused: only administrators import, each into the
// towns they may edit; a bad row is refused with its line and nothing of
// the file is stored.
func TestImportPlacesRefused(t *testing.T) {
	a, _ := newApp(t, dbtest.SQLite(t))
	ctx := context.Background()
	file := placesCSV()
	for _, tt := range []struct {
		actor guanjia.Actor
		code  string
	}{
		{guanjia.Actor{UserID: 1, Role: guanjia.RoleDispatcher, Jurisdiction: wuzhen}, guanjia.EFORBIDDEN},
		{guanjia.Actor{UserID: 1, Role: guanjia.RoleAdmin, Jurisdiction: wuzhen}, guanjia.ENOTFOUND}, // the file has a Puyuan row
	} {
		if _, _, err := a.ImportPlaces(ctx, tt.actor, strings.NewReader(file)); guanjia.ErrorCode(err) != tt.code {
			t.Errorf("%s of %s: %v, want %s", tt.actor.Role, tt.actor.Jurisdiction, err, tt.code)
		}
	}
	bad := file + "330483100,landmark,,,,30.7,120.4\n"
	_, _, err := a.ImportPlaces(ctx, guanjia.SystemActor, strings.NewReader(bad))
	var e *guanjia.Error
	if guanjia.ErrorCode(err) != guanjia.EINVALID || !errors.As(err, &e) || !strings.HasPrefix(e.Message(), "Line 4: ") {
		t.Errorf("a bad row: %v", err)
	}
	if got, _ := a.SearchPlaces(ctx, guanjia.SystemActor, "新镇停车场", "all"); len(got) != 0 {
		t.Errorf("a refused file stored %d places", len(got))
	}
}

// TestPlaceTextAtIntake: a case reported at a bare point gets a place
// text from the nearest landmark and its grid; one with an address keeps
// the reporter's words alone; cases of before the landmarks get theirs
// in the job after the import, as do those that named the grid alone.
func TestPlaceTextAtIntake(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, _ := newApp(t, dsn)
		ctx := context.Background()
		grids, err := a.Grids(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// A point in a grid of Hongqiao village, over 600 m from every
		// landmark of the demo.
		var grid guanjia.Grid
		var lat, lng float64
		for _, g := range grids {
			if g.Jurisdiction != wuzhen || !strings.HasPrefix(g.Name, "虹桥村") {
				continue
			}
			lat, lng = pointIn(t, a, g.Code)
			if farFromLandmarks(lat, lng, 600) {
				grid = g
				break
			}
		}
		if grid.Code == "" {
			t.Fatal("no grid of Hongqiao far from the landmarks")
		}
		before := mustReport(t, a, guanjia.Report{Category: "garbage", Lat: lat, Lng: lng}).Case
		if before.Place == nil || before.Place.Key != guanjia.PlaceKeyIn || before.Place.Args[0].Zh != grid.Name {
			t.Fatalf("before any landmark: the place text is %+v, want the grid %s alone", before.Place, grid.Name)
		}
		// The car park 80 m west of the point: the case is 80 m east of it.
		parkLng := lng - 80/(111195*math.Cos(lat*math.Pi/180))
		file := "town,kind,id,name_zh,name_en,lat,lon\n" +
			fmt.Sprintf("%s,landmark,p,西栅停车场,Xizha car park,%.7f,%.7f\n", wuzhen, lat, parkLng)
		importPlaces(t, a, file)
		c := mustReport(t, a, guanjia.Report{Category: "garbage", Lat: lat, Lng: lng}).Case
		// The case of before the import is told again: the grid alone was all there was.
		if again, err := a.Case(ctx, guanjia.SystemActor, before.ID); err != nil || again.Place == nil || again.Place.Key != guanjia.PlaceKeyOffsetIn {
			t.Errorf("the case of before the landmark: %+v (%v), want it told from the landmark", again.Place, err)
		}
		want := &guanjia.PlaceText{Key: guanjia.PlaceKeyOffsetIn, Args: []guanjia.PlaceArg{{N: 80}, {Word: "east"},
			{Zh: "西栅停车场", En: "Xizha car park"}, {Zh: grid.Name, En: "grid " + strings.TrimSuffix(strings.TrimPrefix(grid.Name, "虹桥村第"), "网格") + " of Hongqiao Village"}}}
		if got := c.Place; got == nil || fmt.Sprint(*got) != fmt.Sprint(*want) {
			t.Errorf("place text %+v, want %+v", got, want)
		}
		stored, err := a.Case(ctx, guanjia.SystemActor, c.ID)
		if err != nil || stored.Place == nil || fmt.Sprint(*stored.Place) != fmt.Sprint(*want) {
			t.Errorf("stored place text %+v (%v)", stored.Place, err)
		}
		told := mustReport(t, a, guanjia.Report{Category: "garbage", Lat: lat, Lng: lng, Address: "桥边"}).Case
		if told.Place != nil {
			t.Errorf("a case with the reporter's address got a place text too: %+v", told.Place)
		}
	})
}

// TestFillPlaces: the one-off job gives the cases of before the gazetteer
// (no address, no place text) theirs, and leaves the others be.
func TestFillPlaces(t *testing.T) {
	a, db, _ := testenv.App(t, dbtest.SQLite(t))
	ctx := context.Background()
	c := mustReport(t, a, guanjia.Report{Category: "garbage", Lat: wuzhenLat, Lng: wuzhenLng}).Case
	// As a case of before the gazetteer: no place text.
	err := db.Tx(ctx, func(tx *store.Tx) error {
		old, err := tx.GetCase(ctx, c.ID)
		if err != nil {
			return err
		}
		old.Place = nil
		old.Version++
		return tx.UpdateCase(ctx, old, old.Version-1)
	})
	if err != nil {
		t.Fatal(err)
	}
	n, err := a.FillPlaces(ctx)
	if err != nil || n != 1 {
		t.Fatalf("filled %d (%v), want 1", n, err)
	}
	got, _ := a.Case(ctx, guanjia.SystemActor, c.ID)
	if got.Place == nil {
		t.Error("no place text after the job")
	}
	if n, _ := a.FillPlaces(ctx); n != 0 {
		t.Errorf("a second run filled %d", n)
	}
}

// farFromLandmarks reports whether the point is more than metres from
// every landmark of the demo.
func farFromLandmarks(lat, lng, metres float64) bool {
	for _, l := range demo.Landmarks() {
		if geo.Distance(lat, lng, l.Lat, l.Lon) <= metres {
			return false
		}
	}
	return true
}

// BenchmarkSearchPlaces searches a gazetteer of 5,000 landmarks in one
// town (besides the demo's villages and grids) by pinyin initials and by
// Chinese, on SQLite.
func BenchmarkSearchPlaces(b *testing.B) {
	a, _, _ := testenv.App(b, dbtest.SQLite(b))
	ctx := context.Background()
	chars := []rune("西东南北栅桥村路街巷河塘湾港新老大小文化公园停车场学校医院市场超市饭店宾馆")
	places := make([]guanjia.Place, 5000)
	for i := range places {
		name := make([]rune, 4)
		for j := range name {
			name[j] = chars[(i*7+j*13+i/len(chars))%len(chars)]
		}
		places[i] = guanjia.Place{Town: wuzhen, Kind: guanjia.PlaceLandmark, Key: fmt.Sprint(i), NameZh: string(name) + fmt.Sprint(i),
			Lat: 30.70 + float64(i%100)*0.001, Lng: 120.45 + float64(i/100)*0.001}
	}
	if _, _, err := a.AddPlaces(ctx, guanjia.SystemActor, places); err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{"xzt", "停车场"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				if _, err := a.SearchPlaces(ctx, guanjia.SystemActor, q, wuzhen); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkReportPlaceText is BenchmarkReport's serial intake of a report
// with an address (no place text to tell) and of one at a bare point,
// whose place text is told from the landmarks near and its grid.
func BenchmarkReportPlaceText(b *testing.B) {
	for _, address := range []string{"乌镇镇子夜路1号附近", ""} {
		name := map[bool]string{true: "address", false: "bare-point"}[address != ""]
		b.Run(name, func(b *testing.B) {
			a, _, _ := testenv.App(b, dbtest.SQLite(b))
			ctx := context.Background()
			i := 0
			for b.Loop() {
				// Around the old town, among the demo's landmarks.
				rep := guanjia.Report{Category: "garbage", Lat: 30.740 + float64(i%50)*0.0002, Lng: 120.475 + float64(i%70)*0.0003,
					Description: "路边堆了一大堆生活垃圾，已经有异味了。", Address: address}
				if _, err := a.Report(ctx, resident, rep); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}
