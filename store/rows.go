package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
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
// values from vals: on PostgreSQL with COPY (copyRows), on SQLite many to
// a statement. Statements come in a few sizes (64 rows, then 32, 16 ...
// 1), so that the few shapes stay prepared and the cache of statements
// does not fill with one of every length.
func (tx *Tx) insertRows(ctx context.Context, table, columns string, n int, vals func(i int) ([]any, error)) error {
	return tx.upsertRows(ctx, table, columns, "", n, vals)
}

// upsertRows is insertRows with a clause after the rows (ON CONFLICT ...).
func (tx *Tx) upsertRows(ctx context.Context, table, columns, then string, n int, vals func(i int) ([]any, error)) error {
	if then == "" && tx.conn != nil {
		return tx.copyRows(ctx, table, columns, n, vals)
	}
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

// copyRows is insertRows on PostgreSQL: the rows go in with COPY, in one
// round trip whatever their number, with no statement to parse or plan.
// With new cases' six tables written so, intake in `guanjia bench --db …
// --reuse … --only intake` (a town of 200,000 cases and growing, five runs
// each, alternated) went from 1,329–1,443 reports/s (mean 1,390) to
// 1,404–1,514 (mean 1,480), higher in every pair, and a bulk load of
// 200,000 cases from 4,642 to 6,080 cases/s (one run each). The
// statement-level triggers on cases see the rows as they see an INSERT's,
// and an error aborts the transaction as the INSERT's would.
func (tx *Tx) copyRows(ctx context.Context, table, columns string, n int, vals func(i int) ([]any, error)) error {
	if n == 0 {
		return nil
	}
	rows := make([][]any, n)
	for i := range rows {
		v, err := vals(i)
		if err != nil {
			return err
		}
		rows[i] = v
	}
	cols := strings.Split(columns, ",")
	for i := range cols {
		cols[i] = strings.TrimSpace(cols[i])
	}
	return tx.conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("copy into %s: the connection is a %T, not pgx's", table, dc)
		}
		if _, err := c.Conn().CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows)); err != nil {
			return fmt.Errorf("copy into %s: %w", table, err)
		}
		return nil
	})
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
