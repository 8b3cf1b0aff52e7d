package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/session"
)

// lastCode returns the code of the last sign-in text the app kept for phone.
func (e *testEnv) lastCode(phone string) string {
	e.t.Helper()
	u, err := e.db.GetUserByUsername(context.Background(), "county-admin")
	if err != nil {
		e.t.Fatal(err)
	}
	texts, err := e.app.Texts(guanjia.ActorOf(u))
	if err != nil {
		e.t.Fatal(err)
	}
	for _, x := range texts {
		if x.Phone == phone && x.Key == app.CodeText {
			return x.Args[0].(string)
		}
	}
	e.t.Fatalf("no code texted to %s", phone)
	return ""
}

// phoneClient signs phone in by the pages, in a fresh cookie jar, handing
// over the reports kept; it returns the client.
func (e *testEnv) phoneClient(phone string, kept ...app.Tracked) *http.Client {
	e.t.Helper()
	c := e.client("")
	if st, body, _ := e.post(c, "/login/phone", url.Values{"phone": {phone}}); st != 200 || !strings.Contains(body, `id="code-form"`) {
		e.t.Fatalf("ask for a code: %d\n%s", st, body)
	}
	tracked, _ := json.Marshal(kept)
	st, _, resp := e.post(c, "/login/phone/verify", url.Values{"phone": {phone}, "code": {e.lastCode(phone)}, "tracked": {string(tracked)}})
	if st != http.StatusSeeOther || resp.Header.Get("Location") != "/my" {
		e.t.Fatalf("sign in with the code: %d → %s", st, resp.Header.Get("Location"))
	}
	return c
}

// anonymousReport files a report without an account, as a phone's page
// would, and returns what the phone keeps of it.
func (e *testEnv) anonymousReport(addr string) app.Tracked {
	e.t.Helper()
	lat, lng := (&flow{t: e.t.(*testing.T), e: e}).pointInGrid()
	rec, err := e.app.Report(context.Background(), anonymous(), guanjia.Report{Category: "garbage", Lat: lat, Lng: lng,
		Description: "路口垃圾三天没人收", ClientID: fmt.Sprintf("9e1f5a52-7f7e-4c39-9d3c-%012d", len(addr)), Addr: addr})
	if err != nil {
		e.t.Fatal(err)
	}
	return app.Tracked{Number: rec.Case.Number, Token: rec.Tracking}
}

