package main

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
)

// Sizes of the durability test: clients reporting at once, kills, and the
// reports acknowledged between two kills.
const (
	durabilityClients = 16
	durabilityKills   = 3
	durabilityAcks    = 60
)

// TestDurability runs the real program (buildProgram's) under concurrent
// intake through /api/v1 and Open311, kills it with SIGKILL three times
// and starts it again each time. Clients retry a report whose answer they
// did not get with the same client_id, as a phone does. At the end every
// report that was answered 2xx is there with the number it was given, and
// no client_id has two cases.
func TestDurability(t *testing.T) {
	if testing.Short() {
		t.Skip("durability: builds the program and kills it; skipped with -short")
	}
	bin := buildProgram(t)
	for _, engine := range dbtest.Engines() {
		t.Run(engine, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), 90*time.Second)
			defer cancel()
			data, dsn := newTownDSN(t, engine)
			var keys [][]string // each client's: residents' API tokens or an Open311 api_key
			seedTown(t, data, dsn, 0, func(a *app.App) { keys = durabilityKeys(t, a) })
			p := &process{t: t, bin: bin, args: []string{"serve", "--addr", "127.0.0.1:0", "--data", data, "--db", dsn}}
			p.start()
			defer p.kill()
			acks := make(chan ack, durabilityClients)
			stop := make(chan struct{}) // closed: start no new report
			var wg sync.WaitGroup
			defer wg.Wait()
			defer cancel()
			var retries atomic.Int64
			for i, key := range keys {
				wg.Go(func() { reporter{p: p, turns: key, open311: i%2 == 1, retries: &retries}.run(ctx, stop, acks) })
			}
			got := map[string]string{} // client_id: case number
			for kill := 0; kill <= durabilityKills; kill++ {
				for n := 0; n < durabilityAcks; n++ {
					select {
					case a := <-acks:
						got[a.clientID] = a.number
					case <-ctx.Done():
						t.Fatalf("after %d kills and %d answers: %v\n%s", kill, len(got), ctx.Err(), p.logs())
					}
				}
				if kill < durabilityKills {
					p.kill()
					p.start()
				}
			}
			close(stop) // each client ends once its report in hand is answered
			go func() { wg.Wait(); close(acks) }()
			for a := range acks {
				got[a.clientID] = a.number
			}
			p.kill()
			checkDurable(t, dsn, got)
			t.Logf("%s: %d reports answered across %d kills; %d sent again after a kill", engine, len(got), durabilityKills, retries.Load())
		})
	}
}

// durabilityResidents is how many residents each even client reports as,
// in turn: a resident may make 20 reports an hour (app.DefaultReportLimits),
// counted in the database on PostgreSQL across the kills, and a client
// makes some 16 in the test, more on a slow machine.
const durabilityResidents = 4

// durabilityKeys makes residents with API tokens for each even client and
// an Open311 api_key for each odd one.
func durabilityKeys(t *testing.T, a *app.App) [][]string {
	t.Helper()
	ctx := context.Background()
	keys := make([][]string, durabilityClients)
	for i := range keys {
		if i%2 == 1 {
			key, err := a.CreateOpen311Key(ctx, fmt.Sprintf("client %d", i), "")
			if err != nil {
				t.Fatal(err)
			}
			keys[i] = []string{key}
			continue
		}
		for j := range durabilityResidents {
			u := &guanjia.User{Username: fmt.Sprintf("resident-%02d-%d", i, j), Role: guanjia.RoleResident}
			if err := a.CreateUser(ctx, u, "durable-reporter-2026"); err != nil {
				t.Fatal(err)
			}
			token, err := a.CreateAPIToken(ctx, u.Username, "phone")
			if err != nil {
				t.Fatal(err)
			}
			keys[i] = append(keys[i], token)
		}
	}
	return keys
}

// checkDurable checks the database at dsn: every answered report is there
// with its number, no client_id has two cases, and there are no others.
func checkDurable(t *testing.T, dsn string, answered map[string]string) {
	t.Helper()
	ctx := context.Background()
	checkAnswered(t, dsn, answered)
	sdb := testenv.SQL(t, dsn)
	var cases, clientIDs int
	err := sdb.QueryRowContext(ctx, "SELECT COUNT(*), COUNT(DISTINCT client_id) FROM cases").Scan(&cases, &clientIDs)
	if err != nil {
		t.Fatal(err)
	}
	if cases != clientIDs || cases != len(answered) {
		t.Errorf("%d cases with %d client_ids, want %d of each (one per answered report)", cases, clientIDs, len(answered))
	}
}

// checkAnswered checks that every answered report is in the database at
// dsn with the number it was given.
func checkAnswered(t *testing.T, dsn string, answered map[string]string) {
	t.Helper()
	db := mustOpen(t, dsn)
	defer db.Close()
	for cid, number := range answered {
		c, err := db.GetCaseByClientID(context.Background(), cid)
		if err != nil {
			t.Errorf("answered report %s (%s) is lost: %v", cid, number, err)
		} else if c.Number != number {
			t.Errorf("report %s was answered as %s but is %s", cid, number, c.Number)
		}
	}
}

