package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
)

// startProgram runs the program as main does, in the background, and
// returns its address once it listens, and a function that stops it and
// returns what run returned.
func startProgram(t *testing.T, args []string, getenv func(string) string) (string, *testenv.Buffer, func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	out := &testenv.Buffer{}
	e := &env{getenv: getenv, stdin: strings.NewReader(""), stdout: out, stderr: out, ready: func(a string) { ready <- a }}
	done := make(chan error, 1)
	go func() {
		cmd := map[string]func(context.Context, []string, *env) error{"serve": cmdServe, "demo": cmdDemo}[args[0]]
		done <- cmd(ctx, args[1:], e)
	}()
	select {
	case addr := <-ready:
		return addr, out, func() error { cancel(); return <-done }
	case err := <-done:
		t.Fatalf("program stopped before listening: %v\n%s", err, out)
	case <-time.After(2 * time.Minute):
		t.Fatalf("program did not listen within 2 minutes:\n%s", out)
	}
	cancel()
	return "", nil, nil
}

func noenv(string) string { return "" }

// TestDemo starts the demo as a person would (a short history to keep the
// test quick), uses it over HTTP and stops it gracefully.
func TestDemo(t *testing.T) {
	for _, engine := range dbtest.Engines() {
		t.Run(engine, func(t *testing.T) {
			args := []string{"demo", "--addr", "127.0.0.1:0", "--metrics-addr", "127.0.0.1:0", "--days", "3", "--per-day", "10", "--data", t.TempDir()}
			if engine == dbtest.EnginePostgres {
				args = append(args, "--db", dbtest.DSN(t, engine))
			}
			addr, out, stop := startProgram(t, args, noenv)
			metrics := regexp.MustCompile(`metrics listening"? addr=(\S+)`).FindStringSubmatch(out.String())
			if metrics == nil {
				t.Fatalf("no metrics listener in the log:\n%s", out)
			}
			for url, want := range map[string]int{addr + "/healthz": 200, addr + "/readyz": 200, addr + "/api/v1/categories": 200,
				addr + "/open311/v2/services.json": 200, addr + "/metrics": 404, metrics[1]: 200,
				// the demo's synthetic base map, by z/x/y and whole (the tile under 西栅停车场)
				addr + "/map/tiles/15/27350/13441.mvt": 200, addr + "/map/base.pmtiles": 200} {
				resp, err := http.Get(url)
				if err != nil || resp.StatusCode != want {
					t.Fatalf("GET %s: %v %v, want %d", url, err, resp, want)
				}
				resp.Body.Close()
			}
			resp, err := http.Post(addr+"/api/v1/login", "application/json", strings.NewReader(`{"username":"handler-sanitation","password":"demo"}`))
			if err != nil || resp.StatusCode != 200 {
				t.Fatalf("login: %v %v", err, resp)
			}
			var list struct{ Cases []json.RawMessage }
			resp, _ = http.Get(addr + "/api/v1/cases?limit=500")
			json.NewDecoder(resp.Body).Decode(&list)
			resp.Body.Close()
			if len(list.Cases) < 10 {
				t.Errorf("the demo has %d cases, want a history", len(list.Cases))
			}
			if err := stop(); err != nil {
				t.Fatalf("stop: %v", err)
			}
			for _, want := range []string{"Guanjia demo town is running at " + addr, "handler-sanitation", `password "demo"`} {
				if !strings.Contains(out.String(), want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
		})
	}
}

// TestServeFinishesRequestsInFlight: on shutdown, a request that is being
// served completes.
func TestServeFinishesRequestsInFlight(t *testing.T) {
	dir := t.TempDir()
	addr, _, stop := startProgram(t, []string{"serve", "--addr", "127.0.0.1:0", "--data", dir}, noenv)
	// The request asks before it sends its body, and the server answers
	// "100 Continue" once the handler reads it: from then the request is
	// in flight. Its body waits until the server is stopping.
	pr, pw := io.Pipe()
	reading := make(chan struct{})
	ctx := httptrace.WithClientTrace(context.Background(), &httptrace.ClientTrace{Got100Continue: func() { close(reading) }})
	req, err := http.NewRequestWithContext(ctx, "POST", addr+"/api/v1/login", pr)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Expect", "100-continue")
	client := &http.Client{Transport: &http.Transport{ExpectContinueTimeout: time.Minute}}
	t.Cleanup(client.CloseIdleConnections)
	result := make(chan int, 1)
	go func() {
		resp, err := client.Do(req)
		if err != nil {
			result <- 0
			return
		}
		resp.Body.Close()
		result <- resp.StatusCode
	}()
	select {
	case <-reading:
	case <-time.After(time.Minute):
		t.Fatal("the server did not start reading the request")
	}
	stopped := make(chan error, 1)
	go func() { stopped <- stop() }()
	// Shutting down, the server first stops listening.
	testenv.WaitFor(t, time.Minute, "the server to stop listening", func() bool {
		c, err := net.Dial("tcp", strings.TrimPrefix(addr, "http://"))
		if err == nil {
			c.Close()
		}
		return err != nil
	})
	pw.Write([]byte(`{"username":"nobody","password":"x"}`))
	pw.Close()
	if st := <-result; st != http.StatusUnauthorized {
		t.Errorf("request in flight got %d, want 401 (served to the end)", st)
	}
	if err := <-stopped; err != nil {
		t.Fatal(err)
	}
}

// TestCommands runs the administrative commands against one database.
func TestCommands(t *testing.T) {
	dir := t.TempDir()
	db := []string{"--data", dir}
	ctx := context.Background()
	runOK := func(stdin string, args ...string) string {
		t.Helper()
		var out bytes.Buffer
		if err := run(ctx, args, noenv, strings.NewReader(stdin), &out, &out); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out.String())
		}
		return out.String()
	}
	runOK("", append([]string{"migrate"}, db...)...)
	// A town needs its organisation; the demo's serves here.
	seedOrganisation(t, dir)
	runOK("lantern-river-7\n", append([]string{"user"}, append(db, "--unit", "urban", "add", "wang", "handler")...)...)
	if out := runOK("", append([]string{"user"}, append(db, "list")...)...); !strings.Contains(out, "wang") || !strings.Contains(out, "urban") {
		t.Errorf("user list:\n%s", out)
	}
	runOK("new-lantern-8\n", append([]string{"user"}, append(db, "passwd", "wang")...)...)
	for _, weak := range []struct{ args []string }{
		{[]string{"add", "li", "resident"}},
		{[]string{"passwd", "wang"}},
	} {
		var out bytes.Buffer
		err := run(ctx, append(append([]string{"user"}, db...), weak.args...), noenv, strings.NewReader("demo\n"), &out, &out)
		if err == nil || !strings.Contains(err.Error(), "at least 10 characters") {
			t.Errorf("user %v with the password demo: %v, want refused", weak.args, err)
		}
	}
	if tok := runOK("", append([]string{"token"}, append(db, "api", "wang", "robot")...)...); len(strings.TrimSpace(tok)) < 20 {
		t.Errorf("token %q", tok)
	}
	if key := runOK("", append([]string{"token"}, append(db, "open311", "city app")...)...); len(strings.TrimSpace(key)) < 20 {
		t.Errorf("open311 key %q", key)
	}
	grids := filepath.Join(dir, "grids.geojson")
	os.WriteFile(grids, []byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"X-1","name":"测试网格","village":"330483100002"},"geometry":{"type":"Polygon","coordinates":[[[120.0,30.0],[120.01,30.0],[120.01,30.01],[120.0,30.01],[120.0,30.0]]]}}]}`), 0o644)
	if out := runOK("", append([]string{"import"}, append(db, "grids", grids)...)...); !strings.Contains(out, "imported 1 grids") {
		t.Errorf("import: %s", out)
	}
	// Places: the town from the point, idempotent, a bad row named by its line.
	places := filepath.Join(dir, "places.csv")
	os.WriteFile(places, []byte("kind,name_zh,name_en,lat,lon\nlandmark,测试桥,Test Bridge,30.005,120.005\n"), 0o644)
	for _, want := range []string{"1 added, 0 replaced", "0 added, 1 replaced"} {
		if out := runOK("", append([]string{"import"}, append(db, "places", places)...)...); !strings.Contains(out, want) {
			t.Errorf("import places: %s, want %s", out, want)
		}
	}
	os.WriteFile(places, []byte("kind,name_zh,name_en,lat,lon\nlandmark,测试桥,,30.005,120.005\naddress,,,30,120\n"), 0o644)
	var perr bytes.Buffer
	if err := run(ctx, append([]string{"import"}, append(db, "places", places)...), noenv, nil, &perr, &perr); err == nil || !strings.Contains(err.Error(), "Line 3: A place needs a Chinese name") {
		t.Errorf("import of a bad row: %v", err)
	}
	backup := filepath.Join(t.TempDir(), "backup")
	if out := runOK("", append([]string{"backup"}, append(db, backup)...)...); !strings.Contains(out, "backed up 0 cases") {
		t.Errorf("backup: %s", out)
	}
	if fi, err := os.Stat(filepath.Join(backup, "manifest.json")); err != nil || fi.Size() == 0 {
		t.Errorf("backup: %v", err)
	}
	var out bytes.Buffer
	if err := run(ctx, []string{"user", "--data", dir, "add", "bad", "emperor"}, func(k string) string {
		return map[string]string{"GUANJIA_PASSWORD": "longenough"}[k]
	}, strings.NewReader(""), &out, &out); err == nil || !strings.Contains(err.Error(), "Unknown role") {
		t.Errorf("bad role: %v", err)
	}
	if err := run(ctx, []string{"frobnicate"}, noenv, nil, &out, &out); err == nil {
		t.Error("unknown command accepted")
	}
}
