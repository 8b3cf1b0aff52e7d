package httpapi_test

import (
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/guanjia/guanjia/demo"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestLiveEventsStayInTown: in a county, a town's staff hear on their
// live stream of their own town's cases and tasks only, and its
// housekeepers of their own town's tasks; the county's staff hear of
// every town's. Each stream is read until a message that comes after
// the other town's (the outbox is delivered in order), so nothing that
// should not arrive is still on its way.
func TestLiveEventsStayInTown(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		e := newTestEnv(t, dsn)
		streams := map[string]<-chan string{}
		for _, u := range []string{"dispatcher", "puyuan-dispatcher", "county-dispatcher"} {
			streams[u] = e.streamAt(t, "/api/v1/events", u)
		}
		for _, u := range []string{"housekeeper", "puyuan-housekeeper"} {
			streams[u] = e.streamAt(t, "/api/v1/me/events", u)
		}
		task := func(user, title string) {
			e.mustDo("POST", "/api/v1/tasks", e.login(user), map[string]any{"title": title, "kind": "publicity",
				"starts_at": "2026-11-02T10:00:00+08:00", "ends_at": "2026-11-02T12:00:00+08:00", "needed": 2, "points": 10},
				http.StatusCreated, nil)
		}
		var puyuanCase, wuzhenCase caseJSON
		lat, lng := e.pointInTown(demo.Towns[0].Code, demo.Towns[0].Lat, demo.Towns[0].Lng)
		e.mustDo("POST", "/api/v1/calls", e.login("puyuan-dispatcher"), map[string]any{"category": "garbage", "lat": lat, "lng": lng,
			"description": "垃圾桶满了。", "phone": "13957300088", "channel": "12345"}, http.StatusCreated, &puyuanCase)
		task("puyuan-dispatcher", "濮院全镇宣传")
		lat, lng = e.pointIn(e.firstGrid().Code)
		e.mustDo("POST", "/api/v1/cases", e.login("resident"), map[string]any{"category": "garbage", "lat": lat, "lng": lng}, http.StatusCreated, &wuzhenCase)
		task("dispatcher", "乌镇全镇宣传")
		task("puyuan-dispatcher", "濮院第二次宣传")

		tests := []struct {
			user, until string
			hears       []string
			deaf        []string
		}{
			{"dispatcher", "乌镇全镇宣传", []string{wuzhenCase.Number}, []string{puyuanCase.Number, "濮院全镇宣传"}},
			{"housekeeper", "乌镇全镇宣传", nil, []string{"濮院全镇宣传"}},
			{"puyuan-dispatcher", "濮院第二次宣传", []string{puyuanCase.Number, "濮院全镇宣传"}, []string{wuzhenCase.Number, "乌镇全镇宣传"}},
			{"puyuan-housekeeper", "濮院第二次宣传", []string{"濮院全镇宣传"}, []string{"乌镇全镇宣传"}},
			{"county-dispatcher", "濮院第二次宣传", []string{puyuanCase.Number, "濮院全镇宣传", wuzhenCase.Number, "乌镇全镇宣传"}, nil},
		}
		for _, tt := range tests {
			got := readUntil(t, streams[tt.user], tt.until)
			for _, s := range tt.hears {
				if !strings.Contains(got, s) {
					t.Errorf("%s did not hear of %s", tt.user, s)
				}
			}
			for _, s := range tt.deaf {
				if strings.Contains(got, s) {
					t.Errorf("%s heard of %s, of another town", tt.user, s)
				}
			}
		}
	})
}

// readUntil returns the lines of a stream up to the first that holds
// substr.
func readUntil(t *testing.T, lines <-chan string, substr string) string {
	t.Helper()
	var b strings.Builder
	deadline := time.After(5 * time.Second)
	for {
		select {
		case l := <-lines:
			b.WriteString(l + "\n")
			if strings.Contains(l, substr) {
				return b.String()
			}
		case <-deadline:
			t.Fatalf("no event with %q within 5 s; read:\n%s", substr, b.String())
		}
	}
}

// pointInTown returns a point that the app places in a grid of town,
// found by sampling around (lat, lng).
func (e *testEnv) pointInTown(town string, lat, lng float64) (float64, float64) {
	e.t.Helper()
	r := rand.New(rand.NewPCG(3, 4))
	for range 200000 {
		la, ln := lat-0.05+r.Float64()*0.1, lng-0.05+r.Float64()*0.1
		if _, _, j := e.app.Locate(la, ln); j == town {
			return la, ln
		}
	}
	e.t.Fatalf("no point found in town %s", town)
	return 0, 0
}
