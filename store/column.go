package store

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"time"
)

// Column conversions shared by every table: times, nullable times and JSON.
// Times go in as time.Time (see dialect.args) and come out through these
// scanners, which accept either engine's representation.

// norm returns t as the store keeps it: UTC, truncated to the microsecond.
func norm(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// normp is norm for an optional time.
func normp(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	n := norm(*t)
	return &n
}

// timeCol scans a NOT NULL time column.
type timeCol struct{ t *time.Time }

func (c timeCol) Scan(src any) error {
	t, err := scanTime(src)
	if err != nil {
		return err
	}
	*c.t = t
	return nil
}

// nullTimeCol scans a nullable time column into a *time.Time.
type nullTimeCol struct{ t **time.Time }

func (c nullTimeCol) Scan(src any) error {
	if src == nil {
		*c.t = nil
		return nil
	}
	t, err := scanTime(src)
	if err != nil {
		return err
	}
	*c.t = &t
	return nil
}

func scanTime(src any) (time.Time, error) {
	switch v := src.(type) {
	case int64: // SQLite: microseconds since the epoch
		return time.UnixMicro(v).UTC(), nil
	case time.Time: // PostgreSQL: timestamptz
		return v.UTC(), nil
	case nil:
		return time.Time{}, nil
	}
	return time.Time{}, fmt.Errorf("scan time: unexpected %T", src)
}

// jsonCol scans a nullable JSON column into v, a pointer; NULL leaves it
// untouched.
type jsonCol struct{ v any }

func (c jsonCol) Scan(src any) error {
	var b []byte
	switch s := src.(type) {
	case nil:
		return nil
	case []byte:
		b = s
	case string:
		b = []byte(s)
	default:
		return fmt.Errorf("scan json: unexpected %T", src)
	}
	if len(b) == 0 {
		return nil
	}
	if err := json.Unmarshal(b, c.v); err != nil {
		return fmt.Errorf("scan json: %w", err)
	}
	return nil
}

// jsonArg encodes v for a JSON column: nil, an empty map or slice, and a nil
// pointer are stored as NULL.
func jsonArg(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Map, reflect.Slice:
		if rv.Len() == 0 {
			return nil, nil
		}
	case reflect.Pointer:
		if rv.IsNil() {
			return nil, nil
		}
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode json: %w", err)
	}
	return string(b), nil
}

// jsonArgs encodes several values for JSON columns.
func jsonArgs(vs ...any) ([]any, error) {
	out := make([]any, len(vs))
	for i, v := range vs {
		a, err := jsonArg(v)
		if err != nil {
			return nil, err
		}
		out[i] = a
	}
	return out, nil
}

// nullID stores 0 as NULL, for optional foreign keys.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// qualify prefixes each of a list of plain column names with a table's
// name or alias: qualify("u", "id, name") is "u.id, u.name".
func qualify(table, columns string) string {
	return table + "." + strings.ReplaceAll(columns, ", ", ", "+table+".")
}
