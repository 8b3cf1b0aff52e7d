package main

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestBackupRestore backs up a town while it is served, restores it into
// an empty installation and serves that: the counts, a photo, an API token
// and an anonymous reporter's tracking token all come back.
func TestBackupRestore(t *testing.T) {
	for _, engine := range dbtest.Engines() {
		t.Run(engine, func(t *testing.T) {
			if engine == dbtest.EnginePostgres {
				for _, tool := range []string{"pg_dump", "pg_restore"} {
					if _, err := exec.LookPath(tool); err != nil {
						t.Skipf("%s is not on PATH: install the PostgreSQL client programs to test backups of PostgreSQL", tool)
					}
				}
			}
			data, dsn := newTownDSN(t, engine)
			var token string
			seedTown(t, data, dsn, 2, func(a *app.App) {
				var err error
				if token, err = a.CreateAPIToken(context.Background(), "handler-sanitation", "robot"); err != nil {
					t.Fatal(err)
				}
			})
			addr, _, stop := startProgram(t, []string{"serve", "--addr", "127.0.0.1:0", "--data", data, "--db", dsn}, noenv)
			var photo struct{ Hash, URL string }
			callOK(t, 201, "POST", addr+"/api/v1/photos", "", mustJPEG(t), &photo)
			served := callOK(t, 200, "GET", addr+photo.URL, "", nil, nil)
			var c struct {
				Number        string
				TrackingToken string `json:"tracking_token"`
			}
			report := map[string]any{"category": "garbage", "lat": 30.745, "lng": 120.487,
				"description": "路边垃圾堆", "photos": []string{photo.Hash}, "client_id": "0b6c6f0e-8f0a-4c3e-9d7e-2a1b3c4d5e6f"}
			callOK(t, 201, "POST", addr+"/api/v1/cases", "", report, &c)
			before := census(t, dsn)

			dir := t.TempDir() + "/backup"
			if out := runCmd(t, "backup", "--data", data, "--db", dsn, dir); !strings.Contains(out, "backed up") {
				t.Errorf("backup said: %s", out)
			}
			if err := stop(); err != nil {
				t.Fatal(err)
			}
			after := census(t, dsn)

			data2, dsn2 := newTownDSN(t, engine)
			runCmd(t, "restore", "--data", data2, "--db", dsn2, dir)
			got := census(t, dsn2)
			for _, table := range []string{"cases", "users", "tokens"} {
				if got.Counts[table] != before.Counts[table] {
					t.Errorf("restored %d %s, want %d", got.Counts[table], table, before.Counts[table])
				}
			}
			if n := got.Counts["events"]; n < before.Counts["events"] || n > after.Counts["events"] {
				t.Errorf("restored %d events, want from %d to %d", n, before.Counts["events"], after.Counts["events"])
			}
			var out bytes.Buffer
			if err := run(context.Background(), []string{"restore", "--data", data2, "--db", dsn2, dir}, noenv, nil, &out, &out); err == nil || !strings.Contains(err.Error(), "not empty") {
				t.Errorf("a second restore into the same place: %v", err)
			}

			addr, _, stop = startProgram(t, []string{"serve", "--addr", "127.0.0.1:0", "--data", data2, "--db", dsn2}, noenv)
			defer stop()
			if diff := cmp.Diff(served, callOK(t, 200, "GET", addr+photo.URL, "", nil, nil)); diff != "" {
				t.Errorf("restored photo differs (-want +got):\n%s", diff)
			}
			var me struct{ Username string }
			callOK(t, 200, "GET", addr+"/api/v1/me", token, nil, &me)
			if me.Username != "handler-sanitation" {
				t.Errorf("the API token signs in %q", me.Username)
			}
			callOK(t, 200, "GET", addr+"/api/v1/track/"+c.Number+"?token="+c.TrackingToken, "", nil, nil)
			// The phone that sent the report, sending it again, is given the
			// same tracking token: the installation's secrets came back too.
			var again struct {
				Number        string
				TrackingToken string `json:"tracking_token"`
			}
			callOK(t, 200, "POST", addr+"/api/v1/cases", "", report, &again)
			if diff := cmp.Diff(c, again); diff != "" {
				t.Errorf("report sent again after the restore (-want +got):\n%s", diff)
			}
		})
	}
}

// runCmd runs the program with args and returns its output, failing the
// test when it fails.
func runCmd(t *testing.T, args ...string) string {
	t.Helper()
	var out bytes.Buffer
	if err := run(context.Background(), args, noenv, strings.NewReader(""), &out, &out); err != nil {
		t.Fatalf("%v: %v\n%s", args, err, out.String())
	}
	return out.String()
}
