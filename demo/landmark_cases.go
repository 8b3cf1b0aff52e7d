package demo

import (
	"math"
	"strings"
)

// namedIn returns the Wuzhen landmark a text names, if any.
func namedIn(text string) (Landmark, bool) {
	for _, l := range wuzhenLandmarks {
		if strings.Contains(text, l.NameZh) {
			l.Town = Town.Code
			return l, true
		}
	}
	return Landmark{}, false
}

// beside returns a point within about 35 m of the landmark, spread by the
// digits of a point drawn before.
func beside(l Landmark, lat, lng float64) (float64, float64) {
	spread := func(x float64) float64 { return (x*1e5 - math.Floor(x*1e5) - 0.5) * 0.0006 }
	return l.Lat + spread(lat), l.Lon + spread(lng)
}
