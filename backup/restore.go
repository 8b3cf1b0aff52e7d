package backup

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// Target is an installation to restore a backup into.
type Target struct {
	DSN      string // a SQLite file path or a postgres:// URL
	MediaDir string // the photo directory
	// Force restores over a database and photos that are there already:
	// the SQLite file is replaced, PostgreSQL objects of the same names
	// are dropped, photos of the same names are overwritten.
	Force bool
}

// Restore puts the backup in dir back into t and returns its manifest. It
// checks every file's checksum before it changes anything, refuses a
// target that is not empty unless t.Force, and checks the restored
// database's census against the manifest. A PostgreSQL backup made without
// pg_dump (Database nil) has only its photos restored; RestoreCommand says
// what to run for the database.
func Restore(ctx context.Context, dir string, t Target, opts Options) (*Manifest, error) {
	m, err := readManifest(dir)
	if err != nil {
		return nil, err
	}
	if engine := store.EngineOf(t.DSN); engine != m.Engine {
		return nil, guanjia.Errorf(guanjia.EUNPROCESSABLE, "The backup is of a %s database; restore it into one of the same kind.", m.Engine)
	}
	for _, f := range m.all() {
		if err := verify(dir, f); err != nil {
			return nil, err
		}
	}
	if !t.Force {
		if err := t.checkEmpty(ctx); err != nil {
			return nil, err
		}
	}
	if err := restoreMedia(dir, m, t.MediaDir); err != nil {
		return nil, err
	}
	if m.Database == nil {
		return m, nil
	}
	if m.Engine == store.Postgres {
		err = restorePostgres(ctx, dir, t.DSN, t.Force, opts)
	} else {
		err = restoreSQLite(dir, m, t.DSN)
	}
	if err != nil {
		return nil, err
	}
	return m, checkCensus(ctx, t.DSN, m.Census)
}

// all returns every file of the backup.
func (m *Manifest) all() []File {
	if m.Database == nil {
		return m.Files
	}
	return append([]File{*m.Database}, m.Files...)
}

// checkEmpty refuses a target that holds a database or photos.
func (t Target) checkEmpty(ctx context.Context) error {
	notEmpty := guanjia.Errorf(guanjia.ECONFLICT, "The database %s is not empty; restore into an empty one or use --force.", t.DSN)
	if store.EngineOf(t.DSN) == store.Postgres {
		db, err := store.Open(ctx, t.DSN)
		if err != nil {
			return err
		}
		defer db.Close()
		if empty, err := db.Empty(ctx); err != nil || !empty {
			return errors.Join(err, notEmpty)
		}
	} else {
		for _, name := range []string{t.DSN, t.DSN + "-wal"} {
			if fi, err := os.Stat(name); err == nil && fi.Size() > 0 {
				return notEmpty
			} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("restore: %w", err)
			}
		}
	}
	names, err := mediaFiles(t.MediaDir)
	if err != nil {
		return err
	}
	if len(names) > 0 {
		return guanjia.Errorf(guanjia.ECONFLICT, "The photo directory %s is not empty; restore into an empty one or use --force.", t.MediaDir)
	}
	return nil
}

// restoreMedia copies the backup's photos into root, checking each
// file's checksum as it is copied.
func restoreMedia(dir string, m *Manifest, root string) error {
	for _, f := range m.Files {
		rel := filepath.FromSlash(f.Path[len(mediaPrefix):])
		if _, err := copyFile(filepath.Join(dir, filepath.FromSlash(f.Path)), filepath.Join(root, rel), f.SHA256); err != nil {
			return fmt.Errorf("restore photo %s: %w", f.Path, err)
		}
	}
	return nil
}

// restoreSQLite puts the database file in place of the one at path,
// removing what SQLite keeps beside an old one, and its search file,
// which the database makes again.
func restoreSQLite(dir string, m *Manifest, path string) error {
	for _, name := range store.SQLiteFiles(path) {
		if err := os.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("restore: %w", err)
		}
	}
	if _, err := copyFile(filepath.Join(dir, sqliteName), path, m.Database.SHA256); err != nil {
		return fmt.Errorf("restore database: %w", err)
	}
	return syncDir(filepath.Dir(path))
}

// checkCensus compares the restored database with the backup's census.
func checkCensus(ctx context.Context, dsn string, want store.Census) error {
	got, err := census(ctx, dsn)
	if err != nil {
		return err
	}
	if got.SchemaVersion != want.SchemaVersion || !maps.Equal(got.Counts, want.Counts) {
		return guanjia.Errorf(guanjia.EUNPROCESSABLE, "The restored database does not match the backup's manifest.")
	}
	return nil
}
