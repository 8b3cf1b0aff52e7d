package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestPasswordPolicy: creating an account and changing a password both
// refuse short, very common and username-bearing passwords (the changes
// are to the account "resident"), and take the rest; the new password then
// signs in.
func TestPasswordPolicy(t *testing.T) {
	a, _ := newApp(t, dbtest.SQLite(t))
	ctx := context.Background()
	tests := []struct {
		name, username, password string
		want                     string // the error message; "" when accepted
	}{
		{"the demo's", "lu", "demo", "A password has at least 10 characters."},
		{"nine characters", "lu", "Ab3$efgh9", "A password has at least 10 characters."},
		{"ten Chinese characters count as ten", "xu", "乌镇西栅东栅南栅北栅", ""},
		{"too long", "lu", string(make([]byte, 257)), "A password has at most 256 characters."},
		{"common", "lu", "qwerty123456", "This password is one of the most common; choose another."},
		{"common in capitals", "lu", "PassWord2026", "This password is one of the most common; choose another."},
		{"pinyin and 1314", "lu", "woaini1314", "This password is one of the most common; choose another."},
		{"one character", "lu", "zzzzzzzzzzzz", "This password is one of the most common; choose another."},
		{"the username", "resident", "Resident-2026!", "A password may not contain the username."},
		{"long and uncommon", "fang", "river-lantern-47", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := &guanjia.User{Username: tt.username, Role: guanjia.RoleResident}
			err := a.CreateUser(ctx, u, tt.password)
			if diff := cmp.Diff(tt.want, guanjia.ErrorMessage(err)); diff != "" {
				t.Errorf("create (-want +got):\n%s", diff)
			}
			err = a.SetPassword(ctx, "resident", tt.password)
			if diff := cmp.Diff(tt.want, guanjia.ErrorMessage(err)); diff != "" {
				t.Errorf("set (-want +got):\n%s", diff)
			}
			if tt.want == "" {
				if _, _, err := a.Login(ctx, "resident", tt.password, "10.0.0.1"); err != nil {
					t.Errorf("sign in with the new password: %v", err)
				}
			}
		})
	}
}

// FuzzPasswordPolicy: any input gets an answer, never a panic, and what
// the policy accepts is 10 to 256 long and not the username.
func FuzzPasswordPolicy(f *testing.F) {
	for _, s := range []string{"", "demo", "woaini1314", "乌镇西栅东栅南栅北栅", "\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8\xf7\xf6", "river-lantern-47"} {
		f.Add("resident", s)
	}
	f.Fuzz(func(t *testing.T, username, password string) {
		if app.CheckPasswordPolicy(username, password) != nil {
			return
		}
		if n := len([]rune(password)); n < 10 || len(password) > 256 {
			t.Errorf("accepted %q of %d characters", password, n)
		}
		if len(username) >= 3 && strings.Contains(strings.ToLower(password), strings.ToLower(username)) {
			t.Errorf("accepted %q containing %q", password, username)
		}
	})
}