// resolveForLink has the unit of case number accept and resolve it, and
// returns the path of its confirmation link.
func (e *testEnv) resolveForLink(number string) string {
	e.t.Helper()
	ctx := context.Background()
	c, err := e.app.CaseByNumber(ctx, anonymous(), number)
	if err != nil {
		e.t.Fatal(err)
	}
	handler, err := e.db.GetUserByUsername(ctx, "handler-"+c.Unit)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, cmd := range []guanjia.Command{{Action: guanjia.ActionAccept}, {Action: guanjia.ActionResolve, Note: "已清运"}} {
		if _, err := e.app.Act(ctx, guanjia.ActorOf(handler), c.ID, cmd); err != nil {
			e.t.Fatal(err)
		}
	}
	link, err := e.app.ConfirmLink(ctx, c.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	return link
}

func anonymous() guanjia.Actor { return guanjia.Actor{Role: guanjia.RoleAnonymous} }

// TestPhoneSignInPages: over real HTTP, a resident asks for a code, is
// refused a wrong one (401, in Chinese), signs in with the right one and
// gets a session cookie (HttpOnly, SameSite); the reports this browser
// made without an account become the account's, and "my reports" lists
// them in a second browser signed in with the same phone, and not for
// another resident. A second code within the minute is 429 with
// Retry-After, and a code five minutes old is refused.
func TestPhoneSignInPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		e := newTestEnv(t, dsn)
		const phone = "13912345678"
		kept := e.anonymousReport("10.20.0.1")

		first := e.client("")
		if st, body, _ := e.get(first, "/login/phone"); st != 200 || !strings.Contains(body, `id="phone-form"`) {
			t.Fatalf("GET /login/phone: %d", st)
		}
		if st, body, _ := e.post(first, "/login/phone", url.Values{"phone": {"12345"}}); st != 400 || !strings.Contains(body, "11 位数字") {
			t.Errorf("a bad number: %d", st)
		}
		st, body, _ := e.post(first, "/login/phone", url.Values{"phone": {"+86 139 1234 5678"}, "next": {""}})
		if st != 200 || !strings.Contains(body, "139****5678") {
			t.Fatalf("ask for a code: %d\n%s", st, body)
		}
		st, _, resp := e.post(first, "/login/phone", url.Values{"phone": {phone}})
		if st != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
			t.Errorf("a second code within the minute: %d, Retry-After %q", st, resp.Header.Get("Retry-After"))
		}
		code := e.lastCode(phone)
		wrong := "000000"
		if code == wrong {
			wrong = "111111"
		}
		st, body, _ = e.post(first, "/login/phone/verify", url.Values{"phone": {phone}, "code": {wrong}})
		if st != http.StatusUnauthorized || !strings.Contains(body, "验证码错误或已过期") {
			t.Errorf("a wrong code: %d", st)
		}
		tracked, _ := json.Marshal([]app.Tracked{kept, {Number: "WZ-19990101-0001", Token: "forged"}})
		st, _, resp = e.post(first, "/login/phone/verify", url.Values{"phone": {phone}, "code": {code}, "tracked": {string(tracked)}})
		if st != http.StatusSeeOther || resp.Header.Get("Location") != "/my" {
			t.Fatalf("the right code: %d → %s", st, resp.Header.Get("Location"))
		}
		var cookie *http.Cookie
		for _, c := range resp.Cookies() {
			if c.Name == session.Cookie {
				cookie = c
			}
		}
		if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode || cookie.MaxAge <= 0 {
			t.Fatalf("the session cookie: %+v", cookie)
		}
		if _, body, _ := e.get(first, "/my"); !strings.Contains(body, kept.Number) {
			t.Error("my reports after signing in do not list the report made before")
		}

		// Another browser, another day: the same phone sees the report.
		e.clock.Set(e.clock.Now().Add(24 * time.Hour))
		second := e.phoneClient(phone)
		if _, body, _ := e.get(second, "/my"); !strings.Contains(body, kept.Number) || !strings.Contains(body, `id="mine"`) {
			t.Error("my reports in a second browser do not list the report")
		}
		// Another resident sees none of it.
		other := e.phoneClient("13812345678")
		if _, body, _ := e.get(other, "/my"); strings.Contains(body, kept.Number) {
			t.Error("another resident's reports list the report")
		}

		// A code five minutes old is refused.
		e.clock.Set(e.clock.Now().Add(time.Minute))
		e.post(e.client(""), "/login/phone", url.Values{"phone": {phone}})
		code = e.lastCode(phone)
		e.clock.Set(e.clock.Now().Add(app.CodeTTL))
		if st, _, _ := e.post(e.client(""), "/login/phone/verify", url.Values{"phone": {phone}, "code": {code}}); st != http.StatusUnauthorized {
			t.Errorf("an expired code: %d", st)
		}

		// The county's administrator reads the texts (the demo's outbox); a
		// town's does not, for a text has no town.
		if st, body, _ := e.get(e.client("county-admin"), "/admin/texts"); st != 200 || !strings.Contains(body, "登录验证码为 "+code) {
			t.Errorf("/admin/texts as the county's administrator: %d", st)
		}
		if st, body, _ := e.get(e.client("admin"), "/admin/texts"); st != 200 || strings.Contains(body, "登录验证码为") {
			t.Errorf("/admin/texts as Wuzhen's administrator: %d, a sign-in code shown: %v", st, strings.Contains(body, "登录验证码为"))
		}
	})
}

