package dbtest

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestSQLite(t *testing.T) {
	a, b := SQLite(t), SQLite(t)
	if a == b {
		t.Errorf("two calls gave the same DSN %q", a)
	}
	if !filepath.IsAbs(a) || strings.HasPrefix(a, "postgres://") {
		t.Errorf("DSN %q is not an absolute path", a)
	}
	if _, err := os.Stat(filepath.Dir(a)); err != nil {
		t.Errorf("directory of %q: %v", a, err)
	}
	if _, err := os.Stat(a); !os.IsNotExist(err) {
		t.Errorf("file %q exists before use (err %v)", a, err)
	}
}

func TestEach(t *testing.T) {
	var ran []string
	Each(t, func(t *testing.T, dsn string) {
		switch {
		case strings.HasPrefix(dsn, "postgres://"):
			ran = append(ran, EnginePostgres)
		case filepath.IsAbs(dsn):
			ran = append(ran, EngineSQLite)
		default:
			t.Errorf("DSN %q is neither a path nor a postgres:// URL", dsn)
		}
	})
	if want := Engines(); !slices.Equal(ran, want) {
		t.Errorf("Each ran %q, want %q", ran, want)
	}
}

func TestChromiumFromEnv(t *testing.T) {
	t.Setenv(EnvChromium, "/bin/sh")
	if got := Chromium(t); got != "/bin/sh" {
		t.Errorf("Chromium() = %q, want %q from %s", got, "/bin/sh", EnvChromium)
	}
}
