package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
	"github.com/guanjia/guanjia/store"
)

// lastCode returns the code of the last text the app kept for phone.
func lastCode(t *testing.T, a *app.App, phone string) string {
	t.Helper()
	texts, err := a.Texts(actor(t, a, "county-admin"))
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range texts {
		if x.Phone == phone && x.Key == app.CodeText {
			return x.Args[0].(string)
		}
	}
	t.Fatalf("no code texted to %s", phone)
	return ""
}

// wrongCode returns a code that is not code.
func wrongCode(code string) string {
	return fmt.Sprintf("%06d", (atoi(code)+1)%1_000_000)
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if got := guanjia.ErrorCode(err); got != code {
		t.Fatalf("%s: %v, want code %q", what, err, code)
	}
}

// TestPhoneSignIn: a code texted to a number signs its resident in, once;
// the account is made the first time and found after; the code is kept
// hashed; a code expires after five minutes; five wrong tries use it up,
// after which even the right one is refused; whether a number has an
// account changes nothing in the answer to asking for a code.
func TestPhoneSignIn(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, clock := newApp(t, dsn)
		ctx := context.Background()
		const addr = "10.1.0.1"

		phone, err := a.SendCode(ctx, "+86 138-0013-8000", "zh", addr)
		if err != nil || phone != "13800138000" {
			t.Fatalf("SendCode = %q, %v", phone, err)
		}
		code := lastCode(t, a, phone)
		if len(code) != 6 {
			t.Fatalf("code %q is not 6 digits", code)
		}
		_, _, err = a.PhoneSignIn(ctx, phone, wrongCode(code), addr)
		wantCode(t, "a wrong code", err, guanjia.EUNAUTHORIZED)
		token, u, err := a.PhoneSignIn(ctx, "138 0013 8000", code, addr)
		if err != nil {
			t.Fatalf("the right code: %v", err)
		}
		if u.Role != guanjia.RoleResident || u.Phone != phone || u.Name != "138****8000" || u.PasswordHash != "" {
			t.Errorf("the new account: %+v", u)
		}
		if got, err := a.Authenticate(ctx, token); err != nil || got.ID != u.ID {
			t.Fatalf("Authenticate(session) = %v, %v", got, err)
		}
		if _, _, err := a.Login(ctx, u.Username, "", addr); err == nil {
			t.Error("the phone's account signs in with an empty password")
		}
		_, _, err = a.PhoneSignIn(ctx, phone, code, addr)
		wantCode(t, "the code a second time", err, guanjia.EUNAUTHORIZED)

		// A minute later, another code signs in to the same account.
		clock.Set(clock.Now().Add(time.Minute))
		if _, err := a.SendCode(ctx, phone, "en", addr); err != nil {
			t.Fatal(err)
		}
		code = lastCode(t, a, phone)
		err = a.Store().Tx(ctx, func(tx *store.Tx) error {
			pc, err := tx.TakePhoneTry(ctx, phone, 100)
			if err == nil && (strings.Contains(pc.Hash, code) || len(pc.Hash) != 64) {
				t.Errorf("the stored code is %q: not an HMAC", pc.Hash)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		_, again, err := a.PhoneSignIn(ctx, phone, code, addr)
		if err != nil || again.ID != u.ID {
			t.Fatalf("signing in again: %v, %v; want account %d", again, err, u.ID)
		}

		// A code five minutes old no longer works.
		clock.Set(clock.Now().Add(time.Minute))
		a.SendCode(ctx, phone, "zh", addr)
		code = lastCode(t, a, phone)
		clock.Set(clock.Now().Add(app.CodeTTL))
		_, _, err = a.PhoneSignIn(ctx, phone, code, addr)
		wantCode(t, "an expired code", err, guanjia.EUNAUTHORIZED)

		// Five wrong tries (from five addresses, past the sign-in
		// backoff) lock the code.
		clock.Set(clock.Now().Add(time.Minute))
		a.SendCode(ctx, phone, "zh", addr)
		code = lastCode(t, a, phone)
		for i := range 5 {
			_, _, err = a.PhoneSignIn(ctx, phone, wrongCode(code), fmt.Sprintf("10.2.0.%d", i))
			wantCode(t, fmt.Sprintf("wrong try %d", i+1), err, guanjia.EUNAUTHORIZED)
		}
		if !strings.Contains(guanjia.ErrorMessage(err), "Too many wrong codes") {
			t.Errorf("the fifth wrong try: %v", err)
		}
		_, _, err = a.PhoneSignIn(ctx, phone, code, "10.3.0.1")
		wantCode(t, "the right code after five wrong", err, guanjia.EUNAUTHORIZED)

		// No enumeration: a number with an account and one without are
		// answered alike.
		clock.Set(clock.Now().Add(time.Minute))
		for _, p := range []string{phone, "13900139000"} {
			got, err := a.SendCode(ctx, p, "zh", "10.4.0.1")
			if err != nil || got != p {
				t.Errorf("SendCode(%s) = %q, %v", p, got, err)
			}
		}

		// Bad input is told apart from a wrong code.
		_, err = a.SendCode(ctx, "12345", "zh", addr)
		wantCode(t, "a short number", err, guanjia.EINVALID)
		_, _, err = a.PhoneSignIn(ctx, phone, "12a456", addr)
		wantCode(t, "a code of letters", err, guanjia.EINVALID)
	})
}

// TestCodeRateLimits: one code a minute to a number, five an hour; twenty
// an hour asked for from one address, whatever the numbers; sign-in tries
// slow a number from an address as wrong passwords do.
func TestCodeRateLimits(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, clock := newApp(t, dsn)
		ctx := context.Background()
		const phone = "13700137000"
		if _, err := a.SendCode(ctx, phone, "zh", "10.5.0.1"); err != nil {
			t.Fatal(err)
		}
		_, err := a.SendCode(ctx, phone, "zh", "10.5.0.2")
		wantCode(t, "a second code within the minute", err, guanjia.ERATELIMIT)
		if d := guanjia.RetryAfter(err); d <= 0 || d > time.Minute {
			t.Errorf("Retry-After %v, want within a minute", d)
		}
		for i := range 4 {
			clock.Set(clock.Now().Add(61 * time.Second))
			if _, err := a.SendCode(ctx, phone, "zh", "10.5.0.1"); err != nil {
				t.Fatalf("code %d: %v", i+2, err)
			}
		}
		clock.Set(clock.Now().Add(61 * time.Second))
		_, err = a.SendCode(ctx, phone, "zh", "10.5.0.3")
		wantCode(t, "a sixth code in the hour", err, guanjia.ERATELIMIT)

		for i := range 20 {
			if _, err := a.SendCode(ctx, fmt.Sprintf("1360000%04d", i), "zh", "10.6.0.1"); err != nil {
				t.Fatalf("code %d from one address: %v", i+1, err)
			}
		}
		_, err = a.SendCode(ctx, "13600009999", "zh", "10.6.0.1")
		wantCode(t, "a 21st code from one address", err, guanjia.ERATELIMIT)
		if _, err := a.SendCode(ctx, "13600009999", "zh", "10.6.0.2"); err != nil {
			t.Errorf("the same number from another address: %v", err)
		}

		// Guessing: the fifth failure from one address makes it wait.
		code := lastCode(t, a, "13600009999")
		for i := range 4 {
			_, _, err = a.PhoneSignIn(ctx, "13600009999", wrongCode(code), "10.7.0.1")
			wantCode(t, fmt.Sprintf("guess %d", i+1), err, guanjia.EUNAUTHORIZED)
		}
		_, _, err = a.PhoneSignIn(ctx, "13600009999", code, "10.7.0.1")
		if err != nil {
			t.Errorf("the right code on the fifth try: %v", err)
		}
	})
}

