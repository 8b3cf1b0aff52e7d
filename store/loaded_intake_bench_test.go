package store_test

import (
	"context"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/guanjia/guanjia/store"
)

// BenchmarkLoadedCreateCases measures the writer's work for new cases on
// the SQLite town of GUANJIA_BENCH_DB (see BenchmarkLoadedReads), copied
// first so that the town stays as it was: groups of 52 cases a
// transaction, the mean group of `guanjia bench`'s intake flat out at a
// million cases, each case as BenchmarkCreateCases writes it. An op is
// one case; cpu-µs/op is the process's CPU a case, and ns/op the writer's
// time a case, commit included: its inverse bounds intake.
func BenchmarkLoadedCreateCases(b *testing.B) {
	src := os.Getenv("GUANJIA_BENCH_DB")
	if src == "" || store.EngineOf(src) != store.SQLite {
		b.Skip("GUANJIA_BENCH_DB names no loaded SQLite town")
	}
	ctx := context.Background()
	dsn := filepath.Join(b.TempDir(), "guanjia.db")
	if err := copyFile(src, dsn); err != nil {
		b.Fatal(err)
	}
	db := openLoaded(b, dsn)
	const group = 52
	r, at := rand.New(rand.NewPCG(5, 6)), time.Now().UTC().Add(-time.Hour)
	b.Run("group="+strconv.Itoa(group), func(b *testing.B) {
		defer cpuPerOp(b, db)()
		for done := 0; done < b.N; done += group {
			ncs := make([]store.NewCase, min(group, b.N-done))
			for i := range ncs {
				at = at.Add(time.Millisecond)
				ncs[i] = intakeCase(r, at)
			}
			if err := writeGroup(ctx, db, ncs); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// copyFile copies the file at src to a new file dst.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
