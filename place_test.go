package guanjia

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
)

// at returns the point metres away from (lat, lng) in the direction bearing.
func at(lat, lng, metres, bearing float64) (float64, float64) {
	north := metres * cosd(bearing) / metresPerDegree
	east := metres * sind(bearing) / (metresPerDegree * cosd(lat))
	return lat + north, lng + east
}

func TestDescribePlace(t *testing.T) {
	park := Place{Kind: PlaceLandmark, NameZh: "西栅停车场", NameEn: "Xizha car park", Lat: 30.7480, Lng: 120.4790}
	hall := Place{Kind: PlaceLandmark, NameZh: "乌镇镇政府", NameEn: "Wuzhen town hall", Lat: 30.7400, Lng: 120.4900}
	grid := &PlaceArg{Zh: "白莲塔村第3网格", En: "grid 3 of Bailianta Village"}
	tests := []struct {
		name            string
		metres, bearing float64
		nearby          []Place
		area            *PlaceArg
		zh, en          string
	}{
		{"east, with grid", 82, 91, []Place{park, hall}, grid, "西栅停车场东 80 米，白莲塔村第3网格", "80 m east of Xizha car park, grid 3 of Bailianta Village"},
		{"northwest, rounded to 10", 137, 314, []Place{hall, park}, grid, "西栅停车场西北 140 米，白莲塔村第3网格", "140 m northwest of Xizha car park, grid 3 of Bailianta Village"},
		{"south, rounded to 50", 377, 181, []Place{park}, grid, "西栅停车场南 400 米，白莲塔村第3网格", "400 m south of Xizha car park, grid 3 of Bailianta Village"},
		{"southwest, no grid", 60, 225, []Place{park}, nil, "西栅停车场西南 60 米", "60 m southwest of Xizha car park"},
		{"beside", 9, 10, []Place{park}, grid, "西栅停车场旁，白莲塔村第3网格", "by Xizha car park, grid 3 of Bailianta Village"},
		{"beside, no grid", 3, 200, []Place{park}, nil, "西栅停车场旁", "by Xizha car park"},
		{"no landmark nearby: grid only", 900, 0, []Place{park}, grid, "白莲塔村第3网格", "in grid 3 of Bailianta Village"},
		{"no landmark at all", 10, 0, nil, grid, "白莲塔村第3网格", "in grid 3 of Bailianta Village"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lat, lng := at(park.Lat, park.Lng, tt.metres, tt.bearing)
			pt := DescribePlace(lat, lng, tt.nearby, tt.area)
			if pt == nil {
				t.Fatal("no place text")
			}
			if got := render(pt, "zh"); got != tt.zh {
				t.Errorf("zh: got %q, want %q", got, tt.zh)
			}
			if got := render(pt, "en"); got != tt.en {
				t.Errorf("en: got %q, want %q", got, tt.en)
			}
			back := UnmarshalPlaceText(MarshalPlaceText(pt))
			if back == nil || render(back, "zh") != tt.zh {
				t.Errorf("stored and read back: %+v", back)
			}
		})
	}
	if pt := DescribePlace(31, 121, []Place{park}, nil); pt != nil {
		t.Errorf("far from everything, in no grid: got %+v, want none", pt)
	}
}

// render stands in for i18n, which the root package may not import: the
// Chinese formats and directions of the catalogue.
func render(pt *PlaceText, lang string) string {
	format, args := pt.Key, pt.Values(lang)
	if lang == "zh" {
		format = map[string]string{PlaceKeyOffsetIn: "%[3]s%[2]s %[1]d 米，%[4]s", PlaceKeyOffset: "%[3]s%[2]s %[1]d 米",
			PlaceKeyByIn: "%[1]s旁，%[2]s", PlaceKeyBy: "%[1]s旁", PlaceKeyIn: "%[1]s"}[format]
		dirs := map[string]string{"north": "北", "northeast": "东北", "east": "东", "southeast": "东南", "south": "南", "southwest": "西南", "west": "西", "northwest": "西北"}
		for i, a := range args {
			if s, ok := a.(string); ok && dirs[s] != "" {
				args[i] = dirs[s]
			}
		}
	}
	return fmt.Sprintf(format, args...)
}

func TestDirection(t *testing.T) {
	for b, want := range map[float64]string{0: "north", 22: "north", 23: "northeast", 90: "east", 134: "southeast",
		180: "south", 200: "south", 250: "west", 300: "northwest", 337.4: "northwest", 337.6: "north", 359.9: "north"} {
		if got := Direction(b); got != want {
			t.Errorf("Direction(%v) = %s, want %s", b, got, want)
		}
	}
	// offset agrees: a point due east is east.
	if _, b := offset(30, 120, 30, 120.001); Direction(b) != "east" {
		t.Errorf("bearing due east = %v", b)
	}
}

