package geo

import (
	"testing"

	"github.com/guanjia/guanjia"
)

// FuzzParseArea: whatever is pasted, ParseArea either refuses it with an
// EINVALID error or returns an area that parses again to itself and whose
// containment test does not panic.
func FuzzParseArea(f *testing.F) {
	for _, s := range []string{
		`{"type":"Polygon","coordinates":[[[120.48,30.74],[120.49,30.74],[120.49,30.75],[120.48,30.74]]]}`,
		`{"type":"Feature","geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]]]},"properties":{}}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}`,
		`{"type":"Polygon","coordinates":[[[0,0],[1,1],[2,2],[0,0]]]}`,
		`{"type":"Point","coordinates":[0,0]}`, `[]`, `null`, `{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1]]]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		area, err := ParseArea(data)
		if err != nil {
			if guanjia.ErrorCode(err) != guanjia.EINVALID {
				t.Fatalf("ParseArea(%q) = %v, want EINVALID", data, err)
			}
			return
		}
		again, err := ParseArea(area)
		if err != nil || string(again) != string(area) {
			t.Fatalf("ParseArea(%s) = %s, %v; want itself", area, again, err)
		}
		AreaContains(area, 30.745, 120.485)
	})
}

func TestParseAreaContains(t *testing.T) {
	area, err := ParseArea([]byte(`{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[120.48,30.74],[120.49,30.74],[120.49,30.75],[120.48,30.75],[120.48,30.74]]]}}`))
	if err != nil {
		t.Fatal(err)
	}
	if !AreaContains(area, 30.745, 120.485) || AreaContains(area, 30.76, 120.485) {
		t.Errorf("AreaContains: inside/outside wrong for %s", area)
	}
	if _, err := ParseArea([]byte(`{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1]]]}`)); guanjia.ErrorCode(err) != guanjia.EINVALID {
		t.Errorf("an open ring: %v, want EINVALID", err)
	}
}
