package store

import (
	"testing"
	"time"
)

// TestPostgresConfig: a URL without connect_timeout gets Guanjia's, one
// with it keeps its own.
func TestPostgresConfig(t *testing.T) {
	for dsn, want := range map[string]time.Duration{
		"postgres://u@h/db":                   PostgresConnectTimeout,
		"postgres://u@h/db?connect_timeout=2": 2 * time.Second,
	} {
		cfg, err := postgresConfig(dsn)
		if err != nil {
			t.Fatal(err)
		}
		if cfg.ConnectTimeout != want {
			t.Errorf("%s: connect timeout %v, want %v", dsn, cfg.ConnectTimeout, want)
		}
	}
}
