package geo

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestDistance(t *testing.T) {
	tests := []struct {
		name                   string
		lat1, lng1, lat2, lng2 float64
		want, tolerance        float64
	}{
		{"same point", 30.745, 120.487, 30.745, 120.487, 0, 1e-9},
		{"one degree of latitude", 30, 120, 31, 120, 111195, 1},
		{"one degree of longitude at the equator", 0, 10, 0, 11, 111195, 1},
		{"Beijing to Shanghai", 39.9042, 116.4074, 31.2304, 121.4737, 1067e3, 3e3},
		{"across the antimeridian", 0, 179.5, 0, -179.5, 111195, 1},
		{"antipodes", 30, 120, -30, -60, math.Pi * EarthRadius, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Distance(tt.lat1, tt.lng1, tt.lat2, tt.lng2)
			if math.Abs(got-tt.want) > tt.tolerance {
				t.Errorf("Distance = %.1f m, want %.1f ± %.1f", got, tt.want, tt.tolerance)
			}
			if back := Distance(tt.lat2, tt.lng2, tt.lat1, tt.lng1); back != got {
				t.Errorf("Distance is not symmetric: %g and %g", got, back)
			}
		})
	}
}

func TestBBoxAround(t *testing.T) {
	tests := []struct {
		name          string
		lat, lng, r   float64
		wholeLngRange bool
	}{
		{"Wuzhen 500 m", 30.745, 120.487, 500, false},
		{"Wuzhen 50 km", 30.745, 120.487, 50e3, false},
		{"equator", 0, 0, 1e3, false},
		{"far south", -70, 10, 20e3, false},
		{"zero radius", 30, 120, 0, false},
		{"over the pole", 89.9, 0, 20e3, true},
		{"across the antimeridian", 10, 179.99, 5e3, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			minLat, minLng, maxLat, maxLng := BBoxAround(tt.lat, tt.lng, tt.r)
			if got := minLng == -180 && maxLng == 180; got != tt.wholeLngRange {
				t.Errorf("box spans all longitudes = %v, want %v", got, tt.wholeLngRange)
			}
			rnd := rand.New(rand.NewPCG(1, 2))
			for range 2000 {
				// A point on the circle or inside it, by bearing and distance.
				lat, lng := destination(tt.lat, tt.lng, rnd.Float64()*2*math.Pi, tt.r*math.Sqrt(rnd.Float64()))
				if lat < minLat-1e-9 || lat > maxLat+1e-9 || lng < minLng-1e-9 || lng > maxLng+1e-9 {
					t.Fatalf("point %f, %f within %g m is outside box [%f %f %f %f]", lat, lng, tt.r, minLat, minLng, maxLat, maxLng)
				}
			}
			if !tt.wholeLngRange {
				// The box is tight: its north edge lies on the circle.
				if d := Distance(tt.lat, tt.lng, maxLat, tt.lng); math.Abs(d-tt.r) > 1e-6*tt.r+1e-6 {
					t.Errorf("north edge at %g m, want %g", d, tt.r)
				}
			}
		})
	}
}

// destination returns the point d metres from (lat, lng) on bearing θ.
func destination(lat, lng, θ, d float64) (float64, float64) {
	φ1, λ1, δ := radians(lat), radians(lng), d/EarthRadius
	φ2 := math.Asin(math.Sin(φ1)*math.Cos(δ) + math.Cos(φ1)*math.Sin(δ)*math.Cos(θ))
	λ2 := λ1 + math.Atan2(math.Sin(θ)*math.Sin(δ)*math.Cos(φ1), math.Cos(δ)-math.Sin(φ1)*math.Sin(φ2))
	lng2 := math.Mod(degrees(λ2)+540, 360) - 180
	return degrees(φ2), lng2
}
