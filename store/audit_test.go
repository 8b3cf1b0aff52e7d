package store_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

// TestAuditLog: entries read back as written, newest first, filtered by
// object, actor, town and time; the log refuses updates and deletes.
func TestAuditLog(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		admin := guanjia.Actor{UserID: 1, Name: "王管理", Role: guanjia.RoleAdmin}
		entries := []struct {
			object, town  string
			before, after any
			at            time.Time
		}{
			{guanjia.AuditUnit, "t1", nil, map[string]any{"code": "u1"}, t0},
			{guanjia.AuditUnit, "t2", map[string]any{"code": "u2"}, map[string]any{"code": "u2", "name": "二"}, t0.Add(time.Hour)},
			{guanjia.AuditCategory, "", nil, map[string]any{"code": "c"}, t0.Add(2 * time.Hour)},
		}
		mustTx(t, db, func(tx *store.Tx) error {
			for _, x := range entries {
				e, err := guanjia.NewAudit(admin, x.at, x.object+".put", x.object, "id", x.town, x.before, x.after)
				if err != nil {
					return err
				}
				e.Addr = "198.51.100.7"
				if err := tx.AppendAudit(ctx, e); err != nil {
					return err
				}
			}
			return nil
		})
		from := t0.Add(30 * time.Minute)
		tests := []struct {
			name string
			f    guanjia.AuditFilter
			want []string // towns, newest first
		}{
			{"all", guanjia.AuditFilter{}, []string{"", "t2", "t1"}},
			{"object", guanjia.AuditFilter{Object: guanjia.AuditUnit}, []string{"t2", "t1"}},
			{"actor", guanjia.AuditFilter{Actor: "管理"}, []string{"", "t2", "t1"}},
			{"other actor", guanjia.AuditFilter{Actor: "nobody"}, nil},
			{"towns", guanjia.AuditFilter{Towns: []string{"t1"}}, []string{"t1"}},
			{"no towns", guanjia.AuditFilter{Towns: []string{}}, nil},
			{"from", guanjia.AuditFilter{From: &from}, []string{"", "t2"}},
			{"limit", guanjia.AuditFilter{Limit: 1}, []string{""}},
		}
		for _, tt := range tests {
			es, err := db.AuditLog(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range es {
				got = append(got, e.Jurisdiction)
			}
			if len(got) != len(tt.want) || len(got) > 0 && got[0] != tt.want[0] || len(got) > 1 && got[1] != tt.want[1] {
				t.Errorf("%s: towns %q, want %q", tt.name, got, tt.want)
			}
		}
		es, _ := db.AuditLog(ctx, guanjia.AuditFilter{Object: guanjia.AuditUnit, Limit: 1})
		var before, after map[string]any
		if err := json.Unmarshal(es[0].Before, &before); err != nil || before["code"] != "u2" {
			t.Errorf("before = %s (%v)", es[0].Before, err)
		}
		if err := json.Unmarshal(es[0].After, &after); err != nil || after["name"] != "二" {
			t.Errorf("after = %s (%v)", es[0].After, err)
		}
		if e := es[0]; e.Addr != "198.51.100.7" || e.ActorName != "王管理" || !e.At.Equal(norm(t0.Add(time.Hour))) {
			t.Errorf("entry = %+v", e)
		}
		for _, q := range []string{"UPDATE audit_log SET actor_name = 'x'", "DELETE FROM audit_log"} {
			err := db.Tx(ctx, func(tx *store.Tx) error { return store.ExecForTest(ctx, tx, q) })
			if err == nil {
				t.Errorf("%s: no error; the log must be append-only", q)
			}
		}
	})
}

// TestReplyVersions: each put of a reply is a new version; the reply holds
// the newest; search finds words in the title or text, any case.
func TestReplyVersions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		r := &guanjia.Reply{Category: "garbage", Kind: guanjia.ReplyAnswer, Title: "Collection days", Body: "Tuesdays", Active: true}
		mustTx(t, db, func(tx *store.Tx) error { return tx.PutReply(ctx, r) })
		r.Body = "Tuesdays and Fridays"
		mustTx(t, db, func(tx *store.Tx) error { return tx.PutReply(ctx, r) })
		if r.Version != 2 {
			t.Fatalf("version %d, want 2", r.Version)
		}
		got, err := db.GetReply(ctx, r.ID)
		if err != nil || got.Body != "Tuesdays and Fridays" || got.Version != 2 {
			t.Fatalf("GetReply = %+v, %v", got, err)
		}
		vs, err := db.ReplyVersions(ctx, r.ID)
		if err != nil || len(vs) != 2 || vs[0].Version != 2 || vs[1].Body != "Tuesdays" {
			t.Fatalf("versions = %+v, %v", vs, err)
		}
		for q, want := range map[string]int{"fridays": 1, "COLLECTION tues": 1, "monday": 0, "": 1, "100%": 0} {
			rs, err := db.Replies(ctx, guanjia.ReplyFilter{Category: "garbage", Q: q})
			if err != nil || len(rs) != want {
				t.Errorf("search %q: %d replies (%v), want %d", q, len(rs), err, want)
			}
		}
		err = db.Tx(ctx, func(tx *store.Tx) error { return tx.PutReply(ctx, &guanjia.Reply{ID: 999, Title: "x", Body: "y"}) })
		if guanjia.ErrorCode(err) != guanjia.ENOTFOUND {
			t.Errorf("a missing reply: %v", err)
		}
	})
}