func TestRoundMetres(t *testing.T) {
	for m, want := range map[float64]int{16: 20, 84: 80, 85: 90, 194: 190, 196: 200, 224: 200, 226: 250, 499: 500} {
		if got := roundMetres(m); got != want {
			t.Errorf("roundMetres(%v) = %d, want %d", m, got, want)
		}
	}
}

func TestPlaceReadings(t *testing.T) {
	full, initials := PlaceReadings("西栅停车场")
	if !strings.Contains(" "+full+" ", " xizhatingchechang ") {
		t.Errorf("full pinyin %q lacks xizhatingchechang", full)
	}
	// 栅 is zha or shan: both readings' initials are indexed.
	for _, want := range []string{"xztcc", "xstcc"} {
		if !strings.Contains(" "+initials+" ", " "+want+" ") {
			t.Errorf("initials %q lack %s", initials, want)
		}
	}
	if f, i := PlaceReadings("第3网格 B"); !strings.HasPrefix(f, "di3wangge") || !strings.HasPrefix(i, "d3wgb") {
		t.Errorf("digits and letters: %q %q", f, i)
	}
	// A name of many heteronyms keeps a bounded number of readings.
	if f, _ := PlaceReadings("长长长长长长长长长长"); len(strings.Fields(f)) > maxReadings {
		t.Errorf("%d readings", len(strings.Fields(f)))
	}
}

func TestRankPlaces(t *testing.T) {
	mk := func(kind, zh, en string) Place {
		p := Place{Kind: kind, NameZh: zh, NameEn: en}
		p.Pinyin, p.Initials = PlaceReadings(zh)
		return p
	}
	places := []Place{
		mk(PlaceLandmark, "西栅停车场", "Xizha car park"),
		mk(PlaceLandmark, "西栅景区", "Xizha scenic area"),
		mk(PlaceVillage, "西栅村", "Xizha Village"),
		mk(PlaceGrid, "白莲塔村第3网格", "grid 3 of Bailianta Village"),
		mk(PlaceLandmark, "东栅停车场", "Dongzha car park"),
	}
	tests := []struct{ q, first string }{
		{"xzt", "西栅停车场"},   // initials
		{"XZT", "西栅停车场"},   // any case
		{"西栅停车场", "西栅停车场"}, // exact Chinese
		{"xizhatingchechang", "西栅停车场"},
		{"xi zha ting", "西栅停车场"}, // full pinyin with spaces
		{"停车场", "东栅停车场"},         // substring; the shorter first, then by name
		{"西栅", "西栅景区"},           // prefix: landmarks first, then the shorter name
		{"bailianta", "白莲塔村第3网格"},
		{"grid 3", "白莲塔村第3网格"},
		{"xizha car", "西栅停车场"},
	}
	for _, tt := range tests {
		q, ok := ParsePlaceQuery(tt.q)
		if !ok {
			t.Fatalf("%q: empty", tt.q)
		}
		got := RankPlaces(q, places, 5)
		if len(got) == 0 || got[0].NameZh != tt.first {
			t.Errorf("%q: got %v, want %s first", tt.q, names(got), tt.first)
		}
	}
	q, _ := ParsePlaceQuery("xzt")
	if got := RankPlaces(q, places, 5); len(got) != 1 {
		t.Errorf("xzt matches only 西栅停车场, got %v", names(got))
	}
	q, _ = ParsePlaceQuery("zzz")
	if got := RankPlaces(q, places, 5); len(got) != 0 {
		t.Errorf("zzz matches %v", names(got))
	}
	if _, ok := ParsePlaceQuery("  ' "); ok {
		t.Error("a blank query is not a query")
	}
}

func names(ps []Place) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.NameZh)
	}
	return out
}

func TestGridName(t *testing.T) {
	v := &Village{Code: "1", Name: "白莲塔村", NameEN: "Bailianta Village"}
	if got := GridName(&Grid{Name: "白莲塔村第3网格"}, v); got.En != "grid 3 of Bailianta Village" || got.Zh != "白莲塔村第3网格" {
		t.Errorf("got %+v", got)
	}
	if got := GridName(&Grid{Name: "老街片区"}, v); got.En != "老街片区" {
		t.Errorf("a name of another shape stays: %+v", got)
	}
}

