package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// TestOneServerPerSQLiteFile: a second server on a SQLite database that
// one serves is refused before it migrates anything, saying to use
// PostgreSQL for several instances; a command run beside the server still
// works; once the first server stops, another may serve the file.
func TestOneServerPerSQLiteFile(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	_, _, stop := startProgram(t, []string{"serve", "--addr", "127.0.0.1:0", "--data", dir}, noenv)

	for _, cmd := range []string{"serve", "demo"} {
		// Not refused, it would serve until the deadline and return nil.
		ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		var out bytes.Buffer
		err := run(ctx, []string{cmd, "--addr", "127.0.0.1:0", "--data", dir}, noenv, strings.NewReader(""), &out, &out)
		if err == nil || !strings.Contains(err.Error(), "another process is serving") || !strings.Contains(err.Error(), "PostgreSQL") {
			t.Errorf("a second %s on the same database: %v, want refused\n%s", cmd, err, out.String())
		}
	}
	var out bytes.Buffer
	if err := run(ctx, []string{"token", "--data", dir, "open311", "city app"}, noenv, strings.NewReader(""), &out, &out); err != nil {
		t.Errorf("a command beside the server: %v\n%s", err, out.String())
	}

	if err := stop(); err != nil {
		t.Fatal(err)
	}
	_, _, stop = startProgram(t, []string{"serve", "--addr", "127.0.0.1:0", "--data", dir}, noenv)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}
