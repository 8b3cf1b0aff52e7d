// Package backup copies a Guanjia installation, its database and its
// photos, into a directory, and puts such a copy back into an empty
// installation.
//
// A backup directory holds the database (a SQLite file made with VACUUM
// INTO, or a pg_dump archive in custom format), the photo directory under
// media/, and manifest.json, written last: when and of what the backup was
// made, the schema version and row counts of the database, and the size
// and SHA-256 of every file. Restore checks every checksum before it
// changes anything and checks the restored database against the counts.
//
// The database is copied first and the photos after it: photos are
// content-addressed and never change once saved, and a case names a photo
// only after it is saved, so every photo the copied database names is
// copied too.
package backup

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// Source is an installation to back up.
type Source struct {
	DB       *store.DB // the open database
	DSN      string    // what DB was opened with; pg_dump connects to it
	MediaDir string    // the photo directory
}

// Options are what Create and Restore may be told.
type Options struct {
	// Now is the clock for the manifest's time; time.Now when nil.
	Now func() time.Time
	// PGBin is the directory of pg_dump and pg_restore; when empty they
	// are looked for on PATH.
	PGBin string
}

// tool returns the path of the PostgreSQL program name, or an error when
// it is not to be had.
func (o Options) tool(name string) (string, error) {
	if o.PGBin != "" {
		name = filepath.Join(o.PGBin, name)
	}
	return exec.LookPath(name)
}

// Create backs src up into dir, which must be empty or not exist, and
// returns the manifest it wrote. On PostgreSQL without pg_dump it copies
// the photos, leaves Database nil and says in DumpCommand what to run.
func Create(ctx context.Context, src Source, dir string, opts Options) (*Manifest, error) {
	if ok, err := emptyDir(dir); err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	} else if !ok {
		return nil, guanjia.Errorf(guanjia.ECONFLICT, "The backup directory %s is not empty.", dir)
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	m := &Manifest{Format: formatV1, CreatedAt: now().UTC(), Engine: store.EngineOf(src.DSN)}
	var err error
	if m.Engine == store.Postgres {
		err = dumpPostgres(ctx, src, dir, opts, m)
	} else {
		err = copySQLite(ctx, src.DB, dir, m)
	}
	if err != nil {
		return nil, err
	}
	if m.Files, err = copyMedia(src.MediaDir, dir); err != nil {
		return nil, err
	}
	if err := m.write(dir); err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	return m, syncDir(dir)
}

// copySQLite copies the live database into dir and takes its census from
// the copy, so that the two agree exactly.
func copySQLite(ctx context.Context, db *store.DB, dir string, m *Manifest) error {
	name := filepath.Join(dir, sqliteName)
	if err := db.Backup(ctx, name); err != nil {
		return err
	}
	c, err := census(ctx, name)
	if err != nil {
		return err
	}
	f, err := seal(name)
	if err != nil {
		return err
	}
	m.Census, m.Database = c, f
	return nil
}

// seal makes the database file of a backup readable by its owner and group
// only, as the photos are (it holds personal data), and returns its entry
// in the manifest.
func seal(name string) (*File, error) {
	if err := os.Chmod(name, 0o640); err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	f, err := hashFile(name)
	if err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	f.Path = filepath.Base(name)
	return &f, nil
}

// census opens the database at dsn just to take its census.
func census(ctx context.Context, dsn string) (store.Census, error) {
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return store.Census{}, err
	}
	defer db.Close()
	return db.Census(ctx)
}

// copyMedia copies the photo directory root into dir/media and lists what
// it copied.
func copyMedia(root, dir string) ([]File, error) {
	names, err := mediaFiles(root)
	if err != nil {
		return nil, err
	}
	files := make([]File, 0, len(names))
	dirs := map[string]bool{}
	for _, name := range names {
		dst := filepath.Join(dir, filepath.FromSlash(mediaPrefix+name))
		f, err := copyFile(filepath.Join(root, filepath.FromSlash(name)), dst, "")
		if err != nil {
			return nil, fmt.Errorf("back up photo %s: %w", name, err)
		}
		f.Path = mediaPrefix + name
		files = append(files, f)
		dirs[filepath.Dir(dst)] = true
	}
	for d := range dirs {
		if err := syncDir(d); err != nil {
			return nil, fmt.Errorf("back up photos: %w", err)
		}
	}
	return files, nil
}
