package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
)

// TestStatus: beside a running server, guanjia status lists the jobs it
// holds and succeeds; once the server has stopped (handing its leases
// on), it names the jobs no instance runs and fails, so a script can
// alert on it.
func TestStatus(t *testing.T) {
	for _, engine := range dbtest.Engines() {
		t.Run(engine, func(t *testing.T) { testStatus(t, engine) })
	}
}

func testStatus(t *testing.T, engine string) {
	db := []string{"--data", t.TempDir()}
	if engine == dbtest.EnginePostgres {
		db = append(db, "--db", dbtest.DSN(t, engine))
	}
	ctx := context.Background()
	_, _, stop := startProgram(t, append([]string{"serve", "--addr", "127.0.0.1:0"}, db...), noenv)
	read := func() (*status, string, error) {
		var out, errs bytes.Buffer
		err := run(ctx, append([]string{"status", "--json"}, db...), noenv, strings.NewReader(""), &out, &errs)
		var st status
		if jerr := json.Unmarshal(out.Bytes(), &st); jerr != nil {
			t.Fatalf("status --json wrote %q: %v (%v)", out.String(), jerr, err)
		}
		return &st, errs.String(), err
	}
	held := func(st *status, job string) (found, stalled bool) {
		for _, j := range st.Jobs {
			if j.Job == job {
				return true, j.Stalled
			}
		}
		return false, false
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		st, _, err := read()
		found, stalled := held(st, "sweep")
		if found && !stalled && len(st.Instances) > 0 {
			if err != nil {
				t.Errorf("beside a running server: %v", err)
			}
			if len(st.Queues) < 3 {
				t.Errorf("queues %+v, want the outbox's consumers and the webhooks", st.Queues)
			}
			if in := st.Instances; len(in) != 1 || in[0].PID != os.Getpid() || in[0].Gone || in[0].Older || in[0].ClockOff ||
				in[0].Release == "" || in[0].Schema != st.Schema || len(st.Ahead) > 0 {
				t.Errorf("instances %+v (schema %d, ahead %v), want the server's, seen, as new as the schema", in, st.Schema, st.Ahead)
			}
			break
		}
		if time.Now().After(deadline) {
			stop()
			t.Fatalf("the sweep's lease is not held after 30 s: %+v", st.Jobs)
		}
		time.Sleep(100 * time.Millisecond)
	}
	// A newer release migrates the database: the server still running is
	// older than the schema, and status says so.
	dsn := filepath.Join(db[1], "guanjia.db")
	if engine == dbtest.EnginePostgres {
		dsn = db[3]
	}
	testenv.NewerRelease(t, dsn)
	st, _, _ := read()
	if len(st.Ahead) != 1 || st.Ahead[0] != testenv.NewerMigration || st.Schema != 9990 ||
		len(st.Instances) != 1 || !st.Instances[0].Older {
		t.Errorf("after a newer release migrated: schema %d, ahead %v, instances %+v", st.Schema, st.Ahead, st.Instances)
	}
	var table bytes.Buffer
	run(ctx, append([]string{"status"}, db...), noenv, strings.NewReader(""), &table, &table)
	if !strings.Contains(table.String(), "OLDER THAN THE DATABASE") || !strings.Contains(table.String(), "does not have "+testenv.NewerMigration) {
		t.Errorf("the table does not say the instance is older than the database:\n%s", table.String())
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	st, _, err := read()
	if len(st.Instances) != 0 {
		t.Errorf("after the server stopped, instances %+v; want none (it removes itself)", st.Instances)
	}
	if _, stalled := held(st, "sweep"); !stalled || err == nil || !strings.Contains(err.Error(), "run on no instance") {
		t.Errorf("after the server stopped: sweep stalled %v, err %v; want stalled and an error", stalled, err)
	}
	var out bytes.Buffer
	run(ctx, append([]string{"status"}, db...), noenv, strings.NewReader(""), &out, &out)
	if !strings.Contains(out.String(), "NO INSTANCE") || !strings.Contains(out.String(), "CST") {
		t.Errorf("the table:\n%s", out.String())
	}
}
