package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

func TestTokens(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		u := &guanjia.User{Username: "li", Role: guanjia.RoleHandler}
		day := 24 * time.Hour
		tokens := []*store.Token{
			{Kind: store.TokenSession, Hash: "live", Name: "Firefox", ExpiresAt: ptr(t0.Add(day))},
			{Kind: store.TokenSession, Hash: "expired", ExpiresAt: ptr(t0.Add(-time.Second))},
			{Kind: store.TokenAPI, Hash: "revoked"},
			{Kind: store.TokenOpen311, Hash: "client", Name: "城市大脑"}, // no user, never expires
		}
		mustTx(t, db, func(tx *store.Tx) error {
			if err := tx.CreateUser(ctx, u); err != nil {
				return err
			}
			for _, tok := range tokens {
				if tok.Kind != store.TokenOpen311 {
					tok.UserID = u.ID
				}
				if err := tx.CreateToken(ctx, tok); err != nil {
					return err
				}
			}
			return tx.RevokeToken(ctx, tokens[2].ID, t0)
		})
		tokens[2].RevokedAt = ptr(norm(t0))
		for _, tc := range []struct {
			hash string
			want *store.Token
		}{
			{"live", tokens[0]}, {"client", tokens[3]},
			{"expired", nil}, {"revoked", nil}, {"unknown", nil},
		} {
			got, err := db.TokenByHash(ctx, tc.hash, t0)
			if tc.want == nil {
				wantCode(t, err, guanjia.ENOTFOUND)
				continue
			}
			if err != nil {
				t.Fatalf("TokenByHash(%s): %v", tc.hash, err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("TokenByHash(%s) (-want +got):\n%s", tc.hash, diff)
			}
		}
		// At its expiry instant a token is dead.
		_, err := db.TokenByHash(ctx, "live", t0.Add(day))
		wantCode(t, err, guanjia.ENOTFOUND)

		// A signed-in request's check: the live token with its user; a
		// token of no user, dead or unknown is not found.
		gotToken, gotUser, err := db.TokenUser(ctx, "live", t0)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tokens[0], gotToken); diff != "" {
			t.Errorf("TokenUser(live) token (-want +got):\n%s", diff)
		}
		if gotUser.ID != u.ID || gotUser.Username != u.Username || gotUser.Role != u.Role || gotUser.PasswordHash != u.PasswordHash {
			t.Errorf("TokenUser(live) user = %+v, want %+v", gotUser, u)
		}
		for _, hash := range []string{"client", "expired", "revoked", "unknown"} {
			_, _, err := db.TokenUser(ctx, hash, t0)
			wantCode(t, err, guanjia.ENOTFOUND)
		}
		_, _, err = db.TokenUser(ctx, "live", t0.Add(day))
		wantCode(t, err, guanjia.ENOTFOUND)

		used := t0.Add(time.Hour)
		// A second revocation is no error.
		mustTx(t, db, func(tx *store.Tx) error { return tx.RevokeToken(ctx, tokens[2].ID, used) })
		err = db.Tx(ctx, func(tx *store.Tx) error { return tx.RevokeToken(ctx, 999, used) })
		wantCode(t, err, guanjia.ENOTFOUND)
	})
}
