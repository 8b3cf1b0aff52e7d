package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/guanjia/guanjia/demo"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestAdminBrowser drives Chromium through the county administrator's
// pages: a new category and a routing rule for it in Wuzhen, a resolution
// template for it, and a handler account for the unit the rule names. A
// report of the new category through the API is dispatched by that rule;
// the new handler signs for it on the case page and resolves it with the
// current version of the template, filled with the case's number and place. The administrator resets a
// dispatcher's password (a too-short one is refused beside the field,
// the new one signs in, the old one no longer does). The audit log lists
// each change with who made it and from which address.
func TestAdminBrowser(t *testing.T) {
	chromium := dbtest.Chromium(t)
	dbtest.Each(t, func(t *testing.T, dsn string) {
		e := newTestEnv(t, dsn)
		b := newBrowserEnv(t, chromium, e.srv.URL)
		tb := b.newTab(t, 1280, 900, false)
		tb.login("county-admin", "zh")
		set := func(selector, value string) {
			t.Helper()
			js := `(() => { const el = document.querySelector(` + cssString(selector) + `); if (!el) return false; el.value = ` + cssString(value) + `; return el.value === ` + cssString(value) + `; })()`
			if !eval[bool](tb, js) {
				t.Fatalf("cannot set %s to %q", selector, value)
			}
		}
		submit := func(form, what string) {
			t.Helper()
			eval[bool](tb, `window.stale = true`)
			tb.do(chromedp.Click(chromedp.CSS(form + ` button[type=submit]`)))
			tb.waitFor(what, `!window.stale && document.readyState === "complete" && (location.search.includes("done=") || !!document.querySelector(".field-error:not([hidden]), .notice.error"))`)
			if errs := eval[string](tb, `Array.from(document.querySelectorAll(".field-error:not([hidden]), .notice.error")).map(e => e.id + ": " + e.textContent).join("; ")`); errs != "" {
				t.Fatalf("%s: refused: %s", what, errs)
			}
		}

		tb.open("/admin")
		if n := eval[int](tb, `document.querySelectorAll(".admin-links a").length`); n < 9 {
			t.Fatalf("the admin home links to %d pages", n)
		}

		// A category and its routing rule.
		tb.open("/admin/categories")
		set(`#category-form [name=code]`, "dog-waste")
		set(`#category-form [name=name_zh]`, "犬类粪便")
		set(`#category-form [name=name_en]`, "Dog waste")
		set(`#category-form [name=icon]`, "🐾")
		submit("#category-form", "the category saved")
		if !eval[bool](tb, `!!document.querySelector("#category-dog-waste")`) {
			t.Fatal("the new category is not listed")
		}
		tb.open("/admin/rules")
		set(`#rule-form [name=category]`, "dog-waste")
		set(`#rule-form [name=area]`, demo.Town.Code)
		set(`#rule-form [name=unit]`, "sanitation")
		submit("#rule-form", "the rule saved")
		if got := eval[string](tb, `Array.from(document.querySelectorAll("#rules tr")).map(r => r.textContent).join("|")`); !strings.Contains(got, "犬类粪便") {
			t.Fatalf("the new rule is not listed: %s", got)
		}

		// An inspection round: market supervision checks food every 120 days.
		tb.open("/admin/rounds")
		set(`#round-form [name=kind]`, "food")
		set(`#round-form [name=unit]`, "market")
		set(`#round-form [name=every_days]`, "120")
		tb.do(chromedp.Click(chromedp.CSS(`#round-form button[type=submit]`)))
		tb.waitFor("the round saved", `document.readyState === "complete" && location.search.includes("saved=food-market")`)
		if got := eval[string](tb, `document.querySelector('[data-round="food-market"]')?.textContent || ""`); !strings.Contains(got, "120") {
			t.Fatalf("the round is not listed with its interval: %q", got)
		}

		// A resolution template for it.
		tb.open("/admin/replies")
		set(`#reply-form [name=category]`, "dog-waste")
		set(`#reply-form [name=kind]`, "template")
		set(`#reply-form [name=title]`, "粪便已清理")
		set(`#reply-form [name=body]`, "您反映的{place}犬类粪便（{case_number}）已由{unit}清理。")
		submit("#reply-form", "the reply saved")
		// On its own page now: a second version keeps the first in the history.
		set(`#reply-form [name=body]`, "您反映的{place}犬类粪便（{case_number}）已由{unit}清理并消毒。")
		submit("#reply-form", "the second version saved")
		if got := eval[[]string](tb, `Array.from(document.querySelectorAll("#versions li .reply-body")).map(p => p.textContent)`); len(got) != 2 || !strings.Contains(got[0], "消毒") || strings.Contains(got[1], "消毒") {
			t.Fatalf("the history shows %q", got)
		}

		// A handler of the unit, with a password of their own.
		tb.open("/admin/users")
		set(`#user-form [name=username]`, "chen-sanitation")
		set(`#user-form [name=name]`, "环卫陈师傅")
		set(`#user-form [name=role]`, "handler")
		set(`#user-form [name=unit]`, "sanitation")
		set(`#user-form [name=jurisdiction]`, demo.Town.Code)
		set(`#user-form [name=password]`, "sanitation duty 2026")
		submit("#user-form", "the account created")

		// A report of the new category is routed by the new rule.
		body := `{"category":"dog-waste","lat":30.7452,"lng":120.4871,"address":"西栅大街 12 号","description":"路边有很多狗粪。"}`
		resp, err := http.Post(e.srv.URL+"/api/v1/cases", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		var rec struct {
			Case struct {
				ID     int64  `json:"id"`
				Number string `json:"number"`
				Status string `json:"status"`
				Unit   string `json:"unit"`
			}
		}
		err = json.NewDecoder(resp.Body).Decode(&rec.Case)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusCreated {
			t.Fatalf("report: %d %v", resp.StatusCode, err)
		}
		if rec.Case.Unit != "sanitation" || rec.Case.Status != "dispatched" {
			t.Fatalf("the report went to %q (%s), want sanitation by the new rule", rec.Case.Unit, rec.Case.Status)
		}

		// The new handler signs for it and resolves it with the template.
		h := b.newTab(t, 1280, 900, false)
		h.open("/lang/zh?next=%2Flogin")
		h.do(chromedp.SendKeys(chromedp.ID("username"), "chen-sanitation"),
			chromedp.SendKeys(chromedp.ID("password"), "sanitation duty 2026"),
			chromedp.Click(chromedp.CSS(`form.form button[type=submit]`)))
		h.waitFor("the signed-in page", `location.pathname !== "/login" && document.readyState === "complete"`)
		h.open("/cases/" + strconv.FormatInt(rec.Case.ID, 10))
		h.do(chromedp.Click(chromedp.ID("accept")))
		h.waitFor("the resolve form", `!!document.querySelector("#resolve-reply")`)
		h.do(chromedp.SetValue(chromedp.ID("resolve-reply"), eval[string](h, `document.querySelector("#resolve-reply option:nth-child(2)").value`)))
		eval[bool](h, `document.querySelector("#resolve-reply").dispatchEvent(new Event("change", {bubbles: true}))`)
		note := eval[string](h, `document.querySelector("#resolve-note").value`)
		if !strings.Contains(note, rec.Case.Number) || !strings.Contains(note, "西栅大街 12 号") || !strings.Contains(note, "消毒") || strings.Contains(note, "{") {
			t.Fatalf("the template filled the note with %q", note)
		}
		h.do(chromedp.Click(chromedp.ID("resolve")))
		h.waitFor("the case resolved", `document.readyState === "complete" && !document.querySelector("#resolve")`)

		// A password reset, refused first for being short.
		disp, err := e.db.GetUserByUsername(t.Context(), "dispatcher")
		if err != nil {
			t.Fatal(err)
		}
		tb.open("/admin/users/" + strconv.FormatInt(disp.ID, 10))
		set(`#password-form [name=password]`, "short")
		tb.do(chromedp.Click(chromedp.CSS(`#password-form button[type=submit]`)))
		tb.waitFor("the refusal", `!!document.querySelector("#err-password:not([hidden])")`)
		if msg := eval[string](tb, `document.querySelector("#err-password").textContent`); !strings.Contains(msg, "10") {
			t.Errorf("the refusal says %q", msg)
		}
		set(`#password-form [name=password]`, "dispatch desk 2026 spring")
		submit("#password-form", "the password changed")
		for pw, want := range map[string]int{"dispatch desk 2026 spring": http.StatusSeeOther, demo.Password: http.StatusUnauthorized} {
			c := e.client("")
			st, _, _ := e.post(c, "/login", url.Values{"username": {"dispatcher"}, "password": {pw}})
			if st != want {
				t.Errorf("sign in with %q: %d, want %d", pw, st, want)
			}
		}

		// The audit log lists the changes, by whom, from where.
		tb.open("/admin/audit")
		rows := eval[[]map[string]string](tb, `Array.from(document.querySelectorAll("#audit tbody tr[data-action]")).map(r => ({action: r.dataset.action, object: r.dataset.object, text: r.textContent}))`)
		want := map[string]string{"category.create": "dog-waste", "rule.create": "sanitation", "reply.create": "粪便已清理",
			"user.create": "chen-sanitation", "user.password": `"username": "dispatcher"`}
		for action, holds := range want {
			found := false
			for _, r := range rows {
				found = found || r["action"] == action && strings.Contains(r["text"], holds) &&
					strings.Contains(r["text"], "127.0.0.1") && strings.Contains(r["text"], "桐乡市管理员")
			}
			if !found {
				t.Errorf("the audit log lists no %s of %s by the county's administrator from 127.0.0.1", action, holds)
			}
		}
		// What each entry did, in Chinese, not by its action's code.
		for action, verb := range map[string]string{"category.create": "类别 dog-waste 新建", "user.password": "重设密码"} {
			found := false
			for _, r := range rows {
				found = found || r["action"] == action && strings.Contains(strings.Join(strings.Fields(r["text"]), " "), verb)
			}
			if !found {
				t.Errorf("the audit log does not say %q of its %s", verb, action)
			}
		}
		// What each entry changed, by the fields' Chinese names, with the
		// values of words and numbers; never by a field's JSON name.
		fields := eval[[]map[string]string](tb, `Array.from(document.querySelectorAll("#audit ul.changed li")).map(li => ({action: li.closest("tr").dataset.action, field: li.dataset.field, label: li.querySelector("b").textContent, text: li.textContent}))`)
		reset := false
		for _, f := range fields {
			if f["label"] == f["field"] {
				t.Errorf("the audit log names the field %q of %s by its JSON name", f["field"], f["action"])
			}
			reset = reset || f["action"] == "user.password" && f["field"] == "password_reset" && strings.Join(strings.Fields(f["text"]), " ") == "已重设密码 否 → 是"
		}
		if !reset {
			t.Errorf("the audit log does not say 已重设密码 否 → 是 of the password reset")
		}
		tb.open("/admin/audit?object=user&object_id=" + strconv.FormatInt(disp.ID, 10))
		if n := eval[int](tb, `document.querySelectorAll("#audit tbody tr[data-action]").length`); n != 1 {
			t.Errorf("the log filtered to the dispatcher's account lists %d changes, want 1", n)
		}
		if foreign := b.foreignRequests(); len(foreign) > 0 {
			t.Errorf("pages requested other hosts than their own:\n%s", strings.Join(foreign, "\n"))
		}
	})
}
