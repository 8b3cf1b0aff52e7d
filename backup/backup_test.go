package backup_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/backup"
	"github.com/guanjia/guanjia/demo"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/media"
	"github.com/guanjia/guanjia/store"
)

// town is an installation to back up.
type town struct {
	backup.Source
	close func() error // closes the database; the test's end does if need be
}

// newTown makes an installation on a new database of the engine: the demo
// organisation and a short history with photos.
func newTown(t *testing.T, engine string) town {
	t.Helper()
	ctx := context.Background()
	tw := emptyTown(t, engine)
	photos, err := media.NewStore(tw.MediaDir)
	if err != nil {
		t.Fatal(err)
	}
	clock := &demo.Clock{}
	a, err := app.New(ctx, tw.DB, photos, app.Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Seed(ctx, a, tw.DB, demo.Options{Days: 2, PerDay: 5, History: true, Clock: clock}); err != nil {
		t.Fatal(err)
	}
	return tw
}

// emptyTown makes an installation on a new, migrated database of the
// engine, with no photos.
func emptyTown(t *testing.T, engine string) town {
	t.Helper()
	ctx := context.Background()
	dsn := dbtest.DSN(t, engine)
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	closeDB := sync.OnceValue(db.Close)
	t.Cleanup(func() { closeDB() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "media")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return town{backup.Source{DB: db, DSN: dsn, MediaDir: dir}, closeDB}
}

// newBackup backs a new town on the engine up and returns it, the backup
// directory and the manifest.
func newBackup(t *testing.T, engine string) (town, string, *backup.Manifest) {
	t.Helper()
	src := newTown(t, engine)
	dir := filepath.Join(t.TempDir(), "backup")
	m, err := backup.Create(context.Background(), src.Source, dir, backup.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return src, dir, m
}

// files returns the contents of the files under dir by their paths.
func files(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		got[strings.TrimPrefix(p, dir)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// newTarget returns an empty installation of the engine to restore into.
func newTarget(t *testing.T, engine string) backup.Target {
	t.Helper()
	return backup.Target{DSN: dbtest.DSN(t, engine), MediaDir: filepath.Join(t.TempDir(), "media")}
}

// needPostgresTools skips a PostgreSQL test on a machine without pg_dump
// and pg_restore.
func needPostgresTools(t *testing.T, engine string) {
	t.Helper()
	if engine != dbtest.EnginePostgres {
		return
	}
	for _, name := range []string{"pg_dump", "pg_restore"} {
		if _, err := exec.LookPath(name); err != nil {
			t.Skipf("%s is not on PATH: install the PostgreSQL client programs to test backups of PostgreSQL", name)
		}
	}
}

// TestRoundTrip backs a town up and restores it into an empty
// installation: the census, the schema and every photo come back.
func TestRoundTrip(t *testing.T) {
	for _, engine := range dbtest.Engines() {
		t.Run(engine, func(t *testing.T) {
			needPostgresTools(t, engine)
			ctx := context.Background()
			src, dir, m := newBackup(t, engine)
			want, err := src.DB.Census(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, m.Census); diff != "" {
				t.Errorf("manifest census (-want +got):\n%s", diff)
			}
			if want.Counts["cases"] == 0 || len(m.Files) < 2 {
				t.Fatalf("backed up %d cases and %d photo files, want a history with photos", want.Counts["cases"], len(m.Files))
			}
			for _, f := range append(m.Files, *m.Database) {
				if fi, err := os.Stat(filepath.Join(dir, f.Path)); err != nil {
					t.Error(err)
				} else if fi.Mode().Perm()&0o007 != 0 {
					t.Errorf("%s has mode %v; want it kept from other users", f.Path, fi.Mode())
				}
			}
			dst := newTarget(t, engine)
			if _, err := backup.Restore(ctx, dir, dst, backup.Options{}); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, mustCensus(t, dst.DSN)); diff != "" {
				t.Errorf("restored census (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(files(t, src.MediaDir), files(t, dst.MediaDir)); diff != "" {
				t.Errorf("restored photos (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRestoreRefuses: a damaged backup, a target that is not empty and a
// backup of the other engine change nothing.
func TestRestoreRefuses(t *testing.T) {
	ctx := context.Background()
	src, dir, m := newBackup(t, dbtest.EngineSQLite)
	if _, err := backup.Create(ctx, src.Source, dir, backup.Options{}); guanjia.ErrorCode(err) != guanjia.ECONFLICT {
		t.Errorf("a second backup into the same directory: %v, want %s", err, guanjia.ECONFLICT)
	}
	photo := filepath.Join(dir, filepath.FromSlash(m.Files[0].Path))
	tests := []struct {
		name   string
		target func(t *testing.T) backup.Target
		spoil  func(t *testing.T) // undone after the case
		want   string
	}{
		{"into a database in use", func(t *testing.T) backup.Target {
			return backup.Target{DSN: src.DSN, MediaDir: filepath.Join(t.TempDir(), "media")}
		}, nil, "The database " + src.DSN + " is not empty; restore into an empty one or use --force."},
		{"over photos", func(t *testing.T) backup.Target {
			return backup.Target{DSN: dbtest.SQLite(t), MediaDir: src.MediaDir}
		}, nil, "The photo directory " + src.MediaDir + " is not empty; restore into an empty one or use --force."},
		{"into the other engine", func(t *testing.T) backup.Target {
			return backup.Target{DSN: "postgres://nobody@127.0.0.1:1/none", MediaDir: t.TempDir()}
		}, nil, "The backup is of a sqlite database; restore it into one of the same kind."},
		{"a damaged photo", func(t *testing.T) backup.Target { return newTarget(t, dbtest.EngineSQLite) },
			func(t *testing.T) { spoilFile(t, photo, func(b []byte) []byte { b[len(b)/2] ^= 1; return b }) },
			"The file " + m.Files[0].Path + " in the backup is damaged: its checksum does not match."},
		{"a missing database", func(t *testing.T) backup.Target { return newTarget(t, dbtest.EngineSQLite) },
			func(t *testing.T) { spoilFile(t, filepath.Join(dir, "guanjia.db"), nil) },
			"The file guanjia.db is missing from the backup."},
		{"no manifest", func(t *testing.T) backup.Target { return newTarget(t, dbtest.EngineSQLite) },
			func(t *testing.T) { spoilFile(t, filepath.Join(dir, backup.ManifestName), nil) },
			dir + " is not a Guanjia backup: it has no manifest.json."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.spoil != nil {
				tt.spoil(t)
			}
			dst := tt.target(t)
			_, err := backup.Restore(ctx, dir, dst, backup.Options{})
			if got := guanjia.ErrorMessage(err); got != tt.want {
				t.Fatalf("restore: %v\ngot  %q\nwant %q", err, got, tt.want)
			}
			if names, _ := os.ReadDir(dst.MediaDir); dst.MediaDir != src.MediaDir && len(names) > 0 {
				t.Errorf("a refused restore wrote photos: %v", names)
			}
		})
	}
}

// spoilFile changes the file at path with fn, or removes it when fn is
// nil, and puts it back when the test ends.
func spoilFile(t *testing.T, path string, fn func([]byte) []byte) {
	t.Helper()
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := os.WriteFile(path, orig, 0o640); err != nil {
			t.Fatal(err)
		}
	})
	if fn == nil {
		err = os.Remove(path)
	} else {
		err = os.WriteFile(path, fn(bytes.Clone(orig)), 0o640)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// TestRestoreForce restores over an installation that has data when told
// to, and gives back the backup's census and photos: one of the same name
// as the backup's, but not the same, is overwritten.
func TestRestoreForce(t *testing.T) {
	for _, engine := range dbtest.Engines() {
		t.Run(engine, func(t *testing.T) {
			needPostgresTools(t, engine)
			ctx := context.Background()
			src, dir, m := newBackup(t, engine)
			other := emptyTown(t, engine)
			photos := files(t, src.MediaDir)
			if len(photos) == 0 {
				t.Fatal("the town backed up has no photos")
			}
			for _, name := range slices.Sorted(maps.Keys(photos))[:1] {
				path := filepath.Join(other.MediaDir, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte("another town's photo"), 0o640); err != nil {
					t.Fatal(err)
				}
			}
			err := other.DB.Tx(ctx, func(tx *store.Tx) error {
				return tx.CreateUser(ctx, &guanjia.User{Username: "only-here", Role: guanjia.RoleResident, Jurisdiction: demo.Town.Code})
			})
			if err != nil {
				t.Fatal(err)
			}
			if err := other.close(); err != nil {
				t.Fatal(err)
			}
			searchFile := other.DSN + "-search" // SQLite: indexes the other town's cases
			if engine == store.SQLite {
				markSearchFile(t, searchFile, "CREATE TABLE other_town (x)")
			}
			dst := backup.Target{DSN: other.DSN, MediaDir: other.MediaDir, Force: true}
			if _, err := backup.Restore(ctx, dir, dst, backup.Options{}); err != nil {
				t.Fatal(err)
			}
			if engine == store.SQLite {
				if n := markSearchFile(t, searchFile, "SELECT COUNT(*) FROM sqlite_schema WHERE name = 'other_town'"); n != 0 {
					t.Errorf("the old search file is still there: it would answer for the restored cases")
				}
			}
			if diff := cmp.Diff(m.Census, mustCensus(t, dst.DSN)); diff != "" {
				t.Errorf("census (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(photos, files(t, dst.MediaDir)); diff != "" {
				t.Errorf("photos (-want +got):\n%s", diff)
			}
		})
	}
}

// markSearchFile runs query on the SQLite file at path and returns the
// first column of its first row, if any.
func markSearchFile(t *testing.T, path, query string) (n int) {
	t.Helper()
	db, err := sql.Open(store.SQLiteDriver, store.SQLiteDSN(path))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.QueryRow(query).Scan(&n); err != nil && !errors.Is(err, sql.ErrNoRows) {
		t.Fatal(err)
	}
	return n
}

// TestPostgresWithoutPGDump: without pg_dump a backup holds the photos and
// says what to run; the commands it and restore print do the job.
func TestPostgresWithoutPGDump(t *testing.T) {
	needPostgresTools(t, dbtest.EnginePostgres)
	ctx := context.Background()
	src := newTown(t, dbtest.EnginePostgres)
	dir := filepath.Join(t.TempDir(), "backup")
	m, err := backup.Create(ctx, src.Source, dir, backup.Options{PGBin: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if m.Database != nil || !strings.HasPrefix(m.DumpCommand, "pg_dump --format=custom --file=") {
		t.Fatalf("database %v, dump command %q; want none and a pg_dump command", m.Database, m.DumpCommand)
	}
	sh(t, m.DumpCommand)
	dst := newTarget(t, dbtest.EnginePostgres)
	got, err := backup.Restore(ctx, dir, dst, backup.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(files(t, src.MediaDir), files(t, dst.MediaDir)); diff != "" {
		t.Errorf("restored photos (-want +got):\n%s", diff)
	}
	sh(t, backup.RestoreCommand(dir, dst.DSN))
	if diff := cmp.Diff(got.Census, mustCensus(t, dst.DSN)); diff != "" {
		t.Errorf("census (-manifest +restored):\n%s", diff)
	}
}

// sh runs a command line as an operator would paste it.
func sh(t *testing.T, line string) {
	t.Helper()
	if out, err := exec.Command("sh", "-c", line).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", line, err, out)
	}
}

// mustCensus returns the census of the database at dsn.
func mustCensus(t *testing.T, dsn string) store.Census {
	t.Helper()
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	c, err := db.Census(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c
}
