package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/demo"
	"github.com/guanjia/guanjia/internal/testenv"
	"github.com/guanjia/guanjia/live"
	"github.com/guanjia/guanjia/server"
	"github.com/guanjia/guanjia/store"
	"github.com/guanjia/guanjia/web"
)

// testEnv is the whole HTTP stack (JSON API, Open311, pages) over a real
// database holding the demo town's organisation and accounts, on 127.0.0.1.
type testEnv struct {
	t     testing.TB
	app   *app.App
	db    *store.DB // the store under app, to arrange and inspect rows
	srv   *httptest.Server
	clock *testenv.Clock
}

// newTestEnv starts the stack with the app's clock held at a working
// Monday morning (testenv.Monday09), so that pages and screenshots are the
// same at every run.
func newTestEnv(t testing.TB, dsn string) *testEnv {
	t.Helper()
	return newTestEnvWith(t, dsn, web.Options{})
}

// newTestEnvWith is newTestEnv with the pages' options, such as a base map.
func newTestEnvWith(t testing.TB, dsn string, opts web.Options) *testEnv {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	a, db, clock := testenv.App(t, dsn)
	hub := live.NewHub(a, a.Changed, 50*time.Millisecond, nil)
	go hub.Run(ctx)
	srv := httptest.NewServer(server.New(a, server.Options{Hub: hub, Web: &opts})) // listens on 127.0.0.1:0
	t.Cleanup(srv.Close)
	return &testEnv{t: t, app: a, db: db, srv: srv, clock: clock}
}

// client returns an HTTP client with its own cookie jar, signed in as
// username unless that is "".
func (e *testEnv) client(username string) *http.Client {
	e.t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if username == "" {
		return c
	}
	resp, err := c.PostForm(e.srv.URL+"/login", url.Values{"username": {username}, "password": {demo.Password}})
	if err != nil {
		e.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("sign in as %s: status %d", username, resp.StatusCode)
	}
	return c
}

// get fetches a path and returns the status, the body and the response.
func (e *testEnv) get(c *http.Client, path string, header ...string) (int, string, *http.Response) {
	e.t.Helper()
	req, err := http.NewRequest("GET", e.srv.URL+path, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := c.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp
}

// post sends a form and returns the status, the body and the response.
func (e *testEnv) post(c *http.Client, path string, form url.Values) (int, string, *http.Response) {
	e.t.Helper()
	req, err := http.NewRequest("POST", e.srv.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := c.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp
}
