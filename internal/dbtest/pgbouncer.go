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
	runAs := ""
	if os.Geteuid() == 0 {
		if runAs = os.Getenv(EnvPGUser); runAs == "" {
			tb.Skipf("PgBouncer: running as root and %s not set", EnvPGUser)
		}
	}
	u, err := url.Parse(server)
	if err != nil {
		tb.Fatalf("dbtest: %v", err)
	}
	dir, err := os.MkdirTemp("", "guanjia-pgbouncer-")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { os.RemoveAll(dir) })
	if runAs != "" {
		if err := chown(dir, runAs); err != nil {
			tb.Fatalf("dbtest: %v", err)
		}
	}
	port, err := FreePort()
	if err != nil {
		tb.Fatalf("dbtest: %v", err)
	}
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
`, u.Hostname(), u.Port(), port, dir)
	for file, text := range map[string]string{"pgbouncer.ini": ini, "users.txt": `"` + u.User.Username() + `" ""` + "\n"} {
		if err := os.WriteFile(filepath.Join(dir, file), []byte(text), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	name0, args := bin, []string{"-d", filepath.Join(dir, "pgbouncer.ini")}
	if runAs != "" {
		name0, args = "runuser", append([]string{"-u", runAs, "--", bin}, args...)
	}
	if out, err := exec.Command(name0, args...).CombinedOutput(); err != nil {
		tb.Fatalf("dbtest: pgbouncer: %v\n%s", err, out)
	}
	tb.Cleanup(func() {
		if pid, err := os.ReadFile(filepath.Join(dir, "pgbouncer.pid")); err == nil {
			if n, err := strconv.Atoi(strings.TrimSpace(string(pid))); err == nil {
				if p, err := os.FindProcess(n); err == nil {
					_ = p.Kill()
				}
			}
		}
	})
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
