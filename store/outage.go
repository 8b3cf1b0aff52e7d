package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/ncruces/go-sqlite3"
)

// OutageRetry is how long an answer during a database outage asks the
// caller to wait.
const OutageRetry = 5 * time.Second

// Outage returns an EUNAVAILABLE error, with a RetryAfter, when err says
// that the database is out of reach for now (see Unreachable); otherwise
// err itself. The edges call it before they map an error to a status, and
// log err first.
func Outage(err error) error {
	if !Unreachable(err) {
		return err
	}
	e := guanjia.Errorf(guanjia.EUNAVAILABLE, "The service is unavailable for a moment. Try again shortly.")
	e.RetryAfter = OutageRetry
	return e
}

// errClosed is what a write waiting for the store's group commit gets
// once the store is closed (see GroupCreate).
var errClosed = errors.New("the database is closed")

// SQLite's primary result codes that mean the file cannot be had now.
const (
	sqliteBusy     = 5
	sqliteLocked   = 6
	sqliteIOErr    = 10
	sqliteFull     = 13
	sqliteCantOpen = 14
)

// PostgreSQL error classes and codes that mean the server is going away or
// will not take a connection: connection exceptions, shutdowns, too many
// connections, a database not accepting connections.
var postgresOutages = []string{"08", "57P01", "57P02", "57P03", "53300", "55000"}

// Unreachable reports whether err says that the database cannot be
// reached or used for now, from either driver: the network or a refused
// connection, a server shutting down, a pool closed under us, a deadline
// passed waiting for a connection, SQLite busy past its timeout or its file
// gone or unreadable. Errors in what was asked (SQL, constraints) are not.
func Unreachable(err error) bool {
	var netErr net.Error
	var connectErr *pgconn.ConnectError
	var pgErr *pgconn.PgError
	var liteErr *sqlite3.Error
	switch {
	case guanjia.ErrorCode(err) != guanjia.EINTERNAL: // nil, or an application error
		return false
	case errors.Is(err, driver.ErrBadConn), errors.Is(err, sql.ErrConnDone), errors.Is(err, errClosed),
		errors.Is(err, context.DeadlineExceeded), errors.Is(err, io.ErrUnexpectedEOF):
		return true
	case errors.As(err, &liteErr): // before net.Error, whose methods SQLite's errors have too
		switch int(liteErr.Code()) {
		case sqliteBusy, sqliteLocked, sqliteIOErr, sqliteFull, sqliteCantOpen:
			return true
		}
		return false
	case errors.As(err, &connectErr), errors.As(err, &netErr):
		return true
	case errors.As(err, &pgErr):
		for _, c := range postgresOutages {
			if strings.HasPrefix(pgErr.Code, c) {
				return true
			}
		}
		return false
	}
	// database/sql does not export these; pgx's closed connection neither.
	msg := err.Error()
	return strings.Contains(msg, "sql: database is closed") || strings.Contains(msg, "conn closed")
}
