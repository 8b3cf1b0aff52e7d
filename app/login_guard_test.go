package app_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/demo"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
)

// loginTry is one sign-in in a scenario: after moving the clock by wait,
// who tries which password from where, and what comes of it.
type loginTry struct {
	name     string
	wait     time.Duration
	username string
	password string
	addr     string
	times    int // tries alike; 1 when 0
	want     map[string]int
	// wantRetry is the Retry-After of the last try, when rate limited.
	wantRetry time.Duration
}

// TestLoginGuard: a guesser slows themselves, not the account's owner.
// Failures count per account and address; from the fifth, each one doubles the
// wait of that pair, during which even the right password is refused. An
// address that fails on many accounts waits out its period. The tries go
// to two instances on one database in turn, which count together: counted
// in each one's memory, the guesser had five free tries on each.
func TestLoginGuard(t *testing.T) {
	const attacker, owner, sprayer = "10.0.0.66", "10.0.0.1", "10.0.0.99"
	unauthorized, limited := guanjia.EUNAUTHORIZED, guanjia.ERATELIMIT
	tries := []loginTry{
		{name: "fifty guesses", username: "dispatcher", password: "wrong", addr: attacker, times: 50,
			want: map[string]int{unauthorized: 5, limited: 45}, wantRetry: time.Second},
		{name: "the owner elsewhere", username: "dispatcher", password: demo.Password, addr: owner,
			want: map[string]int{"": 1}},
		{name: "right password from the guesser", username: "dispatcher", password: demo.Password, addr: attacker,
			want: map[string]int{limited: 1}, wantRetry: time.Second},
		{name: "after the wait, another guess", wait: time.Second, username: "dispatcher", password: "wrong", addr: attacker,
			want: map[string]int{unauthorized: 1}},
		{name: "the wait doubles", username: "dispatcher", password: "wrong", addr: attacker,
			want: map[string]int{limited: 1}, wantRetry: 2 * time.Second},
		{name: "another account from the guesser", username: "leader", password: demo.Password, addr: attacker,
			want: map[string]int{"": 1}},
		{name: "a day later the guesser starts afresh", wait: 25 * time.Hour, username: "dispatcher", password: "wrong", addr: attacker, times: 4,
			want: map[string]int{unauthorized: 4}},
		{name: "a success forgets the failures", username: "dispatcher", password: demo.Password, addr: attacker,
			want: map[string]int{"": 1}},
		{name: "five free again", username: "dispatcher", password: "wrong", addr: attacker, times: 6,
			want: map[string]int{unauthorized: 5, limited: 1}, wantRetry: time.Second},
	}
	for i := range 29 {
		tries = append(tries, loginTry{name: "spray", username: fmt.Sprintf("resident-%03d", i+1), password: "wrong", addr: sprayer,
			want: map[string]int{unauthorized: 1}})
	}
	tries = append(tries,
		loginTry{name: "thirtieth account", username: "resident", password: "wrong", addr: sprayer,
			want: map[string]int{unauthorized: 1}},
		loginTry{name: "the sprayer waits out the period", wait: time.Minute, username: "leader", password: demo.Password, addr: sprayer,
			want: map[string]int{limited: 1}, wantRetry: 9 * time.Minute},
		loginTry{name: "after the period", wait: 9 * time.Minute, username: "leader", password: demo.Password, addr: sprayer,
			want: map[string]int{"": 1}},
	)
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, clock := newApp(t, dsn)
		tryLogins(t, []*app.App{a, instanceOn(t, dsn, clock)}, clock, tries)
	})
}

// tryLogins makes the tries in turn, each sign-in on the next of
// instances, and checks what comes of them.
func tryLogins(t *testing.T, instances []*app.App, clock *testenv.Clock, tries []loginTry) {
	t.Helper()
	ctx := context.Background()
	n := 0
	for _, tr := range tries {
		clock.Set(instances[0].Now().Add(tr.wait))
		got := map[string]int{}
		var retry time.Duration
		for range max(tr.times, 1) {
			_, _, err := instances[n%len(instances)].Login(ctx, tr.username, tr.password, tr.addr)
			n++
			got[guanjia.ErrorCode(err)]++
			retry = guanjia.RetryAfter(err)
		}
		if diff := cmp.Diff(tr.want, got); diff != "" {
			t.Errorf("%s: outcomes (-want +got):\n%s", tr.name, diff)
		}
		if retry != tr.wantRetry {
			t.Errorf("%s: retry after %v, want %v", tr.name, retry, tr.wantRetry)
		}
	}
}
