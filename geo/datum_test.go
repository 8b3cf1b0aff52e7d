package geo

import (
	"errors"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
)

func TestParseDatum(t *testing.T) {
	tests := []struct {
		in      string
		want    Datum
		wantErr bool
	}{
		{"", WGS84, false},
		{"wgs84", WGS84, false},
		{"WGS-84", WGS84, false},
		{"gcj02", GCJ02, false},
		{" GCJ02 ", GCJ02, false},
		{"bd09", "", true},
		{"gcj", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseDatum(tt.in)
			if got != tt.want {
				t.Errorf("ParseDatum(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if !tt.wantErr {
				if err != nil {
					t.Errorf("ParseDatum(%q) error: %v", tt.in, err)
				}
				return
			}
			var e *guanjia.Error
			if !errors.As(err, &e) || e.Code != guanjia.EINVALID || e.Field != "datum" {
				t.Errorf("ParseDatum(%q) error = %#v, want EINVALID on field datum", tt.in, err)
			}
		})
	}
}

func TestWGS84ToGCJ02Wuzhen(t *testing.T) {
	const lat, lng = 30.745, 120.487
	gLat, gLng := WGS84ToGCJ02(lat, lng)
	east := Distance(lat, lng, lat, gLng)
	south := Distance(lat, lng, gLat, lng)
	if gLng < lng || east < 380 || east > 460 {
		t.Errorf("offset east = %.0f m (lng %f → %f), want about 420 m east", east, lng, gLng)
	}
	if gLat > lat || south < 210 || south > 290 {
		t.Errorf("offset south = %.0f m (lat %f → %f), want about 250 m south", south, lat, gLat)
	}
	if d := Distance(lat, lng, gLat, gLng); d < 400 || d > 600 {
		t.Errorf("offset = %.0f m, want about 500 m", d)
	}
}

func TestGCJ02RoundTrip(t *testing.T) {
	worst := 0.0
	for lat := 18.0; lat <= 53; lat += 0.7 {
		for lng := 74.0; lng <= 134; lng += 0.9 {
			wLat, wLng := GCJ02ToWGS84(WGS84ToGCJ02(lat, lng))
			worst = max(worst, Distance(lat, lng, wLat, wLng))
			gLat, gLng := WGS84ToGCJ02(GCJ02ToWGS84(lat, lng))
			worst = max(worst, Distance(lat, lng, gLat, gLng))
		}
	}
	if worst > 0.5 {
		t.Errorf("worst round trip error = %g m, want ≤ 0.5 m", worst)
	}
}

func TestOutsideChinaUnchanged(t *testing.T) {
	points := [][2]float64{{51.5007, -0.1246}, {-33.8568, 151.2153}, {60, 100}, {35, 140}}
	for _, p := range points {
		got := [2]float64{}
		got[0], got[1] = WGS84ToGCJ02(p[0], p[1])
		if diff := cmp.Diff(p, got); diff != "" {
			t.Errorf("WGS84ToGCJ02 moved a point outside China (-want +got):\n%s", diff)
		}
		got[0], got[1] = GCJ02ToWGS84(p[0], p[1])
		if diff := cmp.Diff(p, got); diff != "" {
			t.Errorf("GCJ02ToWGS84 moved a point outside China (-want +got):\n%s", diff)
		}
	}
}

func TestToWGS84(t *testing.T) {
	const lat, lng = 30.745, 120.487
	gLat, gLng := WGS84ToGCJ02(lat, lng)
	tests := []struct {
		datum            Datum
		inLat, inLng     float64
		wantLat, wantLng float64
	}{
		{WGS84, lat, lng, lat, lng},
		{"", lat, lng, lat, lng},
		{GCJ02, gLat, gLng, lat, lng},
	}
	for _, tt := range tests {
		gotLat, gotLng := ToWGS84(tt.datum, tt.inLat, tt.inLng)
		if math.Abs(gotLat-tt.wantLat) > 1e-8 || math.Abs(gotLng-tt.wantLng) > 1e-8 {
			t.Errorf("ToWGS84(%q, %f, %f) = %f, %f, want %f, %f", tt.datum, tt.inLat, tt.inLng, gotLat, gotLng, tt.wantLat, tt.wantLng)
		}
	}
}

func BenchmarkGCJ02ToWGS84(b *testing.B) {
	for b.Loop() {
		GCJ02ToWGS84(30.7427, 120.4914)
	}
}
