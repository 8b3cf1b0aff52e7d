package dbtest

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Environment variables with which ./scripts/test lets tests run
// PostgreSQL servers of their own (see Replicated).
const (
	// EnvPGBinDir is the directory of initdb, pg_ctl and pg_basebackup.
	EnvPGBinDir = "GUANJIA_TEST_PG_BINDIR"
	// EnvPGUser is the user the servers run as when the tests run as root,
	// which PostgreSQL refuses to run as.
	EnvPGUser = "GUANJIA_TEST_PG_USER"
)

// Pair is a PostgreSQL primary with a streaming standby that confirms
// every commit (synchronous replication), both on loopback, as a county
// runs its database (docs/scaling.md).
type Pair struct {
	tb      testing.TB
	dir     string // owned by the servers' user; removed at the end
	bin     string
	runAs   string // "" to run as this process's user
	Primary int    // ports
	Standby int
}

// Replicated starts a Pair for the test, stopped and removed when it
// ends. It skips the test unless GUANJIA_TEST_PG_BINDIR is set (and, as
// root, GUANJIA_TEST_PG_USER).
func Replicated(tb testing.TB) *Pair {
	tb.Helper()
	p := &Pair{tb: tb, bin: os.Getenv(EnvPGBinDir)}
	if p.bin == "" {
		tb.Skipf("PostgreSQL servers of the test's own: %s not set; run ./scripts/test to include it", EnvPGBinDir)
	}
	p.runAs = pgUser(tb, "PostgreSQL servers of the test's own")
	p.dir = serverDir(tb, "guanjia-pair-", p.runAs)
	tb.Cleanup(p.remove)
	var err error
	if p.Primary, err = FreePort(); err == nil {
		p.Standby, err = FreePort()
	}
	if err != nil {
		tb.Fatalf("dbtest: %v", err)
	}
	p.startPrimary()
	p.startStandby()
	p.waitSync()
	return p
}

// DSN returns the URL of database name on the pair as Guanjia is given it
// in a county: both hosts, the one that takes writes chosen at each
// connection.
func (p *Pair) DSN(name string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d,127.0.0.1:%d/%s?sslmode=disable&target_session_attrs=read-write",
		p.Primary, p.Standby, name)
}

// Server returns the URL of the postgres database on the server at port.
func (p *Pair) Server(port int) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
}

// CreateDatabase creates database name on the primary.
func (p *Pair) CreateDatabase(name string) {
	p.tb.Helper()
	p.onPrimary("CREATE DATABASE " + name)
}

// onPrimary runs statements in turn on the primary's postgres database.
func (p *Pair) onPrimary(statements ...string) {
	p.tb.Helper()
	for _, q := range statements {
		if err := execAdmin(p.tb.Context(), p.Server(p.Primary), q); err != nil {
			p.tb.Fatalf("dbtest: %s: %v", q, err)
		}
	}
}

// StopPrimary stops the primary at once, as a crash would (pg_ctl stop -m
// immediate: no checkpoint, connections cut).
func (p *Pair) StopPrimary() {
	p.tb.Helper()
	p.pgCtl("stop", "-D", p.data("primary"), "-m", "immediate", "-w")
}

// Async makes replication asynchronous, PostgreSQL's default: the
// primary's commits no longer wait for the standby, which may then lack
// the last of them when it takes over.
func (p *Pair) Async() {
	p.tb.Helper()
	p.onPrimary("ALTER SYSTEM SET synchronous_standby_names = ''", "SELECT pg_reload_conf()")
}

// StopStandby stops the standby (fast shutdown); with Async, what the
// primary commits meanwhile never reaches it if the primary is lost.
func (p *Pair) StopStandby() {
	p.tb.Helper()
	p.pgCtl("stop", "-D", p.data("standby"), "-m", "fast", "-w")
}

// StartStandby starts the standby again.
func (p *Pair) StartStandby() {
	p.tb.Helper()
	p.pgCtl("start", "-D", p.data("standby"), "-l", filepath.Join(p.dir, "standby.log"), "-w", "-t", "60")
}

// Promote makes the standby the primary and waits until it takes writes.
func (p *Pair) Promote() {
	p.tb.Helper()
	p.pgCtl("promote", "-D", p.data("standby"), "-w")
}

