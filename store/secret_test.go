package store_test

import (
	"bytes"
	"context"
	"sync"
	"testing"

	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestSecret: a secret is made once and kept: every caller, concurrent or
// later, and every instance on the same database gets the same bytes;
// another name gets other bytes.
func TestSecret(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db, other := newDB(t, dsn), newDB(t, dsn)
		got := make([][]byte, 8)
		var wg sync.WaitGroup
		for i := range got {
			wg.Go(func() {
				d := db
				if i%2 == 1 {
					d = other
				}
				s, err := d.Secret(ctx, "tracking")
				if err != nil {
					t.Error(err)
				}
				got[i] = s
			})
		}
		wg.Wait()
		for i, s := range got {
			if len(s) != 32 || !bytes.Equal(s, got[0]) {
				t.Errorf("caller %d got %x, caller 0 %x", i, s, got[0])
			}
		}
		again, err := db.Secret(ctx, "tracking")
		if err != nil || !bytes.Equal(again, got[0]) {
			t.Errorf("asked again: %x, %v; want %x", again, err, got[0])
		}
		if s, err := db.Secret(ctx, "another"); err != nil || bytes.Equal(s, got[0]) {
			t.Errorf("another secret: %x, %v", s, err)
		}
	})
}
