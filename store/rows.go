package store

import (
	"context"
	"strings"
)

// Rows many to a statement, and their ids, for the writes of new cases
// (case_bulk.go) and the summaries.

// newIDs returns n new ids for rows of table: on SQLite, which has one
// writer, past the highest used (and, for AUTOINCREMENT tables, ever
// used); on PostgreSQL from the table's identity sequence.
func (tx *Tx) newIDs(ctx context.Context, table string, n int) ([]int64, error) {
	out := make([]int64, 0, n)
	if tx.d.postgres() {
		rows, err := tx.query(ctx, "SELECT nextval(pg_get_serial_sequence('"+table+"', 'id')) FROM generate_series(1, CAST(? AS integer))", n)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return nil, err
			}
			out = append(out, id)
		}
		return out, rows.Err()
	}
	var last int64
	err := tx.queryRow(ctx, "SELECT MAX(COALESCE((SELECT MAX(id) FROM "+table+"), 0), "+
		"COALESCE((SELECT seq FROM sqlite_sequence WHERE name = ?), 0))", table).Scan(&last)
	if err != nil {
		return nil, err
	}
	for i := range n {
		out = append(out, last+1+int64(i))
	}
	return out, nil
}

// insertRows writes n rows of table with the given columns, each row's
// values from vals, many to a statement. Statements come in a few sizes
// (64 rows, then 32, 16 ... 1), so that the few shapes stay prepared and
// the cache of statements does not fill with one of every length.
func (tx *Tx) insertRows(ctx context.Context, table, columns string, n int, vals func(i int) ([]any, error)) error {
	return tx.upsertRows(ctx, table, columns, "", n, vals)
}

// upsertRows is insertRows with a clause after the rows (ON CONFLICT ...).
func (tx *Tx) upsertRows(ctx context.Context, table, columns, then string, n int, vals func(i int) ([]any, error)) error {
	for done := 0; done < n; {
		size := 64
		for size > n-done {
			size /= 2
		}
		var args []any
		width := 0
		for i := range size {
			v, err := vals(done + i)
			if err != nil {
				return err
			}
			width = len(v)
			args = append(args, v...)
		}
		if _, err := tx.exec(ctx, rowsInsert(table, columns, then, size, width), args...); err != nil {
			return err
		}
		done += size
	}
	return nil
}

// rowsInsert returns upsertRows' statement for size rows of width values.
func rowsInsert(table, columns, then string, size, width int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO " + table + " (" + columns + ") VALUES ")
	row := "(" + placeholders(width) + ")"
	for i := range size {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
	}
	if then != "" {
		b.WriteString(" " + then)
	}
	return b.String()
}
