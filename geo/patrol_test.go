package geo

import (
	"math"
	"testing"
)

// patrolSquare is a grid about 1 km on a side around (30.745, 120.487).
var patrolSquare = []byte(`{"type":"Polygon","coordinates":[[[120.482,30.7405],[120.492,30.7405],[120.492,30.7495],[120.482,30.7495],[120.482,30.7405]]]}`)

func TestPatrolPoints(t *testing.T) {
	pts, err := PatrolPoints("g1", patrolSquare)
	if err != nil {
		t.Fatal(err)
	}
	if len(pts) != 9 || pts[0].Code != "g1-P1" || pts[8].Code != "g1-P9" {
		t.Fatalf("points %+v", pts)
	}
	for _, p := range pts {
		if out, _ := Outside(patrolSquare, p.Lat, p.Lng); out != 0 {
			t.Errorf("point %s lies %v m outside", p.Code, out)
		}
	}
	// An L-shaped grid keeps only the lattice nodes inside it.
	ell := []byte(`{"type":"Polygon","coordinates":[[[0,0],[3,0],[3,1],[1,1],[1,3],[0,3],[0,0]]]}`)
	if pts, _ := PatrolPoints("L", ell); len(pts) != 5 {
		t.Errorf("L-shaped grid: %d points, want 5: %+v", len(pts), pts)
	}
	if _, err := PatrolPoints("bad", []byte(`{"type":"Point","coordinates":[0,0]}`)); err == nil {
		t.Error("a point is not a grid")
	}
}

func TestOutside(t *testing.T) {
	for _, tc := range []struct {
		name     string
		lat, lng float64
		want     float64 // metres, within 2%
	}{
		{"inside", 30.745, 120.487, 0},
		{"100 m north", 30.7495 + 100/111195.0, 120.487, 100},
		{"30 m east", 30.745, 120.492 + 30/(111195.0*math.Cos(30.745*math.Pi/180)), 30},
	} {
		got, err := Outside(patrolSquare, tc.lat, tc.lng)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(got-tc.want) > tc.want*0.02+0.01 {
			t.Errorf("%s: %.1f m outside, want %.1f", tc.name, got, tc.want)
		}
	}
}
