package geo

import (
	"math"
	"strings"

	"github.com/guanjia/guanjia"
)

// Datum names the geodetic datum of a coordinate pair.
type Datum string

// Datums that input may use. Everything is stored in WGS84.
const (
	WGS84 Datum = "wgs84" // GPS; the default
	GCJ02 Datum = "gcj02" // the obfuscated datum of maps published in China
)

// ParseDatum parses a datum name, case-insensitively. The empty string means
// WGS84. Any other unknown name is an EINVALID error on the field "datum".
func ParseDatum(s string) (Datum, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "wgs84", "wgs-84":
		return WGS84, nil
	case "gcj02", "gcj-02":
		return GCJ02, nil
	}
	return "", guanjia.FieldErrorf(guanjia.EINVALID, "datum", "The datum must be wgs84 or gcj02, not %q.", s)
}

// ToWGS84 converts a point in datum d to WGS84. A point already in WGS84, or
// in a datum this package does not know, is returned unchanged.
func ToWGS84(d Datum, lat, lng float64) (float64, float64) {
	if d == GCJ02 {
		return GCJ02ToWGS84(lat, lng)
	}
	return lat, lng
}

// Parameters of the GCJ-02 transform: the Krasovsky 1940 ellipsoid.
const (
	gcjA  = 6378245.0
	gcjEE = 0.00669342162296594323
)

// WGS84ToGCJ02 applies the standard GCJ-02 offset. Points outside China are
// returned unchanged, as Chinese maps leave them.
func WGS84ToGCJ02(lat, lng float64) (float64, float64) {
	if outOfChina(lat, lng) {
		return lat, lng
	}
	dLat, dLng := gcjOffset(lat, lng)
	return lat + dLat, lng + dLng
}

// GCJ02ToWGS84 inverts WGS84ToGCJ02 by fixed-point iteration; the result
// maps back to the input within about a millimetre. Points outside China
// are returned unchanged.
func GCJ02ToWGS84(lat, lng float64) (float64, float64) {
	if outOfChina(lat, lng) {
		return lat, lng
	}
	wLat, wLng := lat, lng
	for range 10 {
		gLat, gLng := WGS84ToGCJ02(wLat, wLng)
		eLat, eLng := lat-gLat, lng-gLng
		wLat, wLng = wLat+eLat, wLng+eLng
		if math.Abs(eLat) < 1e-10 && math.Abs(eLng) < 1e-10 {
			break
		}
	}
	return wLat, wLng
}

// outOfChina reports whether a point lies outside the rough box in which
// GCJ-02 applies.
func outOfChina(lat, lng float64) bool {
	return !(lng >= 72.004 && lng <= 137.8347 && lat >= 0.8293 && lat <= 55.8271)
}

// gcjOffset returns the GCJ-02 offset in degrees at a WGS84 point.
func gcjOffset(lat, lng float64) (dLat, dLng float64) {
	x, y := lng-105, lat-35
	dLat, dLng = gcjLat(x, y), gcjLng(x, y)
	rad := lat / 180 * math.Pi
	magic := 1 - gcjEE*math.Sin(rad)*math.Sin(rad)
	sqrtMagic := math.Sqrt(magic)
	dLat = dLat * 180 / (gcjA * (1 - gcjEE) / (magic * sqrtMagic) * math.Pi)
	dLng = dLng * 180 / (gcjA / sqrtMagic * math.Cos(rad) * math.Pi)
	return dLat, dLng
}

func gcjLat(x, y float64) float64 {
	r := -100 + 2*x + 3*y + 0.2*y*y + 0.1*x*y + 0.2*math.Sqrt(math.Abs(x))
	r += (20*math.Sin(6*x*math.Pi) + 20*math.Sin(2*x*math.Pi)) * 2 / 3
	r += (20*math.Sin(y*math.Pi) + 40*math.Sin(y/3*math.Pi)) * 2 / 3
	r += (160*math.Sin(y/12*math.Pi) + 320*math.Sin(y*math.Pi/30)) * 2 / 3
	return r
}

func gcjLng(x, y float64) float64 {
	r := 300 + x + 2*y + 0.1*x*x + 0.1*x*y + 0.1*math.Sqrt(math.Abs(x))
	r += (20*math.Sin(6*x*math.Pi) + 20*math.Sin(2*x*math.Pi)) * 2 / 3
	r += (20*math.Sin(x*math.Pi) + 40*math.Sin(x/3*math.Pi)) * 2 / 3
	r += (150*math.Sin(x/12*math.Pi) + 300*math.Sin(x/30*math.Pi)) * 2 / 3
	return r
}
