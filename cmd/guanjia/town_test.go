package main

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"net/http"
	"path/filepath"
	"testing"

	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/demo"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/media"
	"github.com/guanjia/guanjia/store"
)

// newTownDSN returns the database of a new installation on engine, with
// its data directory: DATA/guanjia.db on SQLite, a new database on
// PostgreSQL.
func newTownDSN(t *testing.T, engine string) (data, dsn string) {
	t.Helper()
	data = t.TempDir()
	if engine == dbtest.EnginePostgres {
		return data, dbtest.DSN(t, engine)
	}
	return data, filepath.Join(data, "guanjia.db")
}

// seedTown fills the installation with the demo town, days of history (0
// for none), and calls fn with the app before closing it.
func seedTown(t *testing.T, data, dsn string, days int, fn func(a *app.App)) {
	t.Helper()
	ctx := context.Background()
	db := mustOpen(t, dsn)
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	photos, err := media.NewStore(filepath.Join(data, "media"))
	if err != nil {
		t.Fatal(err)
	}
	clock := &demo.Clock{}
	a, err := app.New(ctx, db, photos, app.Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Seed(ctx, a, db, demo.Options{Days: days, PerDay: 5, History: days > 0, Clock: clock}); err != nil {
		t.Fatal(err)
	}
	if fn != nil {
		fn(a)
	}
}

// mustOpen opens the database at dsn; the caller closes it.
func mustOpen(t *testing.T, dsn string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// census returns the census of the database at dsn.
func census(t *testing.T, dsn string) store.Census {
	t.Helper()
	db := mustOpen(t, dsn)
	defer db.Close()
	c, err := db.Census(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// call makes a request with an optional bearer token and body (JSON, or
// raw bytes sent as a JPEG), and returns the status and the answer.
func call(t *testing.T, method, url, token string, body any) (int, []byte) {
	t.Helper()
	var rd io.Reader
	ctype := "application/json"
	switch b := body.(type) {
	case nil:
	case []byte:
		rd, ctype = bytes.NewReader(b), "image/jpeg"
	default:
		data, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", ctype)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	return resp.StatusCode, data
}

// callOK is call that fails the test unless the status is want, decoding
// a JSON answer into out when out is not nil.
func callOK(t *testing.T, want int, method, url, token string, body, out any) []byte {
	t.Helper()
	status, data := call(t, method, url, token, body)
	if status != want {
		t.Fatalf("%s %s: %d, want %d: %s", method, url, status, want, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("%s %s: %v: %s", method, url, err, data)
		}
	}
	return data
}

// mustJPEG returns a small JPEG picture.
func mustJPEG(tb testing.TB) []byte {
	tb.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 48, 32))
	for x := range 48 {
		img.Set(x, x%32, color.RGBA{G: 180, A: 255})
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}
