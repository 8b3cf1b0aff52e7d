package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/demo"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
	"github.com/guanjia/guanjia/live"
	"github.com/guanjia/guanjia/server"
	"github.com/guanjia/guanjia/store"
)

// monday09 is a working Monday morning in Wuzhen.
var monday09 = testenv.Monday09

// testEnv is the real server (the API, Open311 and photos; no pages) over
// a real database holding the demo town's organisation and accounts (no
// history), with a clock the test moves.
type testEnv struct {
	t      testing.TB
	app    *app.App
	db     *store.DB // the store under app, to arrange and inspect rows
	srv    *httptest.Server
	clock  *testenv.Clock
	tokens map[string]string
}

func newTestEnv(t testing.TB, dsn string) *testEnv {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	a, db, clock := testenv.App(t, dsn)
	hub := live.NewHub(a, a.Changed, 50*time.Millisecond, nil)
	go hub.Run(ctx)
	srv := httptest.NewServer(server.New(a, server.Options{Hub: hub}))
	t.Cleanup(srv.Close)
	return &testEnv{t: t, app: a, db: db, srv: srv, clock: clock, tokens: map[string]string{}}
}

// login signs in a demo account once and caches its token.
func (e *testEnv) login(username string) string {
	e.t.Helper()
	if tok, ok := e.tokens[username]; ok {
		return tok
	}
	var out struct{ Token string }
	e.mustDo("POST", "/api/v1/login", "", map[string]string{"username": username, "password": demo.Password}, http.StatusOK, &out)
	e.tokens[username] = out.Token
	return out.Token
}

// do sends a request with an optional bearer token and JSON body.
func (e *testEnv) do(method, path, token string, body any) (int, []byte) {
	e.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, e.srv.URL+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// mustDo is do that fails the test on an unexpected status and decodes
// the answer into out.
func (e *testEnv) mustDo(method, path, token string, body any, want int, out any) {
	e.t.Helper()
	st, b := e.do(method, path, token, body)
	if st != want {
		e.t.Fatalf("%s %s: status %d, want %d: %s", method, path, st, want, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			e.t.Fatalf("%s %s: decode %s: %v", method, path, b, err)
		}
	}
}

// pointIn returns a point that the app places in grid, found by sampling
// the town; with the grid's village.
func (e *testEnv) pointIn(grid string) (lat, lng float64) {
	e.t.Helper()
	r := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		lat, lng = 30.69+r.Float64()*0.11, 120.43+r.Float64()*0.11
		if g, _, _ := e.app.Locate(lat, lng); g == grid {
			return lat, lng
		}
	}
	e.t.Fatalf("no point found in grid %s", grid)
	return 0, 0
}

// firstGrid returns a grid of the demo town and its village.
func (e *testEnv) firstGrid() guanjia.Grid {
	e.t.Helper()
	all, err := e.app.Grids(context.Background())
	var grids []guanjia.Grid // Wuzhen's
	for _, g := range all {
		if g.Jurisdiction == demo.Town.Code {
			grids = append(grids, g)
		}
	}
	if err != nil || len(grids) == 0 {
		e.t.Fatalf("grids: %v", err)
	}
	return grids[len(grids)/2]
}

func eachDB(t *testing.T, fn func(t *testing.T, e *testEnv)) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		t.Parallel()
		fn(t, newTestEnv(t, dsn))
	})
}

// refusal is a request that must be refused: who sends it, its raw
// JSON body and language, and the status, field and message (in that
// language) of the answer.
type refusal struct {
	name, user, method, path, body, lang string
	status                               int
	field, message                       string
}

// refusals sends each request and checks its refusal.
func refusals(t *testing.T, e *testEnv, rs []refusal) {
	t.Helper()
	for _, r := range rs {
		t.Run(r.name, func(t *testing.T) {
			req, err := http.NewRequest(r.method, e.srv.URL+r.path, strings.NewReader(r.body))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+e.login(r.user))
			req.Header.Set("Accept-Language", r.lang)
			resp, err := e.srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var got struct {
				Error struct{ Field, Message string }
			}
			json.NewDecoder(resp.Body).Decode(&got)
			if resp.StatusCode != r.status || got.Error.Field != r.field || got.Error.Message != r.message {
				t.Errorf("%d, %q: %q; want %d, %q: %q", resp.StatusCode, got.Error.Field, got.Error.Message, r.status, r.field, r.message)
			}
		})
	}
}
