package store_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

func testUsers() []*guanjia.User {
	return []*guanjia.User{
		{Username: "Admin", Name: "管理员", Role: guanjia.RoleAdmin, Jurisdiction: wuzhen, PasswordHash: "$argon2id$x", CreatedAt: t0},
		{Username: "li.handler", Name: "李", Phone: "138", Email: "li@example.com", Role: guanjia.RoleHandler, Unit: "cg", Jurisdiction: wuzhen},
		{Username: "wang", Name: "王", Role: guanjia.RoleHousekeeper, Grid: "g01", Jurisdiction: wuzhen, Disabled: true},
		{Username: "zhao", Name: "赵", Role: guanjia.RoleHandler, Unit: "jt", Jurisdiction: wuzhen},
	}
}

func TestUsers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		users := testUsers()
		mustTx(t, db, func(tx *store.Tx) error {
			for _, u := range users {
				if err := tx.CreateUser(ctx, u); err != nil {
					return err
				}
			}
			// Usernames are unique ignoring case; the transaction stays usable.
			err := tx.CreateUser(ctx, &guanjia.User{Username: "ADMIN", Role: guanjia.RoleAdmin})
			wantCode(t, err, guanjia.ECONFLICT)
			if msg := guanjia.ErrorMessage(err); msg != `The username "ADMIN" is taken.` {
				t.Errorf("message %q", msg)
			}
			_, err = tx.GetUserByUsername(ctx, "admin")
			return err
		})
		if users[1].CreatedAt != norm(t0) {
			t.Errorf("CreatedAt defaults to %v, want the clock's %v", users[1].CreatedAt, norm(t0))
		}
		got, err := db.GetUserByUsername(ctx, "aDmIn")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(users[0], got); diff != "" {
			t.Errorf("GetUserByUsername() (-want +got):\n%s", diff)
		}
		got, err = db.GetUser(ctx, users[2].ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(users[2], got); diff != "" {
			t.Errorf("GetUser() (-want +got):\n%s", diff)
		}
		_, err = db.GetUser(ctx, 999)
		wantCode(t, err, guanjia.ENOTFOUND)
		_, err = db.GetUserByUsername(ctx, "nobody")
		wantCode(t, err, guanjia.ENOTFOUND)

		handler := guanjia.RoleHandler
		for name, tc := range map[string]struct {
			f    guanjia.UserFilter
			want []*guanjia.User
		}{
			"all":           {guanjia.UserFilter{}, users},
			"role":          {guanjia.UserFilter{Role: &handler}, []*guanjia.User{users[1], users[3]}},
			"role and unit": {guanjia.UserFilter{Role: &handler, Unit: ptr("jt")}, []*guanjia.User{users[3]}},
			"grid":          {guanjia.UserFilter{Grid: ptr("g01")}, []*guanjia.User{users[2]}},
			"limit":         {guanjia.UserFilter{Limit: 2}, users[:2]},
		} {
			got, err := db.Users(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Users(%s) (-want +got):\n%s", name, diff)
			}
		}
	})
}

func TestUpdateUser(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		users := testUsers()
		mustTx(t, db, func(tx *store.Tx) error {
			for _, u := range users {
				if err := tx.CreateUser(ctx, u); err != nil {
					return err
				}
			}
			return nil
		})
		u := *users[1]
		u.Username, u.Role, u.Unit, u.Disabled, u.PasswordHash = "Li", guanjia.RoleUnitLead, "cg", true, "new"
		mustTx(t, db, func(tx *store.Tx) error { return tx.UpdateUser(ctx, &u) })
		got, err := db.GetUser(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(&u, got); diff != "" {
			t.Errorf("after UpdateUser (-want +got):\n%s", diff)
		}
		taken := *users[1]
		taken.Username = "WANG"
		err = db.Tx(ctx, func(tx *store.Tx) error { return tx.UpdateUser(ctx, &taken) })
		wantCode(t, err, guanjia.ECONFLICT)
		err = db.Tx(ctx, func(tx *store.Tx) error { return tx.UpdateUser(ctx, &guanjia.User{ID: 999, Username: "x"}) })
		wantCode(t, err, guanjia.ENOTFOUND)
	})
}
