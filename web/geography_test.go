package web

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
)

// TestTownMapOutline checks that a village's outline is the edges of its
// grids that no two of them share, chained into one closed line.
func TestTownMapOutline(t *testing.T) {
	square := func(x0 float64) []byte {
		return []byte(`{"type":"Polygon","coordinates":[[[` + f(x0) + `,0],[` + f(x0+1) + `,0],[` + f(x0+1) + `,1],[` + f(x0) + `,1],[` + f(x0) + `,0]]]}`)
	}
	grids := []guanjia.Grid{
		{Code: "g1", Name: "One", Village: "v", Geometry: square(0)},
		{Code: "g2", Name: "Two", Village: "v", Geometry: square(1)},
	}
	m, err := newTownMap(grids, []guanjia.Village{{Code: "v", Name: "村", NameEN: "Village"}})
	if err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Features []struct {
			Geometry struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
			Properties featureProps `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal(m.json, &fc); err != nil {
		t.Fatal(err)
	}
	var kinds []string
	var outline [][][2]float64
	for _, f := range fc.Features {
		kinds = append(kinds, f.Properties.Kind+":"+f.Geometry.Type)
		if f.Properties.Kind == "village" {
			json.Unmarshal(f.Geometry.Coordinates, &outline)
		}
	}
	if diff := cmp.Diff([]string{"grid:MultiPolygon", "grid:MultiPolygon", "village:MultiLineString", "label:Point"}, kinds); diff != "" {
		t.Errorf("features (-want +got):\n%s", diff)
	}
	if len(outline) != 1 || len(outline[0]) != 7 || outline[0][0] != outline[0][6] {
		t.Errorf("outline = %v; want one closed line round both squares (6 edges)", outline)
	}
	for _, p := range outline[0] {
		if p == [2]float64{1, 0.5} {
			t.Errorf("the outline runs along the shared edge: %v", outline)
		}
	}
	again, _ := newTownMap(grids, []guanjia.Village{{Code: "v", Name: "村", NameEN: "Village"}})
	if again.version != m.version {
		t.Error("the same geography encodes differently twice")
	}
}

func f(x float64) string { b, _ := json.Marshal(x); return string(b) }
