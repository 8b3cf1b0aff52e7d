package dbtest

import (
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// EnvPgBouncer is the path of a PgBouncer binary (Debian's pgbouncer
// package); ./scripts/test sets it when it has one.
const EnvPgBouncer = "GUANJIA_TEST_PGBOUNCER"

// PgBouncer starts PgBouncer in transaction mode in front of the
// PostgreSQL server of the postgres:// URL server (on loopback), for the
// test, and returns the URL of database name through it. It runs as
// GUANJIA_TEST_PG_USER when the tests run as root (PgBouncer refuses
// root) and skips the test unless GUANJIA_TEST_PGBOUNCER is set.
func PgBouncer(tb testing.TB, server, name string) string {
	tb.Helper()
	bin := os.Getenv(EnvPgBouncer)
	if bin == "" {
		tb.Skipf("PgBouncer: %s not set; run ./scripts/test to include it", EnvPgBouncer)
	}
	runAs := pgUser(tb, "PgBouncer")
	u, err := url.Parse(server)
	if err != nil {
		tb.Fatalf("dbtest: %v", err)
	}
	dir := serverDir(tb, "guanjia-pgbouncer-", runAs)
	tb.Cleanup(func() { os.RemoveAll(dir) })
	port, err := FreePort()
	if err != nil {
		tb.Fatalf("dbtest: %v", err)
	}
	writePgBouncerConfig(tb, dir, u, port)
	name0, args := asUser(runAs, bin, "-d", filepath.Join(dir, "pgbouncer.ini"))
	if out, err := exec.Command(name0, args...).CombinedOutput(); err != nil {
		tb.Fatalf("dbtest: pgbouncer: %v\n%s", err, out)
	}
	tb.Cleanup(func() { killPidFile(filepath.Join(dir, "pgbouncer.pid")) })
	through := fmt.Sprintf("postgres://%s@127.0.0.1:%d/%s?sslmode=disable", u.User.Username(), port, name)
	deadline := time.Now().Add(10 * time.Second)
	for execAdmin(tb.Context(), through+"&default_query_exec_mode=simple_protocol", "SELECT 1") != nil {
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(filepath.Join(dir, "pgbouncer.log"))
			tb.Fatalf("dbtest: PgBouncer on port %d does not answer\n%s", port, log)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return through
}

// writePgBouncerConfig writes, in dir, PgBouncer's settings (every
// database of server, transaction mode, on port) and its one trusted user.
func writePgBouncerConfig(tb testing.TB, dir string, server *url.URL, port int) {
	tb.Helper()
	ini := fmt.Sprintf(`[databases]
* = host=%s port=%s

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = %d
unix_socket_dir =
auth_type = trust
auth_file = %s/users.txt
pool_mode = transaction
max_client_conn = 500
default_pool_size = 20
ignore_startup_parameters = extra_float_digits
logfile = %[4]s/pgbouncer.log
pidfile = %[4]s/pgbouncer.pid
`, server.Hostname(), server.Port(), port, dir)
	users := `"` + server.User.Username() + `" ""` + "\n"
	for file, text := range map[string]string{"pgbouncer.ini": ini, "users.txt": users} {
		if err := os.WriteFile(filepath.Join(dir, file), []byte(text), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

// killPidFile kills the process whose id the file holds, if any.
func killPidFile(path string) {
	pid, err := os.ReadFile(path)
	if err != nil {
		return
	}
	if n, err := strconv.Atoi(strings.TrimSpace(string(pid))); err == nil {
		if p, err := os.FindProcess(n); err == nil {
			_ = p.Kill()
		}
	}
}
