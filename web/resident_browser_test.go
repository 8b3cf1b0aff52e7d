package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestResidentPhoneJourney: on a 360 px phone, in Chinese and in English,
// a resident whose phone kept a report made without an account opens "my
// reports", follows the link to sign in with their phone, types the
// number and then the code the text carried (read from the app's kept
// texts), and lands on "my reports", which now lists the report as the
// account's. Once the case is resolved, the link of the resolution's text
// confirms it with a score of 4. Each page fits the screen, with its
// buttons on it and at least 40 px tall.
func TestResidentPhoneJourney(t *testing.T) {
	chromium := dbtest.Chromium(t)
	e := newTestEnv(t, dbtest.SQLite(t))
	b := newBrowserEnv(t, chromium, e.srv.URL)
	for i, lang := range []string{"zh", "en"} {
		t.Run(lang, func(t *testing.T) {
			kept := e.anonymousReport(fmt.Sprintf("10.30.0.%d", i+1))
			phone := fmt.Sprintf("1350000000%d", i+1)
			tb := newPhoneTab(t, b, "", lang)
			list, _ := json.Marshal([]any{kept})
			eval[bool](tb, `(localStorage.setItem("guanjia.reports", `+jsString(string(list))+`), true)`)

			tb.open("/my")
			tb.waitFor("the kept report", `document.querySelector("#tracked [data-number]") !== null`)
			fitsPhone(t, tb, lang, "/my", `#phone-login`)
			tb.do(chromedp.Click(chromedp.ID("phone-login")))
			tb.waitFor("the phone form", `document.getElementById("phone-form") !== null`)
			fitsPhone(t, tb, lang, "/login/phone", `#phone-form button[type=submit]`)
			tb.do(chromedp.SendKeys(chromedp.ID("phone"), phone), chromedp.Click(chromedp.CSS(`#phone-form button[type=submit]`)))
			tb.waitFor("the code form", `document.getElementById("code-form") !== null`)
			fitsPhone(t, tb, lang, "/login/phone (code)", `#code-form button[type=submit]`)
			tb.capture("phone-" + lang + "-resident-code")
			tb.do(chromedp.SendKeys(chromedp.ID("code"), e.lastCode(phone)), chromedp.Click(chromedp.CSS(`#code-form button[type=submit]`)))
			tb.waitFor("my reports, signed in", `location.pathname === "/my" && document.querySelector(`+
				jsString(`#mine [data-number="`+kept.Number+`"]`)+`) !== null`)
			fitsPhone(t, tb, lang, "/my (signed in)", "")
			if n := eval[int](tb, `document.querySelectorAll(`+jsString(`[data-number="`+kept.Number+`"]`)+`).length`); n != 1 {
				t.Errorf("the report is listed %d times on my reports, want once", n)
			}
			if who := eval[string](tb, `document.querySelector("header .who").textContent`); !strings.Contains(who, "****") {
				t.Errorf("the header names the resident %q, want the masked number", who)
			}
			tb.capture("phone-" + lang + "-resident-my")

			// The case is resolved; the text's link confirms it.
			link := e.resolveForLink(kept.Number)
			tb.open(link)
			fitsPhone(t, tb, lang, "the confirmation link", `#confirm-form button[value=yes]`)
			tb.capture("phone-" + lang + "-resident-confirm")
			tb.do(chromedp.Click(chromedp.CSS(`#confirm-form input[name=satisfaction][value="4"]`)),
				chromedp.Click(chromedp.CSS(`#confirm-form button[value=yes]`)))
			tb.waitFor("the thanks", `document.getElementById("confirmed") !== null`)
			if c, err := e.app.CaseByNumber(context.Background(), anonymous(), kept.Number); err != nil || c.Status != guanjia.StatusClosed || c.Satisfaction != 4 {
				t.Errorf("the case after confirming on the phone: %v, %v", c, err)
			}
		})
	}
}

// fitsPhone checks the page in the tab as TestPhonePages does (no wider
// than the screen, nothing scrolling sideways, the action on screen and
// every control at least 40 px tall).
func fitsPhone(t *testing.T, tb *tab, lang, what, action string) {
	t.Helper()
	tb.waitFor(what, pageReady)
	var actions []string
	if action != "" {
		actions = []string{action}
	}
	js, _ := json.Marshal(append([]string{}, actions...))
	for _, problem := range eval[[]string](tb, strings.Replace(phoneProblems, "%s", string(js), 1)) {
		t.Errorf("%s in %s: %s", what, lang, problem)
	}
}
