package backup

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/guanjia/guanjia/store"
)

// dumpPostgres runs pg_dump into dir on a snapshot of the database and
// takes the census of the same snapshot. Without pg_dump it takes the
// census and records the command to run instead.
func dumpPostgres(ctx context.Context, src Source, dir string, opts Options, m *Manifest) error {
	name := filepath.Join(dir, pgDumpName)
	pgDump, err := opts.tool("pg_dump")
	if err != nil {
		m.DumpCommand = DumpCommand(src.DSN, name)
		m.Census, err = src.DB.Census(ctx)
		return err
	}
	return src.DB.ExportSnapshot(ctx, func(snapshot string, c store.Census) error {
		if err := runTool(ctx, pgDump, "--format=custom", "--snapshot="+snapshot,
			"--file="+name, "--dbname="+src.DSN); err != nil {
			return err
		}
		f, err := seal(name)
		if err != nil {
			return err
		}
		m.Census, m.Database = c, f
		return nil
	})
}

// restorePostgres loads the dump of the backup in dir into the database
// at dsn, all or nothing. With clean, objects of the same names that are
// there already are dropped first.
func restorePostgres(ctx context.Context, dir, dsn string, clean bool, opts Options) error {
	pgRestore, err := opts.tool("pg_restore")
	if err != nil {
		return fmt.Errorf("restore: pg_restore is not on PATH (install the PostgreSQL client programs): %w", err)
	}
	args := []string{"--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges", "--dbname=" + dsn}
	if clean {
		args = append(args, "--clean", "--if-exists")
	}
	return runTool(ctx, pgRestore, append(args, filepath.Join(dir, pgDumpName))...)
}

// runTool runs a PostgreSQL program and returns its error output as the
// error when it fails.
func runTool(ctx context.Context, path string, args ...string) error {
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %w: %s", filepath.Base(path), err, strings.TrimSpace(stderr.String()))
	}
	return nil
}

// DumpCommand is the pg_dump command that dumps the database at dsn into
// the file name as a backup expects, with any password left out of it
// (give it in PGPASSWORD or ~/.pgpass).
func DumpCommand(dsn, name string) string {
	return "pg_dump --format=custom --file=" + shellQuote(name) + " --dbname=" + shellQuote(withoutPassword(dsn))
}

// RestoreCommand is the pg_restore command that loads the dump in the
// backup directory dir into the empty database at dsn, password left out.
func RestoreCommand(dir, dsn string) string {
	return "pg_restore --single-transaction --exit-on-error --no-owner --no-privileges --dbname=" +
		shellQuote(withoutPassword(dsn)) + " " + shellQuote(filepath.Join(dir, pgDumpName))
}

// withoutPassword returns dsn with any password taken out.
func withoutPassword(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		u.User = url.User(u.User.Username())
		return u.String()
	}
	return dsn
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