// recordingSMS is an SMSSender that records what it is given, or fails.
type recordingSMS struct {
	fail  bool
	texts [][]any // phone, lang, key, args...
}

func (r *recordingSMS) SendSMS(ctx context.Context, phone, lang, key string, args ...any) error {
	if r.fail {
		return fmt.Errorf("gateway down")
	}
	r.texts = append(r.texts, append([]any{phone, lang, key}, args...))
	return nil
}

// TestSMSSender: a sender given in the options (or by UseSMS, later) gets the code text as a
// message key with its arguments, in the asker's language, and the app
// keeps no texts of its own; a sender that fails makes the request fail
// with 503, saying to try again.
func TestSMSSender(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		sms := &recordingSMS{}
		a, _, clock := testenv.AppWith(t, dsn, app.Options{SMS: sms})
		if _, err := a.SendCode(ctx, "13800138000", "en", "10.14.0.1"); err != nil {
			t.Fatal(err)
		}
		if len(sms.texts) != 1 || sms.texts[0][0] != "13800138000" || sms.texts[0][1] != "en" || sms.texts[0][2] != app.CodeText ||
			len(sms.texts[0]) != 5 || len(sms.texts[0][3].(string)) != 6 || sms.texts[0][4] != 5 {
			t.Errorf("the sender got %v", sms.texts)
		}
		if a.KeepsTexts() {
			t.Error("the app keeps texts beside a sender of its own")
		}
		if _, _, err := a.PhoneSignIn(ctx, "13800138000", sms.texts[0][3].(string), "10.14.0.1"); err != nil {
			t.Errorf("signing in with the sent code: %v", err)
		}
		// A sender wired after the app was made takes over.
		later := &recordingSMS{}
		a.UseSMS(later)
		clock.Set(clock.Now().Add(time.Minute))
		if _, err := a.SendCode(ctx, "13800138000", "zh", "10.14.0.1"); err != nil || len(later.texts) != 1 || len(sms.texts) != 1 {
			t.Errorf("after UseSMS: %v; the later sender got %d texts, the first %d", err, len(later.texts), len(sms.texts))
		}
		later.fail = true
		clock.Set(clock.Now().Add(time.Minute))
		_, err := a.SendCode(ctx, "13800138000", "en", "10.14.0.1")
		wantCode(t, "a failing gateway", err, guanjia.EUNAVAILABLE)
	})
}
