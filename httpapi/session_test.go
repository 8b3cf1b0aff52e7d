package httpapi_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia/demo"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
)

// TestLoginGuesserSlowsOnlyThemselves: fifty wrong passwords for the
// dispatcher from one address are refused from the sixth on with 429 and
// Retry-After, even the right one; the dispatcher signs in from another
// address all the while.
func TestLoginGuesserSlowsOnlyThemselves(t *testing.T) {
	e := newTestEnv(t, dbtest.SQLite(t))
	attacker, owner := testenv.ClientFrom("127.0.0.66"), testenv.ClientFrom("127.0.0.7")
	login := func(c *http.Client, password string) *http.Response {
		t.Helper()
		b, _ := json.Marshal(map[string]string{"username": "dispatcher", "password": password})
		resp, err := c.Post(e.srv.URL+"/api/v1/login", "application/json", bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	got := map[int]int{}
	for range 50 {
		got[login(attacker, "wrong").StatusCode]++
	}
	if diff := cmp.Diff(map[int]int{401: 5, 429: 45}, got); diff != "" {
		t.Errorf("the guesser's answers (-want +got):\n%s", diff)
	}
	if resp := login(owner, demo.Password); resp.StatusCode != http.StatusOK {
		t.Errorf("the owner from elsewhere: status %d, want 200", resp.StatusCode)
	}
	resp := login(attacker, demo.Password)
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "1" {
		t.Errorf("the right password from the guesser: status %d, Retry-After %q; want 429, 1", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
}

// TestCreateUserPasswordPolicy: an administrator cannot give a new account
// a weak password through the API; the refusal names the field and speaks
// the caller's language.
func TestCreateUserPasswordPolicy(t *testing.T) {
	e := newTestEnv(t, dbtest.SQLite(t))
	admin := e.login("admin")
	tests := []struct {
		name, password, lang string
		wantStatus           int
		wantMessage          string
	}{
		{"the demo's", demo.Password, "en", 400, "A password has at least 10 characters."},
		{"common, in Chinese", "woaini1314", "zh", 400, "这是最常见的密码之一，请换一个。"},
		{"good", "river-lantern-47", "en", 201, ""},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			user := map[string]string{"username": "new-" + strconv.Itoa(i), "role": "resident", "password": tt.password}
			st, b := e.do("POST", "/api/v1/users?lang="+tt.lang, admin, user)
			var got struct {
				Error struct{ Field, Message string }
			}
			json.Unmarshal(b, &got)
			if st != tt.wantStatus || got.Error.Message != tt.wantMessage || (st == 400 && got.Error.Field != "password") {
				t.Errorf("status %d, %s; want %d, %q about the password", st, b, tt.wantStatus, tt.wantMessage)
			}
		})
	}
}
