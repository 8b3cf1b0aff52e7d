package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/ncruces/go-sqlite3/vfs"
)

// memFile is a file in memory that counts the writes it is given.
type memFile struct {
	vfs.File // nil: only the methods below are called
	data     []byte
	writes   int
}

func (m *memFile) WriteAt(p []byte, off int64) (int, error) {
	m.writes++
	if end := off + int64(len(p)); end > int64(len(m.data)) {
		m.data = append(m.data, make([]byte, end-int64(len(m.data)))...)
	}
	copy(m.data[off:], p)
	return len(p), nil
}

func (m *memFile) ReadAt(p []byte, off int64) (int, error) {
	if off >= int64(len(m.data)) {
		return 0, nil
	}
	return copy(p, m.data[off:]), nil
}

func (m *memFile) Truncate(size int64) error {
	if size < int64(len(m.data)) {
		m.data = m.data[:size]
	}
	return nil
}

func (m *memFile) Sync(vfs.SyncFlag) error { return nil }
func (m *memFile) Size() (int64, error)    { return int64(len(m.data)), nil }
func (m *memFile) Close() error            { return nil }

// walWriter writes frames of a log as SQLite does, to a gathering file and
// to a plain one alike.
type walWriter struct {
	t              *testing.T
	gathered       *walFile
	under, plain   *memFile
	pageSize, next int64 // next: the number of the next frame
	rand           *rand.Rand
}

func (w *walWriter) offset(frame int64) int64 {
	return walHeaderSize + frame*(walFrameHeaderSize+w.pageSize)
}

func (w *walWriter) write(p []byte, off int64) {
	w.t.Helper()
	if _, err := w.gathered.WriteAt(p, off); err != nil {
		w.t.Fatal(err)
	}
	w.plain.WriteAt(p, off)
}

func (w *walWriter) frame(n int64, commit bool) {
	header := make([]byte, walFrameHeaderSize)
	binary.BigEndian.PutUint32(header[0:4], uint32(w.rand.IntN(1000)+1))
	if commit {
		binary.BigEndian.PutUint32(header[4:8], uint32(w.rand.IntN(1000)+1))
	}
	w.fill(header[8:])
	page := make([]byte, w.pageSize)
	w.fill(page)
	w.write(header, w.offset(n))
	w.write(page, w.offset(n)+walFrameHeaderSize)
}

func (w *walWriter) fill(b []byte) {
	for i := range b {
		b[i] = byte(w.rand.Uint32())
	}
}

// same fails the test unless the file under the gathering one holds what
// the plain one does.
func (w *walWriter) same(when string) {
	w.t.Helper()
	if !bytes.Equal(w.under.data, w.plain.data) {
		w.t.Fatalf("%s: the file holds %d bytes, %d written; they differ", when, len(w.under.data), len(w.plain.data))
	}
}

// writeAgain writes a transaction that changes pages again in place (one
// of its own frame, gathered, and one of the frames committed before),
// reads a frame it gathered and rewrites that frame's header, as SQLite
// does when it spills pages and recomputes checksums.
func (w *walWriter) writeAgain(committed int64, b byte) {
	w.t.Helper()
	w.frame(w.next, false)
	again := bytes.Repeat([]byte{b}, int(w.pageSize))
	w.write(again, w.offset(w.next)+walFrameHeaderSize)
	w.write(again, w.offset(w.next-1-int64(w.rand.IntN(int(committed))))+walFrameHeaderSize)
	w.same("a page of a committed frame written again")
	buf := make([]byte, walFrameHeaderSize)
	w.frame(w.next+1, false)
	if _, err := w.gathered.ReadAt(buf, w.offset(w.next+1)); err != nil {
		w.t.Fatal(err)
	}
	w.same("a read of a gathered frame")
	buf[16]++
	w.write(buf, w.offset(w.next+1))
	w.same("a header rewritten")
	w.frame(w.next+2, true)
	w.next += 3
	w.same("a transaction with pages written again")
}

