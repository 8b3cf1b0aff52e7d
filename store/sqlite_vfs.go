package store

import (
	"encoding/binary"
	"sync"

	"github.com/ncruces/go-sqlite3"
	"github.com/ncruces/go-sqlite3/vfs"
)

// The SQLite files are opened through a VFS of Guanjia's ("guanjia", named
// in every DSN by SQLiteDSN): the driver's own, except that a connection's
// writes to the write-ahead log are gathered and handed to the kernel
// together. SQLite writes each frame of the log as two writes, its 24-byte
// header and its page, and a group of 16 new cases commits some 250
// frames: the writer made some 45 system calls a case, 8.6% of all the CPU
// of the bench's intake and all of it in the one writer's turn, where one
// a commit does (docs/performance.md, 6 December).
//
// The log's contents and when they reach the disk do not change: the
// gathered writes go to the kernel before the commit's sync, before the
// commit becomes visible (the commit frame goes with them even when a
// connection does not sync at commit), before any read that overlaps them,
// and before the log is truncated or sized. Gathered writes are only ever
// a transaction's frames not yet committed (the commit frame takes them
// all), so they are dropped when it rolls back (rollbackHook) or the
// connection closes: the lock on the log is gone then, and another
// connection's frames may have taken their place. Only the log is wrapped;
// the database file, its locks and its shared memory are the driver's.
const sqliteVFS = "guanjia"

// walBufferLimit bounds the writes gathered at once: a transaction that
// writes more (the bulk load's) hands them on in parts of this size.
const walBufferLimit = 1 << 20

func init() {
	vfs.Register(sqliteVFS, gatheringVFS{vfs.Find("").(vfs.VFSFilename)})
}

// gatheringVFS is the driver's VFS with the log's writes gathered.
type gatheringVFS struct {
	vfs.VFSFilename
}

func (v gatheringVFS) OpenFilename(name *vfs.Filename, flags vfs.OpenFlag) (vfs.File, vfs.OpenFlag, error) {
	f, flags, err := v.VFSFilename.OpenFilename(name, flags)
	if err != nil || flags&vfs.OPEN_WAL == 0 {
		return f, flags, err
	}
	db := name.DatabaseFile()
	if db == nil {
		return f, flags, nil
	}
	w := &walFile{File: f, end: -1, db: db}
	walFiles.Store(db, w)
	return w, flags, nil
}

// walFiles holds each connection's log, by the connection's database file,
// for rollbackHook.
var walFiles sync.Map // vfs.File → *walFile

// rollbackHook drops the frames that c gathered for a transaction that
// rolled back. sqlite_driver.go's init sets it on every connection.
func rollbackHook(c *sqlite3.Conn) func() {
	return func() {
		if db := c.Filename("").DatabaseFile(); db != nil {
			if w, ok := walFiles.Load(db); ok {
				w.(*walFile).discard()
			}
		}
	}
}

// walFile gathers writes that continue one another (the frames that a
// transaction appends) in buf, which belongs at offset off of the file.
// end is where the next frame is expected: the end of the last write that
// extended the log, or -1 before the first.
type walFile struct {
	vfs.File
	db     vfs.File // the connection's database file
	buf    []byte
	off    int64
	end    int64
	commit bool // the last write was a commit frame's header
}

const (
	walHeaderSize      = 32
	walFrameHeaderSize = 24
)

func (f *walFile) WriteAt(p []byte, off int64) (int, error) {
	n, err := f.write(p, off)
	// A frame's header holds the database's size after the commit in its
	// bytes 4-7 if it ends a transaction, zero otherwise; the commit frame
	// goes to the kernel with its page, before SQLite makes it visible.
	commit := f.commit
	f.commit = len(p) == walFrameHeaderSize && binary.BigEndian.Uint32(p[4:8]) != 0
	if err == nil && (commit || len(f.buf) >= walBufferLimit) {
		err = f.flush()
	}
	if err != nil {
		return 0, err
	}
	return n, nil
}

// write gathers p or hands it to the kernel.
func (f *walFile) write(p []byte, off int64) (int, error) {
	switch {
	case off == 0 && len(p) == walHeaderSize:
		// The log's header: the log starts again from the beginning.
		if err := f.flush(); err != nil {
			return 0, err
		}
		f.off, f.end = 0, 0
	case off == f.end && off == f.off+int64(len(f.buf)):
		// The next frame, or the next part of one.
	case off >= f.off && off+int64(len(p)) <= f.off+int64(len(f.buf)):
		// A frame gathered before, written again (SQLite writes a page
		// in place when a transaction changes it again).
		copy(f.buf[off-f.off:], p)
		return len(p), nil
	default:
		// Anything else (a frame's header rewritten with new checksums,
		// the first write after opening) goes to the kernel at once.
		if err := f.flush(); err != nil {
			return 0, err
		}
		n, err := f.File.WriteAt(p, off)
		if end := off + int64(n); err == nil && end > f.end {
			f.off, f.end = end, end
		}
		return n, err
	}
	if len(f.buf) == 0 {
		f.off = off
	}
	f.buf = append(f.buf, p...)
	f.end = off + int64(len(p))
	return len(p), nil
}

// flush hands the gathered writes to the kernel. On an error they are
// dropped: SQLite fails the transaction, whose frames the log then ignores.
func (f *walFile) flush() error {
	if len(f.buf) == 0 {
		return nil
	}
	buf, off := f.buf, f.off
	f.buf = f.buf[:0]
	f.off += int64(len(buf))
	if _, err := f.File.WriteAt(buf, off); err != nil {
		f.end = -1
		return err
	}
	return nil
}

// discard drops the gathered writes, and what is known of the log's end.
func (f *walFile) discard() {
	f.buf = f.buf[:0]
	f.end, f.commit = -1, false
}

func (f *walFile) ReadAt(p []byte, off int64) (int, error) {
	if len(f.buf) > 0 && off < f.off+int64(len(f.buf)) && off+int64(len(p)) > f.off {
		if err := f.flush(); err != nil {
			return 0, err
		}
	}
	return f.File.ReadAt(p, off)
}

func (f *walFile) Sync(flags vfs.SyncFlag) error {
	if err := f.flush(); err != nil {
		return err
	}
	return f.File.Sync(flags)
}

func (f *walFile) Truncate(size int64) error {
	if err := f.flush(); err != nil {
		return err
	}
	if size < f.end {
		f.end = -1
	}
	return f.File.Truncate(size)
}

func (f *walFile) Size() (int64, error) {
	if err := f.flush(); err != nil {
		return 0, err
	}
	return f.File.Size()
}

func (f *walFile) Close() error {
	f.discard()
	walFiles.CompareAndDelete(f.db, f)
	return f.File.Close()
}

// Unwrap returns the driver's file.
func (f *walFile) Unwrap() vfs.File { return f.File }
