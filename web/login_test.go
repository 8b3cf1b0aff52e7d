package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia/demo"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
)

// TestLoginPageGuesserSlowsOnlyThemselves: on the sign-in page as in the
// API, a guesser's wrong passwords for the dispatcher are refused from the
// sixth on (429, Retry-After, a message saying how long), even the right
// one, while the dispatcher signs in from another address.
func TestLoginPageGuesserSlowsOnlyThemselves(t *testing.T) {
	e := newTestEnv(t, dbtest.SQLite(t))
	attacker, owner := testenv.ClientFrom("127.0.0.66"), testenv.ClientFrom("127.0.0.7")
	login := func(c *http.Client, password string) (int, string, *http.Response) {
		t.Helper()
		return e.post(c, "/login?lang=en", url.Values{"username": {"dispatcher"}, "password": {password}})
	}
	got := map[int]int{}
	for range 50 {
		st, _, _ := login(attacker, "wrong")
		got[st]++
	}
	if diff := cmp.Diff(map[int]int{401: 5, 429: 45}, got); diff != "" {
		t.Errorf("the guesser's answers (-want +got):\n%s", diff)
	}
	if st, _, _ := login(owner, demo.Password); st != http.StatusSeeOther {
		t.Errorf("the owner from elsewhere: status %d, want 303", st)
	}
	st, body, resp := login(attacker, demo.Password)
	if st != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "1" || !strings.Contains(body, "Try again in 1 seconds") {
		t.Errorf("the right password from the guesser: status %d, Retry-After %q; want 429, 1 and the wait on the page", st, resp.Header.Get("Retry-After"))
	}
}