// TestWALGathered: the frames of a transaction reach the file in one write,
// at its commit frame, and the file then holds exactly what SQLite wrote;
// a frame written again in place, a header rewritten, a read of gathered
// frames, a sync, a truncation and a new start of the log keep it so; frames
// not committed are dropped at close.
func TestWALGathered(t *testing.T) {
	under, plain := &memFile{}, &memFile{}
	w := &walWriter{t: t, gathered: &walFile{File: under, end: -1}, under: under, plain: plain,
		pageSize: 4096, rand: rand.New(rand.NewPCG(1, 2))}
	hdr := make([]byte, walHeaderSize)
	w.write(hdr, 0)
	for tx := range 200 {
		before := under.writes
		frames := int64(w.rand.IntN(40) + 1)
		for i := range frames {
			w.frame(w.next+i, i == frames-1)
		}
		w.same(fmt.Sprintf("transaction %d, after its commit frame", tx))
		if got := under.writes - before; tx > 0 && got != 1 {
			t.Fatalf("transaction %d of %d frames: %d writes to the file, want 1", tx, frames, got)
		}
		w.next += frames
		switch w.rand.IntN(6) {
		case 0:
			w.writeAgain(frames, byte(tx))
		case 1: // the log starts again
			w.write(hdr, 0)
			w.next = 0
			if err := w.gathered.Sync(0); err != nil {
				t.Fatal(err)
			}
			w.same("a new start of the log, synced")
		case 2: // a transaction spills frames, then ends by a sync
			w.frame(w.next, false)
			w.next++
			if err := w.gathered.Sync(0); err != nil {
				t.Fatal(err)
			}
			w.same("frames without a commit, synced")
		case 3:
			if err := w.gathered.Truncate(w.offset(w.next)); err != nil {
				t.Fatal(err)
			}
			plain.Truncate(w.offset(w.next))
			w.same("truncated")
		}
	}
	// Frames of a transaction past the limit go to the file in parts.
	before := under.writes
	for range 2 * walBufferLimit / 4096 {
		w.frame(w.next, false)
		w.next++
	}
	if got := under.writes - before; got < 2 || got > 3 {
		t.Errorf("%d bytes of frames without a commit: %d writes, want 2 or 3", 2*walBufferLimit, got)
	}
	if err := w.gathered.Sync(0); err != nil {
		t.Fatal(err)
	}
	w.same("synced")
	// A connection that closes in a transaction rolls it back: its frames
	// not committed are dropped, not written where another connection's
	// may be by then.
	before = under.writes
	w.frame(w.next, false)
	if err := w.gathered.Close(); err != nil {
		t.Fatal(err)
	}
	if under.writes != before {
		t.Errorf("closed with a frame not committed: %d writes to the file, want none", under.writes-before)
	}
}

