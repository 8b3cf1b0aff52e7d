package geo

import "math"

// EarthRadius is the mean radius of the Earth in metres (IUGG).
const EarthRadius = 6371008.8

// Distance returns the great-circle distance in metres between two points,
// by the haversine formula on a sphere (within about 0.5% of the ellipsoid).
func Distance(lat1, lng1, lat2, lng2 float64) float64 {
	φ1, φ2 := radians(lat1), radians(lat2)
	dφ, dλ := radians(lat2-lat1), radians(lng2-lng1)
	h := sq(math.Sin(dφ/2)) + math.Cos(φ1)*math.Cos(φ2)*sq(math.Sin(dλ/2))
	return 2 * EarthRadius * math.Asin(math.Sqrt(min(h, 1)))
}

// BBoxAround returns the smallest latitude/longitude box that holds every
// point within radiusM metres of (lat, lng). Where the circle reaches a pole
// or crosses the antimeridian, the box spans all longitudes, so it is always
// safe to filter with.
func BBoxAround(lat, lng, radiusM float64) (minLat, minLng, maxLat, maxLng float64) {
	δ := max(radiusM, 0) / EarthRadius // angular radius
	minLat, maxLat = lat-degrees(δ), lat+degrees(δ)
	if minLat <= -90 || maxLat >= 90 {
		return max(minLat, -90), -180, min(maxLat, 90), 180
	}
	s := math.Sin(δ) / math.Cos(radians(lat))
	if s >= 1 {
		return minLat, -180, maxLat, 180
	}
	dLng := degrees(math.Asin(s))
	minLng, maxLng = lng-dLng, lng+dLng
	if minLng < -180 || maxLng > 180 {
		return minLat, -180, maxLat, 180
	}
	return minLat, minLng, maxLat, maxLng
}

func radians(deg float64) float64 { return deg * math.Pi / 180 }
func degrees(rad float64) float64 { return rad * 180 / math.Pi }
func sq(x float64) float64        { return x * x }