func (p *Pair) startPrimary() {
	p.tb.Helper()
	data := p.data("primary")
	p.run("initdb", "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions")
	p.appendConf(data, "postgresql.conf", fmt.Sprintf(`
listen_addresses = '127.0.0.1'
port = %d
unix_socket_directories = '%s'
max_connections = 100
fsync = off
full_page_writes = off
autovacuum = off
wal_level = replica
max_wal_senders = 4
synchronous_commit = on
synchronous_standby_names = 'standby'
`, p.Primary, p.dir))
	p.pgCtl("start", "-D", data, "-l", filepath.Join(p.dir, "primary.log"), "-w", "-t", "60")
}

// startStandby copies the running primary (pg_basebackup) and starts the
// copy as its standby.
func (p *Pair) startStandby() {
	p.tb.Helper()
	data := p.data("standby")
	p.run("pg_basebackup", "-h", "127.0.0.1", "-p", strconv.Itoa(p.Primary), "-U", "postgres", "-D", data,
		"-X", "stream", "-R", "--no-sync")
	// After pg_basebackup's own primary_conninfo in postgresql.auto.conf,
	// which the last setting of a name overrides. Promoted, it has no
	// standby of its own to wait for, as a failover tool would set it.
	p.appendConf(data, "postgresql.auto.conf", fmt.Sprintf(`
port = %d
synchronous_standby_names = ''
primary_conninfo = 'host=127.0.0.1 port=%d user=postgres application_name=standby'
`, p.Standby, p.Primary))
	p.pgCtl("start", "-D", data, "-l", filepath.Join(p.dir, "standby.log"), "-w", "-t", "60")
}

// waitSync waits until the primary reports the standby as synchronous.
func (p *Pair) waitSync() {
	p.tb.Helper()
	db, err := sql.Open("pgx", p.Server(p.Primary))
	if err != nil {
		p.tb.Fatal(err)
	}
	defer db.Close()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var state string
		err := db.QueryRow("SELECT sync_state FROM pg_stat_replication WHERE application_name = 'standby'").Scan(&state)
		if err == nil && state == "sync" {
			return
		}
		if time.Now().After(deadline) {
			p.tb.Fatalf("dbtest: the standby is not synchronous after 30 s (%q, %v)\n%s", state, err, p.logs())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (p *Pair) data(name string) string { return filepath.Join(p.dir, name) }

// appendConf adds settings to a configuration file of a data directory.
func (p *Pair) appendConf(data, file, settings string) {
	p.tb.Helper()
	path := filepath.Join(data, file)
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err == nil {
		_, err = f.WriteString(settings)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		p.tb.Fatalf("dbtest: %v", err)
	}
}

func (p *Pair) pgCtl(args ...string) { p.tb.Helper(); p.run("pg_ctl", args...) }

// run runs one of PostgreSQL's programs as the servers' user, in dir.
func (p *Pair) run(program string, args ...string) {
	p.tb.Helper()
	if err := p.command(program, args...); err != nil {
		p.tb.Fatalf("dbtest: %v\n%s", err, p.logs())
	}
}

func (p *Pair) command(program string, args ...string) error {
	name, argv := asUser(p.runAs, filepath.Join(p.bin, program), args...)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, argv...)
	cmd.Dir = p.dir
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%s %s: %v\n%s", program, strings.Join(args, " "), err, out)
	}
	return nil
}

// logs returns the servers' logs, for a failure's message.
func (p *Pair) logs() string {
	var b strings.Builder
	for _, name := range []string{"primary.log", "standby.log"} {
		if out, err := os.ReadFile(filepath.Join(p.dir, name)); err == nil {
			fmt.Fprintf(&b, "--- %s:\n%s", name, out)
		}
	}
	return b.String()
}

// remove stops whichever servers still run and removes their files.
func (p *Pair) remove() {
	for _, name := range []string{"primary", "standby"} {
		if _, err := os.Stat(filepath.Join(p.data(name), "postmaster.pid")); err == nil {
			_ = p.command("pg_ctl", "stop", "-D", p.data(name), "-m", "immediate", "-w")
		}
	}
	if p.tb.Failed() {
		p.tb.Log(p.logs())
	}
	_ = os.RemoveAll(p.dir)
}
