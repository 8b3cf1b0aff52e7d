package app_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/geo"
	"github.com/guanjia/guanjia/store"
)

// actor returns the actor of a demo account.
func actor(t testing.TB, a *app.App, username string) guanjia.Actor {
	t.Helper()
	u, err := a.Store().GetUserByUsername(context.Background(), username)
	if err != nil {
		t.Fatal(err)
	}
	return guanjia.ActorOf(u)
}

// sameGridKeepers returns two demo housekeepers who share a grid.
func sameGridKeepers(t testing.TB, a *app.App) (guanjia.Actor, guanjia.Actor) {
	t.Helper()
	role := guanjia.RoleHousekeeper
	seen := map[string]guanjia.Actor{}
	users, err := a.Store().Users(context.Background(), guanjia.UserFilter{Role: &role})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if first, ok := seen[u.Grid]; ok {
			return first, guanjia.ActorOf(u)
		}
		seen[u.Grid] = guanjia.ActorOf(u)
	}
	t.Fatal("no two demo housekeepers share a grid")
	return guanjia.Actor{}, guanjia.Actor{}
}

// pointIn returns a point that the app places in grid.
func pointIn(t testing.TB, a *app.App, grid string) (float64, float64) {
	t.Helper()
	g, err := a.Store().GetGrid(context.Background(), grid)
	if err != nil {
		t.Fatal(err)
	}
	lat, lng, err := geo.Centre(g.Geometry)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 10000 {
		if got, _, _ := a.Locate(lat, lng); got == grid {
			return lat, lng
		}
		lat, lng = lat+r.NormFloat64()*0.002, lng+r.NormFloat64()*0.002
	}
	t.Fatalf("no point found in grid %s", grid)
	return 0, 0
}

// photo stores a small picture and returns its hash.
func photo(t testing.TB, a *app.App, shade uint8) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 16, 16))
	for i := range img.Pix {
		img.Pix[i] = shade
	}
	img.Set(0, 0, color.RGBA{1, 2, 3, 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	p, err := a.Media().Save(t.Context(), &buf)
	if err != nil {
		t.Fatal(err)
	}
	return p.Hash
}

// whileWriterHeld runs job while another transaction holds the writer (on
// SQLite the one writer), waits until count has grown by want (at most
// 10 s), then frees the writer and waits for job. It returns how much
// count grew while the writer was held.
func whileWriterHeld(t *testing.T, db *store.DB, want int64, count func() int64, job func() error) int64 {
	t.Helper()
	ctx := context.Background()
	before := count()
	held, release := make(chan struct{}), make(chan struct{})
	holder := make(chan error, 1)
	go func() {
		holder <- db.Tx(ctx, func(tx *store.Tx) error {
			close(held)
			<-release
			return nil
		})
	}()
	<-held
	done := make(chan error, 1)
	go func() { done <- job() }()
	deadline := time.Now().Add(10 * time.Second)
	for count()-before < want && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	got := count() - before
	close(release)
	if err := <-holder; err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	return got
}
