package store

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// This file is the one place where SQLite and PostgreSQL differ outside the
// migrations. Queries are written once, with ? placeholders and times as
// time.Time arguments; the dialect rewrites both for the engine.

// Engine names.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// dialect adapts queries and arguments to one engine.
type dialect struct{ engine string }

func (d dialect) postgres() bool { return d.engine == Postgres }

// runningIndex names, on SQLite, the partial index of case_stats' rows
// with a running deadline for a read of them: its planner, with the
// statistics of a big table, was seen to read a month's every row by the
// primary key instead (45 % of the stats' CPU at 1,000,000 cases after a
// bulk load). PostgreSQL takes no such hints.
func (d dialect) runningIndex() string {
	if d.postgres() {
		return ""
	}
	return " INDEXED BY case_stats_running"
}

// inList returns the condition that col is one of vs, with its one
// argument: a JSON array read by json_each on SQLite, an array on
// PostgreSQL. Its text is the same for any number of values, so that one
// prepared statement serves every batch.
func inList[T int64 | string](d dialect, col string, vs []T) (cond string, arg any) {
	if d.postgres() {
		return col + " = ANY(?)", vs
	}
	b, _ := json.Marshal(vs) // of numbers or strings: cannot fail
	return col + " IN (SELECT value FROM json_each(?))", string(b)
}

// rebind turns ? placeholders into $1, $2 ... for PostgreSQL. A ? inside a
// quoted string or identifier is left alone.
func (d dialect) rebind(query string) string {
	if !d.postgres() || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n, quote := 0, byte(0)
	for i := 0; i < len(query); i++ {
		ch := query[i]
		switch {
		case quote != 0:
			if ch == quote {
				quote = 0
			}
		case ch == '\'' || ch == '"':
			quote = ch
		case ch == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(ch)
	}
	return b.String()
}

// args converts time arguments to the stored form: INTEGER microseconds
// since the epoch on SQLite, a UTC time.Time on PostgreSQL (timestamptz),
// both truncated to the microsecond. A nil *time.Time becomes NULL.
func (d dialect) args(args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case time.Time:
			out[i] = d.time(v)
		case *time.Time:
			if v != nil {
				out[i] = d.time(*v)
			}
		default:
			out[i] = a
		}
	}
	return out
}

func (d dialect) time(t time.Time) any {
	if d.postgres() {
		return t.UTC().Truncate(time.Microsecond)
	}
	return t.UnixMicro()
}

// cell returns the whole number of cells a non-negative expression counts:
// SQLite's CAST truncates, PostgreSQL's rounds, so it floors there.
func (d dialect) cell(expr string) string {
	if d.postgres() {
		return "floor(" + expr + ")::bigint"
	}
	return "CAST(" + expr + " AS INTEGER)"
}

// migrationsTable is the DDL of the table that records applied migrations.
func (d dialect) migrationsTable() string {
	typ := "INTEGER"
	if d.postgres() {
		typ = "timestamptz"
	}
	return `CREATE TABLE IF NOT EXISTS schema_migrations (
	version    INTEGER PRIMARY KEY,
	name       TEXT NOT NULL,
	applied_at ` + typ + ` NOT NULL
)`
}

// Advisory lock keys on PostgreSQL.
const (
	lockMigrate = 0x6775616e6a6961 // "guanjia"
	lockOutbox  = 0x6f7574626f78   // "outbox"
)

// ilike is the operator for a pattern match that ignores case: LIKE on
// SQLite, which ignores the case of ASCII letters, ILIKE on PostgreSQL,
// which ignores it for all letters.
func (d dialect) ilike() string {
	if d.postgres() {
		return "ILIKE"
	}
	return "LIKE"
}

// ilikeOf is ilike for the pattern q: LIKE on PostgreSQL too when q has
// no letters (Chinese characters, digits, punctuation), which makes no
// difference to what matches and is three times quicker there (ILIKE
// lower-cases every text it checks). No letter lower-cases to such a
// character, so a text holds q exactly when its lower-cased form does.
func (d dialect) ilikeOf(q string) string {
	if d.postgres() && !caseless(q) {
		return "ILIKE"
	}
	return "LIKE"
}

// caseless reports whether s has only characters that are neither
// letters nor their case forms: Chinese characters, ASCII digits,
// punctuation and spaces, Chinese punctuation and full-width digits and
// punctuation.
func caseless(s string) bool {
	for _, r := range s {
		switch {
		case r < 0x80 && !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z'),
			isHan(r),
			r >= 0x3000 && r <= 0x303f, // CJK symbols and punctuation
			r >= 0xff01 && r <= 0xff20: // full-width punctuation and digits (letters start at U+FF21)
		default:
			return false
		}
	}
	return true
}

// TextLike returns the operator a text search for q matches with on
// engine. For those who issue the store's SQL themselves.
func TextLike(engine, q string) string {
	return dialect{engine: engine}.ilikeOf(strings.TrimSpace(q))
}

// escapeLike escapes s for use in LIKE ... ESCAPE '\'.
func escapeLike(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}

// retryable reports whether err is PostgreSQL giving up a transaction that
// would succeed if run again: a deadlock or a serialization failure.
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40P01" || pe.Code == "40001")
}
