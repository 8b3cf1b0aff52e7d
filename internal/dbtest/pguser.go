package dbtest

import (
	"net"
	"os"
	"os/user"
	"strconv"
	"testing"
)

// pgUser returns the user that servers a test starts run as: "" for this
// process's own, or GUANJIA_TEST_PG_USER when the tests run as root,
// which PostgreSQL and PgBouncer refuse. As root without it, it skips the
// test; what names the servers, for the message.
func pgUser(tb testing.TB, what string) string {
	tb.Helper()
	if os.Geteuid() != 0 {
		return ""
	}
	u := os.Getenv(EnvPGUser)
	if u == "" {
		tb.Skipf("%s: running as root and %s not set", what, EnvPGUser)
	}
	return u
}

// serverDir makes a directory in the system's temporary directory for
// servers that run as runAs (not t.TempDir(): its parents are the test
// user's alone) and gives it to runAs. The caller removes it.
func serverDir(tb testing.TB, prefix, runAs string) string {
	tb.Helper()
	dir, err := os.MkdirTemp("", prefix)
	if err != nil {
		tb.Fatal(err)
	}
	if runAs != "" {
		if err := chown(dir, runAs); err != nil {
			os.RemoveAll(dir)
			tb.Fatalf("dbtest: %v", err)
		}
	}
	return dir
}

// asUser returns the program and arguments that run bin with args as
// runAs ("" for this process's user).
func asUser(runAs, bin string, args ...string) (string, []string) {
	if runAs == "" {
		return bin, args
	}
	return "runuser", append([]string{"-u", runAs, "--", bin}, args...)
}

// chown gives dir to the user called name.
func chown(dir, name string) error {
	u, err := user.Lookup(name)
	if err != nil {
		return err
	}
	uid, err := strconv.Atoi(u.Uid)
	if err != nil {
		return err
	}
	gid, err := strconv.Atoi(u.Gid)
	if err != nil {
		return err
	}
	return os.Chown(dir, uid, gid)
}

// FreePort returns a loopback TCP port nothing listened on a moment ago,
// for a server a test starts (another process may take it first).
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
