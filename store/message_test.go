package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

func TestOutbox(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		if id, err := db.LastMessageID(ctx); err != nil || id != 0 {
			t.Fatalf("LastMessageID() of an empty outbox = %d, %v", id, err)
		}
		var want []guanjia.Message
		for i := range 5 {
			want = append(want, guanjia.Message{Topic: guanjia.TopicCaseChanged, CaseID: int64(i + 1), EventID: int64(10 + i),
				Payload: fmt.Appendf(nil, `{"n": %d, "zh": "乌镇"}`, i), At: t0})
		}
		want[0].Payload = nil
		mustTx(t, db, func(tx *store.Tx) error {
			for i := range want {
				if err := tx.AddMessage(ctx, &want[i]); err != nil {
					return err
				}
			}
			return nil
		})
		for i := 1; i < len(want); i++ {
			if want[i].ID <= want[i-1].ID {
				t.Fatalf("ids not ascending: %d after %d", want[i].ID, want[i-1].ID)
			}
		}
		got, err := db.Messages(ctx, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got, equateEmpty); diff != "" {
			t.Errorf("Messages(0, 0) (-want +got):\n%s", diff)
		}
		got, err = db.Messages(ctx, want[1].ID, 2)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want[2:4], got, equateEmpty); diff != "" {
			t.Errorf("Messages(after 2nd, 2) (-want +got):\n%s", diff)
		}
		if id, err := db.LastMessageID(ctx); err != nil || id != want[4].ID {
			t.Errorf("LastMessageID() = %d, %v; want %d", id, err, want[4].ID)
		}
	})
}

// TestOutboxRolledBack checks that a message is written with the change it
// announces or not at all.
func TestOutboxRolledBack(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		err := db.Tx(ctx, func(tx *store.Tx) error {
			if err := tx.AddMessage(ctx, &guanjia.Message{Topic: guanjia.TopicCaseCreated}); err != nil {
				return err
			}
			return createCase(ctx, tx, newCase(func(c *guanjia.Case) { c.Jurisdiction = "nowhere" }))
		})
		if err == nil {
			t.Fatal("want an error")
		}
		if got, err := db.Messages(ctx, 0, 10); err != nil || len(got) != 0 {
			t.Errorf("Messages() = %v, %v; want none", got, err)
		}
	})
}