func TestParsePlaces(t *testing.T) {
	csv := "town,kind,id,name_zh,name_en,lat,lon\n" +
		"330483100,landmark,p1,西栅停车场,Xizha car park,30.748,120.479\n" +
		"330483100,address,,昌平路 88 号,,30.745,120.49\n"
	ps, err := ParsePlaces(strings.NewReader(csv))
	if err != nil || len(ps) != 2 {
		t.Fatalf("csv: %v %v", ps, err)
	}
	if ps[0].Key != "p1" || ps[1].Key != "昌平路 88 号" || !strings.Contains(ps[0].Initials, "xztcc") {
		t.Errorf("csv places: %+v", ps)
	}
	gj := `{"type":"FeatureCollection","features":[
{"type":"Feature","geometry":{"type":"Point","coordinates":[120.479,30.748]},"properties":{"kind":"landmark","name_zh":"西栅停车场","name_en":"Xizha car park","id":7}}
]}`
	ps, err = ParsePlaces(strings.NewReader(gj))
	if err != nil || len(ps) != 1 || ps[0].Lat != 30.748 || ps[0].Lng != 120.479 || ps[0].Key != "7" {
		t.Fatalf("geojson: %+v %v", ps, err)
	}
	bad := []struct{ file, want string }{
		{"kind,name_zh,lat,lon\nlandmark,甲,30,120\nlandmark,,30,120\n", "Line 3: A place needs a Chinese name"},
		{"kind,name_zh,lat,lon\nlandmark,甲,30,120\ngrid,乙,30,120\n", "Line 3: The kind \"grid\" is neither"},
		{"kind,name_zh,lat,lon\nlandmark,甲,north,120\n", "Line 2: The place needs lat and lon"},
		{"kind,name_zh,lat,lon\nlandmark,甲,95,120\n", "Line 2: The point 95, 120 is not on the map"},
		{"kind,name,lat\n", "needs the columns"},
		{"kind,name_zh,lat,lon\nlandmark,\"甲,30,120\n", "Line 2: the row is not valid CSV"},
		{"{\"type\":\"FeatureCollection\",\"features\":[\n{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[120,30]},\"properties\":{\"kind\":\"landmark\",\"name_zh\":\"甲\"}},\n{\"type\":\"Feature\",\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[120,30],[121,31]]},\"properties\":{}}\n]}", "Line 3: A place's geometry must be a Point"},
		{"{\"features\": 3}", "not a GeoJSON FeatureCollection"},
	}
	for _, b := range bad {
		_, err := ParsePlaces(strings.NewReader(b.file))
		var e *Error
		if !errors.As(err, &e) || e.Code != EINVALID || !strings.Contains(e.Message(), b.want) {
			t.Errorf("%q: got %v, want EINVALID with %q", b.file, err, b.want)
		}
	}
}

func FuzzParsePlaces(f *testing.F) {
	f.Add("kind,name_zh,name_en,lat,lon\nlandmark,西栅停车场,Xizha car park,30.748,120.479\n")
	f.Add("kind,name_zh,lat,lon\naddress,\"a,b\",1,2\n\"x")
	f.Add(`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[120,30]},"properties":{"kind":"landmark","name":"甲"}}]}`)
	f.Add(`{"features":[{"geometry":{"type":"Point","coordinates":[1e999,"x"]}}]}`)
	f.Fuzz(func(t *testing.T, s string) {
		ps, err := ParsePlaces(strings.NewReader(s))
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Code != EINVALID {
				t.Fatalf("error not EINVALID: %v", err)
			}
			return
		}
		for _, p := range ps {
			if !PlaceImported(p.Kind) || p.NameZh == "" || p.Key == "" || !ValidText(p.NameZh) || !ValidText(p.NameEn) ||
				p.Lat < -90 || p.Lat > 90 || p.Lng < -180 || p.Lng > 180 {
				t.Fatalf("accepted a bad place: %+v", p)
			}
		}
	})
}

func cosd(d float64) float64 { return math.Cos(d * math.Pi / 180) }
func sind(d float64) float64 { return math.Sin(d * math.Pi / 180) }

func FuzzPlaceQuery(f *testing.F) {
	for _, s := range []string{"xzt", "西栅停车场", " Xi'an ", "%_\\", "\x00\xff", strings.Repeat("长", 80)} {
		f.Add(s)
	}
	p := Place{Kind: PlaceLandmark, NameZh: "西栅停车场", NameEn: "Xizha Car Park"}
	p.Pinyin, p.Initials = PlaceReadings(p.NameZh)
	f.Fuzz(func(t *testing.T, s string) {
		q, ok := ParsePlaceQuery(s)
		if !ok {
			return
		}
		if q.Compact == "" || len([]rune(q.Text)) > 50 || strings.ContainsAny(q.Compact, " '") {
			t.Fatalf("query %q: %+v", s, q)
		}
		RankPlaces(q, []Place{p}, PlaceSearchLimit)
		PlaceReadings(s)
	})
}