// TestFollowAndConfirmPages: "I have this too" on the public page adds a
// follower, counted there without names, and the case to the follower's
// "my reports"; someone not signed in is sent to sign in by phone, which
// follows the case and brings them back to it. The reporter's confirmation link of the resolved case
// shows the form without signing in, closes the case with the score, and
// then says it was used (410, in the reader's language); a changed link
// is 404.
func TestFollowAndConfirmPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		e := newTestEnv(t, dsn)
		ctx := context.Background()
		kept := e.anonymousReport("10.21.0.1")
		c, err := e.app.CaseByNumber(ctx, anonymous(), kept.Number)
		if err != nil {
			t.Fatal(err)
		}
		nobody := e.client("")
		st, _, resp := e.post(nobody, "/track/"+kept.Number+"/follow", nil)
		loc := resp.Header.Get("Location")
		if st != http.StatusSeeOther || !strings.HasPrefix(loc, "/login/phone?follow=") {
			t.Fatalf("nobody follows: %d → %s", st, loc)
		}
		// They sign in by phone on the page they were sent to, which
		// follows the case and brings them back.
		passer := e.client("")
		if st, body, _ := e.get(passer, loc); st != 200 || !strings.Contains(body, `name="follow" value="`+kept.Number+`"`) {
			t.Fatalf("GET %s: %d", loc, st)
		}
		e.post(passer, "/login/phone", url.Values{"phone": {"13711112222"}, "follow": {kept.Number}})
		st, _, resp = e.post(passer, "/login/phone/verify", url.Values{"phone": {"13711112222"}, "code": {e.lastCode("13711112222")},
			"follow": {kept.Number}, "next": {"/track/" + kept.Number + "#follow"}})
		if st != http.StatusSeeOther || resp.Header.Get("Location") != "/track/"+kept.Number+"#follow" {
			t.Fatalf("sign in to follow: %d → %s", st, resp.Header.Get("Location"))
		}
		if _, body, _ := e.get(passer, "/track/"+kept.Number); !strings.Contains(body, "您已关注此案件") {
			t.Error("signing in to follow did not follow the case")
		}
		neighbour := e.phoneClient("13712345678")
		st, _, resp = e.post(neighbour, "/track/"+kept.Number+"/follow", nil)
		if st != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "following=1") {
			t.Fatalf("the neighbour follows: %d → %s", st, resp.Header.Get("Location"))
		}
		if _, body, _ := e.get(neighbour, "/track/"+kept.Number); !strings.Contains(body, "3 人遇到了这个问题") || !strings.Contains(body, "您已关注此案件") {
			t.Error("the public page does not count the neighbour, or does not tell them they follow")
		}
		if _, body, _ := e.get(neighbour, "/my"); !strings.Contains(body, `id="followed"`) || !strings.Contains(body, kept.Number) {
			t.Error("the neighbour's my reports do not list the case they follow")
		}
		if _, body, _ := e.get(nobody, "/track/"+kept.Number); !strings.Contains(body, `id="follow-button"`) || strings.Contains(body, "137****5678") || strings.Contains(body, "13712345678") {
			t.Error("the public page offers no button, or shows a follower")
		}
		if st, _, _ := e.post(e.client("dispatcher"), "/track/"+kept.Number+"/follow", nil); st != http.StatusForbidden {
			t.Errorf("a dispatcher follows: %d", st)
		}

		// Resolve, and answer by the link.
		link := e.resolveForLink(kept.Number)
		if st, body, _ := e.get(nobody, link); st != 200 || !strings.Contains(body, `id="confirm-form"`) || !strings.Contains(body, "已清运") {
			t.Fatalf("GET the link: %d", st)
		}
		tampered := link[:len(link)-5] + map[bool]string{true: "B", false: "A"}[link[len(link)-5] == 'A'] + link[len(link)-4:]
		if st, body, _ := e.post(nobody, tampered, url.Values{"fixed": {"yes"}, "satisfaction": {"5"}}); st != 404 || !strings.Contains(body, "链接无效") {
			t.Errorf("POST a changed link: %d", st)
		}
		if st, _, _ := e.post(nobody, link, url.Values{"fixed": {"yes"}, "satisfaction": {"9"}}); st != 400 {
			t.Errorf("a score of 9: %d", st)
		}
		if st, body, _ := e.post(nobody, link, url.Values{"fixed": {"yes"}, "satisfaction": {"4"}}); st != 200 || !strings.Contains(body, `id="confirmed"`) {
			t.Fatalf("confirm by the link: %d", st)
		}
		if got, _ := e.db.GetCase(ctx, c.ID); got.Status != guanjia.StatusClosed || got.Satisfaction != 4 {
			t.Errorf("the case after confirming: %s, %d", got.Status, got.Satisfaction)
		}
		if st, body, _ := e.post(nobody, link, url.Values{"fixed": {"no"}}); st != http.StatusGone || !strings.Contains(body, "该链接已使用过") {
			t.Errorf("the link a second time: %d", st)
		}
		if st, body, _ := e.get(nobody, link, "Accept-Language", "en"); st != http.StatusGone || !strings.Contains(body, "This link was used already") {
			t.Errorf("the used link in English: %d", st)
		}
	})
}
