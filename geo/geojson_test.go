package geo

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
)

const validGeoJSON = `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"code":"330483100200-G01","name":"虹桥村第1网格","village":"330483100200","households":120},
 "geometry":{"type":"Polygon","coordinates":[[[120.45,30.70,3.5],[120.46,30.70,3.5],[120.46,30.71,3.5],[120.45,30.70,3.5]]]}},
{"type":"Feature","id":7,"properties":{"code":"G_2","synthetic":true,"households":null,"colour":"red"},"bbox":[0,0,1,1],
 "geometry":{"type":"MultiPolygon","coordinates":[
  [[[0,0],[10,0],[10,10],[0,10],[0,0]],[[4,4],[6,4],[6,6],[4,4]]],
  [[[20,20],[21,20],[21,21],[20,20]]]]}}
]}`

func TestDecodeGrids(t *testing.T) {
	got, err := DecodeGrids(strings.NewReader(validGeoJSON), 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []guanjia.Grid{{
		Code: "330483100200-G01", Name: "虹桥村第1网格", Village: "330483100200", Households: 120,
		Geometry: []byte(`{"type":"Polygon","coordinates":[[[120.45,30.7],[120.46,30.7],[120.46,30.71],[120.45,30.7]]]}`),
	}, {
		Code: "G_2", Synthetic: true,
		Geometry: []byte(`{"type":"MultiPolygon","coordinates":[[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[4,4],[6,4],[6,6],[4,4]]],[[[20,20],[21,20],[21,21],[20,20]]]]}`),
	}}
	if diff := cmp.Diff(want, got, cmp.Transformer("string", func(b []byte) string { return string(b) })); diff != "" {
		t.Errorf("DecodeGrids (-want +got):\n%s", diff)
	}
}

// feature wraps a feature's members in a FeatureCollection.
func feature(props, geometry string) string {
	return `{"type":"FeatureCollection","features":[{"type":"Feature","properties":` + props + `,"geometry":` + geometry + `}]}`
}

const square1 = `{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}`

func TestDecodeGridsErrors(t *testing.T) {
	tests := []struct {
		name, in string
		maxBytes int64
		wantCode string
		wantMsg  string
	}{
		{"too large", validGeoJSON, 100, guanjia.ETOOLARGE, "The GeoJSON is larger than 100 bytes."},
		{"not json", `{"type":`, 0, guanjia.EINVALID, "The file is not valid JSON (at byte 8)."},
		{"bad syntax", `{"type" 1}`, 0, guanjia.EINVALID, "The file is not valid JSON (at byte 9)."},
		{"array", `[1,2]`, 0, guanjia.EINVALID, "The file is not a GeoJSON FeatureCollection object."},
		{"feature", `{"type":"Feature"}`, 0, guanjia.EINVALID, `The GeoJSON must be a FeatureCollection, not "Feature".`},
		{"no features", `{"type":"FeatureCollection","features":[]}`, 0, guanjia.EINVALID, "The FeatureCollection has no features."},
		{"feature not an object", `{"type":"FeatureCollection","features":[3]}`, 0, guanjia.EINVALID, `Feature 0: it is not a GeoJSON object of type "Feature".`},
		{"properties not an object", feature(`[]`, square1), 0, guanjia.EINVALID, "Feature 0: its properties are not an object."},
		{"no code", feature(`{"name":"x"}`, square1), 0, guanjia.EINVALID, `Feature 0: the "code" property is required.`},
		{"numeric code", feature(`{"code":12}`, square1), 0, guanjia.EINVALID, `Feature 0: the "code" property must be a string.`},
		{"code with space", feature(`{"code":"G 1"}`, square1), 0, guanjia.EINVALID, `Feature 0: the "code" property may hold only letters A-Z, digits, '_' and '-'.`},
		{"long code", feature(`{"code":"`+strings.Repeat("a", 65)+`"}`, square1), 0, guanjia.EINVALID, `Feature 0: the "code" property is longer than 64 characters.`},
		{"long name", feature(`{"code":"G1","name":"`+strings.Repeat("网", 101)+`"}`, square1), 0, guanjia.EINVALID, `Feature 0 (code "G1"): the name is longer than 100 characters.`},
		{"bad village", feature(`{"code":"G1","village":"村/1"}`, square1), 0, guanjia.EINVALID, `Feature 0 (code "G1"): the "village" property may hold only letters A-Z, digits, '_' and '-'.`},
		{"households text", feature(`{"code":"G1","households":"9"}`, square1), 0, guanjia.EINVALID, `Feature 0 (code "G1"): the "households" property must be a number.`},
		{"households fraction", feature(`{"code":"G1","households":9.5}`, square1), 0, guanjia.EINVALID, `Feature 0 (code "G1"): the "households" property must be a whole number from 0 to 1000000.`},
		{"households negative", feature(`{"code":"G1","households":-1}`, square1), 0, guanjia.EINVALID, `Feature 0 (code "G1"): the "households" property must be a whole number from 0 to 1000000.`},
		{"synthetic text", feature(`{"code":"G1","synthetic":"yes"}`, square1), 0, guanjia.EINVALID, `Feature 0 (code "G1"): the "synthetic" property must be true or false.`},
		{"null geometry", feature(`{"code":"G1"}`, `null`), 0, guanjia.EINVALID, `Feature 0 (code "G1"): it has no geometry.`},
		{"point", feature(`{"code":"G1"}`, `{"type":"Point","coordinates":[1,2]}`), 0, guanjia.EINVALID, `Feature 0 (code "G1"): the geometry must be a Polygon or MultiPolygon, not "Point".`},
		{"no type", feature(`{"code":"G1"}`, `{"coordinates":[]}`), 0, guanjia.EINVALID, `Feature 0 (code "G1"): the geometry has no type.`},
		{"line coordinates", feature(`{"code":"G1"}`, `{"type":"Polygon","coordinates":[[0,0],[1,1]]}`), 0, guanjia.EINVALID, `Feature 0 (code "G1"): the Polygon coordinates are not an array of rings of [lng, lat] positions.`},
		{"no rings", feature(`{"code":"G1"}`, `{"type":"Polygon","coordinates":[]}`), 0, guanjia.EINVALID, `Feature 0 (code "G1"): the Polygon has no rings.`},
		{"short ring", feature(`{"code":"G1"}`, `{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}`), 0, guanjia.EINVALID, `Feature 0 (code "G1"): ring 0 has 3 positions; a ring needs at least 4.`},
		{"open ring", feature(`{"code":"G1"}`, `{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}`), 0, guanjia.EINVALID, `Feature 0 (code "G1"): ring 0 is not closed: its last position differs from its first.`},
		{"one number", feature(`{"code":"G1"}`, `{"type":"Polygon","coordinates":[[[0,0],[1],[1,1],[0,0]]]}`), 0, guanjia.EINVALID, `Feature 0 (code "G1"): ring 0 position 1 has fewer than 2 numbers.`},
		{"latitude first", feature(`{"code":"G1"}`, `{"type":"Polygon","coordinates":[[[30,120],[31,120],[31,121],[30,120]]]}`), 0, guanjia.EINVALID, `Feature 0 (code "G1"): ring 0 position 0 [30, 120] is not a longitude in -180..180 and a latitude in -90..90.`},
		{"huge number", feature(`{"code":"G1"}`, `{"type":"Polygon","coordinates":[[[1e999,0],[1,0],[1,1],[0,0]]]}`), 0, guanjia.EINVALID, `Feature 0 (code "G1"): the Polygon coordinates are not an array of rings of [lng, lat] positions.`},
		{"null position", feature(`{"code":"G1"}`, `{"type":"Polygon","coordinates":[[[0,0],[1,0],[null,null],[0,0]]]}`), 0, guanjia.EINVALID, `Feature 0 (code "G1"): the Polygon coordinates are not an array of rings of [lng, lat] positions.`},
		{"null coordinates", feature(`{"code":"G1"}`, `{"type":"MultiPolygon","coordinates":null}`), 0, guanjia.EINVALID, `Feature 0 (code "G1"): the MultiPolygon coordinates are not an array of polygons of [lng, lat] positions.`},
		{"empty multipolygon", feature(`{"code":"G1"}`, `{"type":"MultiPolygon","coordinates":[]}`), 0, guanjia.EINVALID, `Feature 0 (code "G1"): the MultiPolygon has no polygons.`},
		{"multipolygon hole open", feature(`{"code":"G1"}`, `{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[0,0],[1,0],[1,1],[0,0]],[[0,0],[1,0],[1,1],[0,1]]]]}`), 0, guanjia.EINVALID, `Feature 0 (code "G1"): polygon 1 ring 1 is not closed: its last position differs from its first.`},
		{"multipolygon no rings", feature(`{"code":"G1"}`, `{"type":"MultiPolygon","coordinates":[[]]}`), 0, guanjia.EINVALID, `Feature 0 (code "G1"): polygon 0 has no rings.`},
		{"duplicate code", `{"type":"FeatureCollection","features":[
			{"type":"Feature","properties":{"code":"G1"},"geometry":` + square1 + `},
			{"type":"Feature","properties":{"code":"G2"},"geometry":` + square1 + `},
			{"type":"Feature","properties":{"code":"G1"},"geometry":` + square1 + `}]}`, 0, guanjia.EINVALID, `Feature 2 (code "G1"): the code is already used by feature 0.`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			grids, err := DecodeGrids(strings.NewReader(tt.in), tt.maxBytes)
			var e *guanjia.Error
			if !errors.As(err, &e) {
				t.Fatalf("DecodeGrids = %d grids, error %v; want a *guanjia.Error", len(grids), err)
			}
			if diff := cmp.Diff([2]string{tt.wantCode, tt.wantMsg}, [2]string{e.Code, e.Message()}); diff != "" {
				t.Errorf("code and message (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEncodeGridsRoundTrip(t *testing.T) {
	grids := newTiling(t, 3, 2)
	grids[0].Name, grids[0].Village, grids[0].Households, grids[0].Synthetic = "第1网格", "330483100200", 250, true
	var buf bytes.Buffer
	if err := EncodeGrids(&buf, grids); err != nil {
		t.Fatal(err)
	}
	got, err := DecodeGrids(&buf, 0)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(grids, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

func TestEncodeGridsNoGeometry(t *testing.T) {
	var buf bytes.Buffer
	if err := EncodeGrids(&buf, []guanjia.Grid{{Code: "G1"}}); err != nil {
		t.Fatal(err)
	}
	want := `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,` +
		`"properties":{"code":"G1","name":"","village":"","households":0,"synthetic":false}}]}` + "\n"
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("EncodeGrids (-want +got):\n%s", diff)
	}
}

func FuzzDecodeGrids(f *testing.F) {
	f.Add([]byte(validGeoJSON))
	f.Add([]byte(feature(`{"code":"G1","households":3}`, square1)))
	f.Add([]byte(feature(`{"code":"G1"}`, `{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]]]}`)))
	var buf bytes.Buffer
	if err := EncodeGrids(&buf, newTiling(f, 2, 2)); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		grids, err := DecodeGrids(bytes.NewReader(data), 1<<20)
		if err != nil {
			if code := guanjia.ErrorCode(err); code != guanjia.EINVALID && code != guanjia.ETOOLARGE {
				t.Fatalf("error %v has code %q", err, code)
			}
			return
		}
		checkDecoded(t, grids)
	})
}

// checkDecoded checks what DecodeGrids promises of grids it accepts: they
// are indexable and survive a round trip unchanged.
func checkDecoded(t *testing.T, grids []guanjia.Grid) {
	t.Helper()
	if len(grids) == 0 {
		t.Fatal("no grids and no error")
	}
	ix, err := NewIndex(grids)
	if err != nil {
		t.Fatalf("NewIndex: %v", err)
	}
	minLat, minLng, _, _ := ix.Bounds()
	ix.Locate(minLat, minLng)
	var buf bytes.Buffer
	if err := EncodeGrids(&buf, grids); err != nil {
		t.Fatalf("EncodeGrids: %v", err)
	}
	again, err := DecodeGrids(&buf, 0)
	if err != nil {
		t.Fatalf("decoding the encoded grids: %v", err)
	}
	if diff := cmp.Diff(grids, again); diff != "" {
		t.Fatalf("round trip (-want +got):\n%s", diff)
	}
}
