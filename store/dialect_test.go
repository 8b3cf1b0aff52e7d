package store

import (
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
)

func TestRebind(t *testing.T) {
	pg, lite := dialect{Postgres}, dialect{SQLite}
	for _, tc := range []struct{ in, want string }{
		{"SELECT 1", "SELECT 1"},
		{"a = ? AND b IN (?, ?)", "a = $1 AND b IN ($2, $3)"},
		{`x LIKE ? ESCAPE '\' AND y = '?' AND "z?" = ?`, `x LIKE $1 ESCAPE '\' AND y = '?' AND "z?" = $2`},
		{"'it''s ?' = ?", "'it''s ?' = $1"},
	} {
		if got := pg.rebind(tc.in); got != tc.want {
			t.Errorf("postgres rebind(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := lite.rebind(tc.in); got != tc.in {
			t.Errorf("sqlite rebind(%q) = %q, want it unchanged", tc.in, got)
		}
	}
}

func TestArgs(t *testing.T) {
	at := time.Date(2026, 11, 28, 9, 30, 0, 123456789, guanjia.TownZone)
	var nilTime *time.Time
	got := dialect{SQLite}.args([]any{at, &at, nilTime, "x", 3})
	want := []any{at.UnixMicro(), at.UnixMicro(), nil, "x", 3}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("sqlite args (-want +got):\n%s", diff)
	}
	got = dialect{Postgres}.args([]any{at})
	if pt := got[0].(time.Time); pt.Location() != time.UTC || pt.Nanosecond() != 123456000 {
		t.Errorf("postgres time arg = %v, want UTC in whole microseconds", pt)
	}
}

func TestEscapeLike(t *testing.T) {
	if got, want := escapeLike(`50%_a\b`), `50\%\_a\\b`; got != want {
		t.Errorf("escapeLike() = %q, want %q", got, want)
	}
}

func TestCursor(t *testing.T) {
	at := time.Date(2026, 11, 28, 1, 2, 3, 456000, time.UTC)
	for _, c := range []cursor{{"created", &at, 42}, {"due", nil, 7}} {
		got, err := decodeCursor(c.encode(), c.sort)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(c, got, cmp.AllowUnexported(cursor{})); diff != "" {
			t.Errorf("round trip (-want +got):\n%s", diff)
		}
	}
}

// FuzzDecodeCursor checks that no cursor a client sends makes FindCases do
// anything but decode it or refuse it with EINVALID.
func FuzzDecodeCursor(f *testing.F) {
	at := time.Date(2026, 11, 28, 1, 2, 3, 0, time.UTC)
	f.Add(cursor{"created", &at, 42}.encode())
	f.Add(cursor{"due", nil, 1}.encode())
	f.Add("")
	f.Add("!!!")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := decodeCursor(s, "created")
		if err != nil {
			if guanjia.ErrorCode(err) != guanjia.EINVALID {
				t.Fatalf("decodeCursor(%q) = %v, want EINVALID", s, err)
			}
			return
		}
		if c.sort != "created" {
			t.Fatalf("decodeCursor(%q) sort %q", s, c.sort)
		}
	})
}

func TestCircleBox(t *testing.T) {
	for _, c := range []guanjia.Circle{
		{Lat: 30.745, Lng: 120.487, Radius: 1000},
		{Lat: 0, Lng: 179.9999, Radius: 5000}, // crosses the antimeridian
		{Lat: 89.99, Lng: 10, Radius: 5000},   // near the pole
		{Lat: -45, Lng: -70, Radius: 100000},
	} {
		b := circleBox(c)
		// Points on the circle in eight directions lie inside the box.
		for i := range 8 {
			lat, lng := destination(c, float64(i)*45)
			if !b.Contains(lat, lng) && !b.Contains(lat, lng-360) && !b.Contains(lat, lng+360) {
				t.Errorf("%+v: point %.6f,%.6f at bearing %d is outside %+v", c, lat, lng, i*45, b)
			}
			if d := distance(c.Lat, c.Lng, lat, lng); math.Abs(d-c.Radius) > 0.01 {
				t.Errorf("%+v: distance %.1f, want %.0f", c, d, c.Radius)
			}
		}
	}
}

// destination returns the point on circle c at a bearing in degrees.
func destination(c guanjia.Circle, bearing float64) (lat, lng float64) {
	const rad = math.Pi / 180
	d := c.Radius / earthRadius
	lat1, lng1, brg := c.Lat*rad, c.Lng*rad, bearing*rad
	lat2 := math.Asin(math.Sin(lat1)*math.Cos(d) + math.Cos(lat1)*math.Sin(d)*math.Cos(brg))
	lng2 := lng1 + math.Atan2(math.Sin(brg)*math.Sin(d)*math.Cos(lat1), math.Cos(d)-math.Sin(lat1)*math.Sin(lat2))
	return lat2 / rad, lng2 / rad
}