// ack is a report answered 2xx: its client_id and the case number given.
type ack struct{ clientID, number string }

// reporter is one client that reports until its context ends, through
// /api/v1 with a resident's token or through Open311 with an api_key.
type reporter struct {
	p       *process
	key     string
	turns   []string // keys to report with in turn, a report each, instead of key
	open311 bool
	retries *atomic.Int64 // reports sent again
}

// run reports again and again, each report until it is answered, until
// stop is closed; it gives up when ctx ends.
func (r reporter) run(ctx context.Context, stop <-chan struct{}, acks chan<- ack) {
	client := &http.Client{Timeout: 20 * time.Second}
	for sent := 0; ; {
		select {
		case <-stop:
			return
		default:
		}
		cid := newClientID(r.p.t)
		if len(r.turns) > 0 {
			r.key = r.turns[sent%len(r.turns)]
		}
		sent++
		for {
			addr, gen := r.p.current()
			number, err := r.report(ctx, client, addr, cid)
			if ctx.Err() != nil {
				return
			} else if err == nil {
				acks <- ack{cid, number}
				break
			} else if !r.p.down(gen) {
				r.p.t.Errorf("report %s: %v", cid, err)
				return
			}
			r.p.waitUp(ctx, gen)
			r.retries.Add(1)
		}
	}
}

// report sends one report and returns the number of its case.
func (r reporter) report(ctx context.Context, client *http.Client, addr, cid string) (string, error) {
	var req *http.Request
	var err error
	if r.open311 {
		form := url.Values{"api_key": {r.key}, "service_code": {"garbage"}, "lat": {"30.745"}, "long": {"120.487"},
			"description": {"路边垃圾 " + cid}, "client_id": {cid}}
		req, err = http.NewRequestWithContext(ctx, "POST", addr+"/open311/v2/requests.json", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		body := fmt.Sprintf(`{"category":"garbage","lat":30.745,"lng":120.487,"description":"路边垃圾 %s","client_id":%q}`, cid, cid)
		req, err = http.NewRequestWithContext(ctx, "POST", addr+"/api/v1/cases", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+r.key)
	}
	if err != nil {
		return "", err
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	if resp.StatusCode/100 != 2 {
		return "", fmt.Errorf("status %d: %s", resp.StatusCode, data)
	}
	var api struct{ Number string }
	var o311 []struct {
		ServiceRequestID string `json:"service_request_id"`
	}
	if r.open311 {
		err = json.Unmarshal(data, &o311)
		if err == nil && len(o311) == 1 {
			api.Number = o311[0].ServiceRequestID
		}
	} else {
		err = json.Unmarshal(data, &api)
	}
	if err != nil || api.Number == "" {
		return "", fmt.Errorf("answer without a case number (%v): %s", err, data)
	}
	return api.Number, nil
}

// newClientID returns a random UUID.
func newClientID(tb testing.TB) string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		tb.Error(err)
	}
	b[6], b[8] = b[6]&0x0f|0x40, b[8]&0x3f|0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// The program as buildProgram built it, once for the tests of this run.
var (
	programOnce sync.Once
	programDir  string // removed by TestMain
	programBin  string
	programErr  error
)

// envProgram names a guanjia program already built for the tests that
// start it: ./scripts/test builds it once with the tests' -race flags,
// which costs a link where a build without -race compiled the standard
// library and every dependency again (some 240 CPU-seconds on a clean
// machine).
const envProgram = "GUANJIA_TEST_PROGRAM"

// buildProgram returns the program in GUANJIA_TEST_PROGRAM, or else builds
// ./cmd/guanjia, without -race, into a temporary directory, once per test
// run: the tests that start the program share it.
func buildProgram(t *testing.T) string {
	t.Helper()
	if bin := os.Getenv(envProgram); bin != "" {
		if fi, err := os.Stat(bin); err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
			t.Fatalf("%s=%s is not an executable program (%v)", envProgram, bin, err)
		}
		return bin
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("durability: the go command is not on PATH to build the program")
	}
	programOnce.Do(func() {
		if programDir, programErr = os.MkdirTemp("", "guanjia-program-"); programErr != nil {
			return
		}
		programBin = filepath.Join(programDir, "guanjia")
		if out, err := exec.Command(goBin, "build", "-o", programBin, ".").CombinedOutput(); err != nil {
			programErr = fmt.Errorf("build: %v\n%s", err, out)
		}
	})
	if programErr != nil {
		t.Fatal(programErr)
	}
	return programBin
}

// TestMain removes the program buildProgram built.
func TestMain(m *testing.M) {
	code := m.Run()
	if programDir != "" {
		os.RemoveAll(programDir)
	}
	os.Exit(code)
}
