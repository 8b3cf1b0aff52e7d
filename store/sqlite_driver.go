package store

import (
	"net/url"
	"strings"

	"github.com/ncruces/go-sqlite3"
	_ "github.com/ncruces/go-sqlite3/driver" // registers "sqlite3"
	"github.com/ncruces/go-sqlite3/ext/fts5"
)

// The SQLite driver. github.com/ncruces/go-sqlite3 runs SQLite translated
// to Go (no cgo, one static binary), each connection on its own, without
// the mutex that SQLite in serialized mode takes at every call: reading a
// page of the queue (50 cases of 49 columns) through database/sql costs
// about 0.58 of modernc.org/sqlite's time, on a par with the cgo driver
// (see docs/performance.md, "The driver").
const SQLiteDriver = "sqlite3"

// SQLiteDSN is the data source name that opens the SQLite file at path with
// params ("_pragma=busy_timeout(10000)", "_txlock=immediate"...) through
// Guanjia's VFS (sqlite_vfs.go): a file: URI, the only form whose
// parameters the driver reads.
func SQLiteDSN(path string, params ...string) string {
	u := url.URL{Path: path}
	return "file:" + u.EscapedPath() + "?" + strings.Join(append([]string{"vfs=" + sqliteVFS}, params...), "&")
}

// init gives every SQLite connection, as it opens, FTS5, Guanjia's
// functions and the rollback hook of Guanjia's VFS (sqlite_vfs.go). It
// stays an init: the registration is a process-wide side effect, not a
// value, and must come before any connection (Open's, a checkpoint's, a
// backup's) fires the triggers that call the functions.
func init() {
	sqlite3.AutoExtension(func(c *sqlite3.Conn) error {
		c.RollbackHook(rollbackHook(c))
		if err := fts5.Register(c); err != nil {
			return err
		}
		for name, fn := range map[string]func(texts ...string) []string{
			"guanjia_terms":    docTerms,
			"guanjia_trigrams": docTrigrams,
		} {
			if err := registerTextFunction(c, name, fn); err != nil {
				return err
			}
		}
		return nil
	})
}

// registerTextFunction registers on c a function of name over any number
// of texts (NULLs skipped) that returns what fn makes of them, joined by
// spaces.
func registerTextFunction(c *sqlite3.Conn, name string, fn func(texts ...string) []string) error {
	return c.CreateFunction(name, -1, sqlite3.DETERMINISTIC|sqlite3.INNOCUOUS, func(ctx sqlite3.Context, args ...sqlite3.Value) {
		texts := make([]string, 0, len(args))
		for _, a := range args {
			switch a.Type() {
			case sqlite3.TEXT, sqlite3.BLOB:
				texts = append(texts, a.Text())
			}
		}
		ctx.ResultText(strings.Join(fn(texts...), " "))
	})
}
