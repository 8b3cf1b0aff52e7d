package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"

	"github.com/guanjia/guanjia/backup"
	"github.com/guanjia/guanjia/store"
)

// cmdBackup: backup DIR — the database and the photos, while in use.
func cmdBackup(ctx context.Context, args []string, e *env) error {
	cfg, rest, err := parseDBFlags("backup", args, e, nil)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return fmt.Errorf("usage: guanjia backup [--data DIR] [--db DSN] BACKUP-DIR")
	}
	dsn := cfg.dsn()
	if store.EngineOf(dsn) == store.SQLite {
		// Opening would make an empty database where there is none.
		if _, err := os.Stat(dsn); errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("no database at %s: give --data or --db", dsn)
		}
	}
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	mediaDir, err := cfg.photoDir()
	if err != nil {
		return err
	} else if mediaDir == "" {
		fmt.Fprintf(e.stdout, "the photos are in the bucket %s and are not copied; keep them with the bucket's own versioning or replication\n", cfg.photos)
	}
	src := backup.Source{DB: db, DSN: dsn, MediaDir: mediaDir}
	m, err := backup.Create(ctx, src, rest[0], backup.Options{})
	if err != nil {
		return userError(err)
	}
	fmt.Fprintf(e.stdout, "backed up %d cases, %d events, %d users and %d photo files to %s\n",
		m.Counts["cases"], m.Counts["events"], m.Counts["users"], len(m.Files), rest[0])
	if m.Database == nil {
		fmt.Fprintf(e.stdout, "pg_dump is not on PATH, so the database is not in the backup yet; dump it with\n\n  %s\n\n", m.DumpCommand)
	}
	return nil
}

// cmdRestore: restore [--force] DIR — a backup into an empty installation.
func cmdRestore(ctx context.Context, args []string, e *env) error {
	var force bool
	cfg, rest, err := parseDBFlags("restore", args, e, func(fs *flag.FlagSet) {
		fs.BoolVar(&force, "force", false, "restore over a database and photos that are there already (stop the server first)")
	})
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return fmt.Errorf("usage: guanjia restore [--data DIR] [--db DSN] [--force] BACKUP-DIR")
	}
	if err := os.MkdirAll(cfg.data, 0o750); err != nil {
		return fmt.Errorf("create data directory: %w", err)
	}
	mediaDir, err := cfg.photoDir()
	if err != nil {
		return err
	} else if mediaDir == "" {
		return fmt.Errorf("--photos %s: restore puts photos in a directory; restore with --photos DIR, then copy DIR to the bucket (e.g. mc mirror)", cfg.photos)
	}
	t := backup.Target{DSN: cfg.dsn(), MediaDir: mediaDir, Force: force}
	m, err := backup.Restore(ctx, rest[0], t, backup.Options{})
	if err != nil {
		return userError(err)
	}
	fmt.Fprintf(e.stdout, "restored %d cases, %d events, %d users and %d photo files from %s (made %s)\n",
		m.Counts["cases"], m.Counts["events"], m.Counts["users"], len(m.Files), rest[0], m.CreatedAt.Format("2006-01-02 15:04:05 MST"))
	if m.Database == nil {
		fmt.Fprintf(e.stdout, "the backup holds no database dump: dump it as the backup said, then load it with\n\n  %s\n\n",
			backup.RestoreCommand(rest[0], cfg.dsn()))
	}
	return nil
}