// TestWALGatheredSQLite: through Guanjia's VFS, SQLite's own writes of the
// log keep every commit visible at once to another connection, even one
// that does not sync at commit (synchronous = OFF) and spills frames
// before the commit (a cache of 8 pages), and the file is sound when the
// driver's VFS opens it afterwards.
func TestWALGatheredSQLite(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "gathered.db")
	writer, err := sql.Open(SQLiteDriver, SQLiteDSN(path,
		"_pragma=journal_mode(WAL)&_pragma=synchronous(OFF)&_pragma=cache_size(8)&_pragma=wal_autocheckpoint(50)&_txlock=immediate"))
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	writer.SetMaxOpenConns(1)
	reader, err := sql.Open(SQLiteDriver, SQLiteDSN(path, "_pragma=busy_timeout(10000)"))
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	if _, err := writer.ExecContext(ctx, `CREATE TABLE t (id INTEGER PRIMARY KEY, k INTEGER, v BLOB);
		CREATE INDEX t_k ON t (k)`); err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(3, 4))
	var rows, sum int64
	for tx := range 60 {
		// Small transactions fit the cache and end with their commit
		// frame; large ones spill, change pages again and rewrite frames.
		large := tx%2 == 1
		n := r.IntN(3) + 1
		if large {
			n = r.IntN(80) + 1
		}
		if err := inTx(ctx, writer, func(x *sql.Tx) error {
			for range n {
				k := r.Int64N(1000)
				if _, err := x.ExecContext(ctx, `INSERT INTO t (k, v) VALUES (?, randomblob(600))`, k); err != nil {
					return err
				}
				sum += k
			}
			if !large {
				return nil
			}
			_, err := x.ExecContext(ctx, `UPDATE t SET v = randomblob(600) WHERE id % 7 = ?`, tx%7)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		rows += int64(n)
		var gotRows, gotSum int64
		if err := reader.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(k), 0) FROM t`).Scan(&gotRows, &gotSum); err != nil {
			t.Fatal(err)
		}
		if gotRows != rows || gotSum != sum {
			t.Fatalf("after transaction %d another connection sees %d rows summing %d, want %d and %d", tx, gotRows, gotSum, rows, sum)
		}
	}
	writer.Close()
	reader.Close()
	checkSound(t, path, rows)
}

// checkSound fails the test unless the database at path, opened through
// the driver's own VFS, passes SQLite's integrity check and its table t
// has rows rows.
func checkSound(t *testing.T, path string, rows int64) {
	t.Helper()
	ctx := context.Background()
	plain, err := sql.Open(SQLiteDriver, "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	var check string
	var got int64
	if err := plain.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check through the driver's VFS: %q, %v", check, err)
	}
	if err := plain.QueryRowContext(ctx, `SELECT COUNT(*) FROM t`).Scan(&got); err != nil || got != rows {
		t.Fatalf("through the driver's VFS: %d rows, %v; want %d", got, err, rows)
	}
}

func inTx(ctx context.Context, db *sql.DB, fn func(*sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// TestWALGatheredRollback: frames that a transaction spilled before it
// rolled back are dropped, not written later over the frames that another
// connection committed in their place meanwhile.
func TestWALGatheredRollback(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "rollback.db")
	open := func(params string) *sql.DB {
		db, err := sql.Open(SQLiteDriver, SQLiteDSN(path, "_pragma=busy_timeout(10000)&_txlock=immediate"+params))
		if err != nil {
			t.Fatal(err)
		}
		db.SetMaxOpenConns(1)
		t.Cleanup(func() { db.Close() })
		return db
	}
	// a spills every page it fills: pages of one row each, a cache of 8.
	a, b := open("&_pragma=journal_mode(WAL)&_pragma=cache_size(8)"), open("")
	if _, err := a.ExecContext(ctx, `CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)`); err != nil {
		t.Fatal(err)
	}
	insert := func(db *sql.DB, rows int) error {
		return inTx(ctx, db, func(x *sql.Tx) error {
			for range rows {
				if _, err := x.ExecContext(ctx, `INSERT INTO t (v) VALUES (randomblob(3000))`); err != nil {
					return err
				}
			}
			return nil
		})
	}
	var want int64
	for round := range 5 {
		errRollback := fmt.Errorf("round %d: rolled back", round)
		if err := inTx(ctx, a, func(x *sql.Tx) error {
			for range 60 {
				if _, err := x.ExecContext(ctx, `INSERT INTO t (v) VALUES (randomblob(3000))`); err != nil {
					return err
				}
			}
			return errRollback
		}); err != errRollback {
			t.Fatal(err)
		}
		if err := insert(b, 20); err != nil {
			t.Fatal(err)
		}
		if err := insert(a, 1); err != nil {
			t.Fatal(err)
		}
		want += 21
	}
	a.Close()
	b.Close()
	checkSound(t, path, want)
}
