package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// phonePage is a page a role can open, with the selectors of its primary
// actions: each must be on the phone's screen, at least 40 px tall.
type phonePage struct {
	user    string // "" is not signed in
	path    string // {new}, {dispatched}, {accepted}, {extending}, {number}, {notice}, {bnb}, {event} and {project} name the seeded records
	actions []string
}

// phonePages is every page each role can open. A new page is a new row.
var phonePages = []phonePage{
	{"", "/", []string{`.hero-actions a.btn`}},
	{"", "/about", nil},
	{"", "/login", []string{`form.form button[type=submit]`}},
	{"", "/login/phone", []string{`#phone-form button[type=submit]`}},
	{"", "/report", []string{`#send`}},
	{"", "/my", nil},
	{"", "/track/{number}", nil},
	{"", "/bnb", nil},
	{"", "/bnb/{bnb}", nil},
	{"", "/bnb/score", nil},
	{"resident", "/report", []string{`#send`}},
	{"resident", "/my", nil},
	{"resident", "/apply", []string{`#apply-form button[type=submit]`}},
	{"resident", "/me/points", []string{`a.btn.huge[href="/apply"]`}},
	{"resident", "/me/notify", []string{`.top a#to-notify`, `#prefs-form button[type=submit]`}},
	{"housekeeper", "/report", []string{`#send`}},
	{"housekeeper", "/tasks", []string{`#open-tasks form.claim button`}},
	{"housekeeper", "/me/points", []string{`#rewards form button`}},
	{"housekeeper", "/notices", nil},
	{"housekeeper", "/notices/{notice}", nil},
	{"housekeeper", "/patrol", []string{`#start-patrol`}},
	{"housekeeper", "/leaderboard", []string{`#board-filter button`}},
	{"dispatcher", "/console", []string{`.filters button[type=submit]`, `#queue [data-id] a`}},
	{"dispatcher", "/console/intake", []string{`#take-call`, `#phone`}},
	{"dispatcher", "/console/supervision", nil},
	{"dispatcher", "/cases/{new}", []string{`#dispatch-suggested`, `#act-dispatch button.btn:not(#dispatch-suggested)`, `a.call[href^="tel:"]`, `a.nav-geo`}},
	{"dispatcher", "/cases/{accepted}", []string{`a.call[href^="tel:"]`, `a.nav-geo`}},
	{"dispatcher", "/staff/housekeepers", []string{`#pending form[action$="/approve"] button`, `#pending form[action$="/decline"] button`}},
	{"dispatcher", "/staff/tasks", []string{`details.publish summary`}},
	{"dispatcher", "/staff/notices", []string{`#notice-form button[type=submit]`}},
	{"dispatcher", "/staff/rewards", []string{`#check button[type=submit]`}},
	{"dispatcher", "/staff/bnb", []string{`.filters button[type=submit]`}},
	{"dispatcher", "/staff/bnb/{bnb}", nil},
	{"dispatcher", "/staff/bnb/new", nil},
	{"dispatcher", "/stats#hotspots", []string{`#hotspots form button`}},
	{"leader", "/console", []string{`.filters button[type=submit]`}},
	{"leader", "/stats", []string{`.filters button[type=submit]`}},
	{"leader", "/screen", nil},
	{"leader", "/console/supervision", nil},
	{"leader", "/patrols", nil},
	{"leader", "/cases/{extending}", []string{`a.nav-geo`}},
	{"leader", "/console?counted=repeated&status=new,dispatched,accepted,resolved,closed", []string{`.filters button[type=submit]`}},
	{"leader", "/stats/reports", nil},
	{"leader", "/stats/report?period=2026-10", nil},
	{"leader", "/events", nil},
	{"leader", "/events/{event}", nil},
	{"leader", "/events/{event}/edit", nil},
	{"leader", "/events/{event}/report", nil},
	{"leader", "/staff/projects", nil},
	{"leader", "/projects/{project}", nil},
	{"leader", "/staff/bnb/load", nil},
	{"admin", "/staff/rewards", []string{`#reward-form button[type=submit]`}},
	{"admin", "/admin", []string{`.admin-links a[href="/admin/users"]`}},
	{"admin", "/admin/users", []string{`#user-form button[type=submit]`, `#users tbody tr a`}},
	{"admin", "/admin/categories", []string{`#category-form button[type=submit]`}},
	{"admin", "/admin/rules", []string{`#rule-form button[type=submit]`}},
	{"admin", "/admin/replies", []string{`#reply-form button[type=submit]`}},
	{"admin", "/admin/audit", []string{`#audit-filter button[type=submit]`}},
	{"admin", "/admin/places", []string{`#places-form button[type=submit]`}},
	{"admin", "/staff/town-settings", []string{`#override-form button[type=submit]`, `#day-form button[type=submit]`}},
	{"admin", "/admin/checklists", nil},
	{"admin", "/admin/rounds", nil},
	{"admin", "/admin/project-template", nil},
	{"county-admin", "/admin/outbox", []string{`#status`}},
	{"county-admin", "/admin/audit", []string{`#audit-filter select[name=town]`, `#audit-filter button[type=submit]`}},
	{"handler-market", "/desk", []string{`#desk-list [data-id] form[action$="/accept"] button`, `#desk-list [data-id] a.btn`, `.top a[href="/patrol"]`, `.top a#to-notify`}},
	{"handler-market", "/patrol", nil},
	{"handler-market", "/cases/{dispatched}", []string{`#accept`, `a.call[href^="tel:"]`, `a.nav-geo`, `a.nav-amap`}},
	{"handler-market", "/cases/{accepted}", []string{`#resolve`, `#resolve-photos`, `#act-return summary`, `#feedback`}},
	{"handler-market", "/staff/tasks", nil},
	{"lead-market", "/stats", nil},
	{"lead-market", "/stats/cases?counted=received&unit=market", nil},
	{"lead-market", "/desk", []string{`#desk-list .ext form button[value=yes]`, `#desk-list .ext form button[value=no]`}},
	{"lead-market", "/cases/{extending}", []string{`#act-approve button[value=yes]`, `#act-approve button[value=no]`}},
	{"owner", "/my/bnb", []string{`.bnb-form button[type=submit]`}},
	{"inspector", "/inspect", nil},
}

// phoneHolds are further conditions on a page on the phone, by path.
var phoneHolds = map[string]string{
	"/console":        `document.querySelector(".console-map").getBoundingClientRect().bottom <= document.querySelector(".console-queue").getBoundingClientRect().top`,
	"/stats#hotspots": `document.querySelectorAll("#hotspots tbody tr").length > 0`,
}

// TestPhonePages opens, on a 360×740 phone at device scale 2, every page of
// phonePages as its role, in Chinese and in English, and checks that the
// page is no wider than the screen, that nothing in it scrolls sideways,
// that the primary actions are on screen, that every button, field and
// link in the header is at least 40 px tall, and phoneHolds (the console's
// map above its queue). It saves a screenshot of each.
func TestPhonePages(t *testing.T) {
	chromium := dbtest.Chromium(t)
	e := newTestEnv(t, dbtest.SQLite(t))
	names := seedPhoneCases(t, e)
	b := newBrowserEnv(t, chromium, e.srv.URL)
	for _, lang := range []string{"zh", "en"} {
		t.Run(lang, func(t *testing.T) {
			var users []string
			for _, p := range phonePages {
				if len(users) == 0 || users[len(users)-1] != p.user {
					users = append(users, p.user)
				}
			}
			for _, user := range users {
				t.Run("as-"+user, func(t *testing.T) {
					tb := newPhoneTab(t, b, user, lang)
					for _, p := range phonePages {
						if p.user == user {
							checkPhonePage(t, tb, lang, p, names.Replace(p.path))
						}
					}
				})
			}
		})
	}
	t.Run("console-1366", func(t *testing.T) { checkConsoleDesktop(t, b) })
}

// checkConsoleDesktop opens the console on a 1366×768 screen with more
// cases than fit: the page stays about a screen high, the footer stays
// below the panels, and the queue scrolls inside its panel.
func checkConsoleDesktop(t *testing.T, b *browserEnv) {
	tb := b.newTab(t, 1366, 768, false)
	tb.login("dispatcher", "zh")
	tb.open("/console")
	tb.waitFor("the console", pageReady+` && document.querySelectorAll("#queue [data-id]").length >= 40`)
	got := eval[map[string]float64](tb, `(() => {
		const q = document.querySelector(".console-queue"), s = q.querySelector(".table-wrap"), m = document.querySelector(".console-map");
		s.scrollTop = 200;
		return {page: document.documentElement.scrollHeight, screen: innerHeight, scrolled: s.scrollTop,
			queueBottom: q.getBoundingClientRect().bottom + scrollY, mapBottom: m.getBoundingClientRect().bottom + scrollY,
			footTop: document.querySelector(".foot").getBoundingClientRect().top + scrollY};
	})()`)
	t.Logf("the console at 1366×768: %v px high, the footer at %v, the queue ends at %v", got["page"], got["footTop"], got["queueBottom"])
	if got["page"] > got["screen"]*1.2 {
		t.Errorf("the console is %v px high on a %v px screen; want at most 1.2 screens", got["page"], got["screen"])
	}
	if got["footTop"] < got["queueBottom"] || got["footTop"] < got["mapBottom"] {
		t.Errorf("the footer (top %v) cuts across the queue (bottom %v) or the map (bottom %v)", got["footTop"], got["queueBottom"], got["mapBottom"])
	}
	if got["scrolled"] < 200 {
		t.Errorf("the queue does not scroll inside its panel: scrollTop %v after scrolling by 200", got["scrolled"])
	}
	tb.capture("console-1366")
}

// newPhoneTab opens a phone tab signed in as user (or not) in lang.
func newPhoneTab(t *testing.T, b *browserEnv, user, lang string) *tab {
	tb := b.newTab(t, 360, 740, true)
	tb.do(chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateScale(2)))
	if user == "" {
		tb.open("/lang/" + lang + "?next=/favicon.ico")
	} else {
		tb.login(user, lang)
	}
	return tb
}

// pageReady holds once the page has loaded and its maps have drawn the town.
const pageReady = `document.readyState === "complete" &&
	[...document.querySelectorAll("[data-map]")].every(m => m.querySelector(".geo-grid"))`

// phoneProblems lists what is wrong with the page on a phone; %s is the
// JSON list of the primary actions' selectors.
const phoneProblems = `((actions) => {
	const out = [], W = screen.width;
	const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
		(el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "") +
		' "' + (el.innerText || el.value || el.placeholder || "").trim().slice(0, 30) + '"';
	const shown = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
	const onScreen = (el, r) => { if (r.left < -0.5 || r.right > W + 0.5) out.push(name(el) + " is off screen: x " + Math.round(r.left) + " to " + Math.round(r.right)); };
	const sw = document.documentElement.scrollWidth;
	if (sw > W) out.push("the page is " + sw + " px wide");
	if (document.body.classList.contains("page-error")) out.push("an error page: " + document.querySelector("main").innerText.slice(0, 80));
	for (const sel of actions) {
		const el = document.querySelector(sel);
		if (!el || !shown(el)) { out.push("no " + sel); continue; }
		onScreen(el, el.getBoundingClientRect());
	}
	const taps = "main button, main .btn, main select, main summary, main textarea, .top a, .top button, " +
		"main input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=file])";
	for (const el of document.querySelectorAll(taps)) {
		if (!shown(el) || el.closest(".leaflet-container, .sr-only")) continue;
		const r = el.getBoundingClientRect();
		if (r.height < 39.5) out.push(name(el) + " is " + Math.round(r.height) + " px tall");
		onScreen(el, r);
	}
	for (const el of document.querySelectorAll("body *")) {
		const s = getComputedStyle(el);
		if ((s.overflowX === "auto" || s.overflowX === "scroll") && el.scrollWidth > el.clientWidth + 1)
			out.push(name(el) + " scrolls sideways: " + el.scrollWidth + " px in " + el.clientWidth);
	}
	return out;
})(%s)`

// checkPhonePage opens path on the phone tab and reports what is wrong.
func checkPhonePage(t *testing.T, tb *tab, lang string, p phonePage, path string) {
	t.Helper()
	tb.open(path)
	tb.waitFor(path, pageReady)
	if got := eval[string](tb, `location.pathname`); !strings.HasPrefix(path, got) {
		t.Errorf("%s as %q: landed on %s", path, p.user, got)
	}
	actions, _ := json.Marshal(append([]string{}, p.actions...))
	for _, problem := range eval[[]string](tb, strings.Replace(phoneProblems, "%s", string(actions), 1)) {
		t.Errorf("%s as %q in %s: %s", path, p.user, lang, problem)
	}
	if js, ok := phoneHolds[p.path]; ok && !eval[bool](tb, js) {
		t.Errorf("%s as %q in %s: this does not hold: %s", path, p.user, lang, js)
	}
	tb.capture(phoneShotName(lang, p))
}

// phoneShotName names a page's screenshot: phone-zh-dispatcher-cases-new.
func phoneShotName(lang string, p phonePage) string {
	user := p.user
	if user == "" {
		user = "public"
	}
	page := strings.NewReplacer("/", "-", "{", "", "}", "", "?", "-", "=", "-", "#", "-").Replace(strings.Trim(p.path, "/"))
	if page == "" {
		page = "home"
	}
	return "phone-" + lang + "-" + user + "-" + page
}

// seedPhoneCases reports enough cases to fill the console's queue, moves a
// few of them along the loop for the market unit, publishes a task, a
// notice and a reward, has a resident apply to be a housekeeper, and
// returns the replacements of phonePage's names.
func seedPhoneCases(t *testing.T, e *testEnv) *strings.Replacer {
	t.Helper()
	ctx := context.Background()
	actor := func(username string) guanjia.Actor {
		u, err := e.db.GetUserByUsername(ctx, username)
		if err != nil {
			t.Fatal(err)
		}
		return guanjia.ActorOf(u)
	}
	disp, handler := actor("dispatcher"), actor("handler-market")
	lat, lng := (&flow{t: t, e: e}).pointInGrid()
	now := e.app.Now()
	area := fmt.Sprintf(`{"type":"Polygon","coordinates":[[[%[1]f,%[2]f],[%[3]f,%[2]f],[%[3]f,%[4]f],[%[1]f,%[4]f],[%[1]f,%[2]f]]]}`,
		lng-0.005, lat-0.005, lng+0.005, lat+0.005)
	if err := e.app.SaveConference(ctx, actor("leader"), &guanjia.Conference{Name: "乌镇戏剧节 Wuzhen Theatre Festival", Area: json.RawMessage(area),
		SetupFrom: now.AddDate(0, 0, -2), Start: now.AddDate(0, 0, -1), End: now.AddDate(0, 0, 2), TeardownUntil: now.AddDate(0, 0, 3),
		SignLimit: guanjia.Limit{N: 15, Unit: guanjia.ClockMinutes}, PostUnit: "command",
		Roster: []guanjia.DutyEntry{{Name: "王丽", Post: "现场指挥部总值班"}, {Name: "陈建国", Post: "带班领导"}}}); err != nil {
		t.Fatal(err)
	}
	var ids []int64
	var number string
	for i := range 40 {
		rec, err := e.app.Report(ctx, guanjia.Actor{Role: guanjia.RoleAnonymous}, guanjia.Report{Category: "bnb-complaint",
			Lat: lat, Lng: lng, Attributes: map[string]any{"bnb": "Riverside-Inn-Room-302-by-the-East-Gate-Bridge"},
			Description: "民宿实际房间和网上图片严重不符，老板拒绝退款，游客在前台等候。The owner refuses a refund; see " +
				"https://example.org/listing/riverside-inn-room-302-photos-" + strconv.Itoa(i),
			Name: "周敏 Zhou Min", Phone: "13900001111"})
		if err != nil {
			t.Fatal(err)
		}
		ids, number = append(ids, rec.Case.ID), rec.Case.Number
	}
	until := e.app.Now().AddDate(0, 0, 10)
	steps := map[int64][]guanjia.Command{
		ids[1]: {{Action: guanjia.ActionDispatch, Unit: "market"}},
		ids[2]: {{Action: guanjia.ActionDispatch, Unit: "market"}, {Action: guanjia.ActionAccept},
			{Action: guanjia.ActionSupervise, Until: until, Note: "请于明天前书面反馈退款协调进展。"}},
		ids[3]: {{Action: guanjia.ActionDispatch, Unit: "market"}, {Action: guanjia.ActionAccept},
			{Action: guanjia.ActionExtend, Until: until, Note: "等待店主回国后协商退款事宜"}},
		ids[4]: {{Action: guanjia.ActionDispatch, Unit: "market"}, {Action: guanjia.ActionAccept},
			{Action: guanjia.ActionResolve, Note: "已协调退款。"}},
	}
	for id, cmds := range steps {
		for _, cmd := range cmds {
			who := handler
			if cmd.Action == guanjia.ActionDispatch || cmd.Action == guanjia.ActionSupervise {
				who = disp
			}
			if _, err := e.app.Act(ctx, who, id, cmd); err != nil {
				t.Fatalf("case %d: %s: %v", id, cmd.Action, err)
			}
		}
	}
	(&keeperFlow{t: t, e: e}).publish()
	if err := e.app.PutReward(ctx, actor("county-admin"), &guanjia.Reward{Name: "免费理发一次", Description: "文明商家联盟理发店",
		Kind: guanjia.RewardService, Cost: 40, Stock: 60, Active: true}); err != nil {
		t.Fatal(err)
	}
	keeper, err := e.db.GetUserByUsername(ctx, "housekeeper")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.app.ApplyHousekeeper(ctx, actor("resident-001"), guanjia.Application{Name: "欧阳秀英", Phone: "13957300099",
		Occupation: guanjia.OccupationRetiree, Grid: keeper.Grid, Households: 15, Note: "住在西栅大桥东桥头，每天早上巡河"}); err != nil {
		t.Fatal(err)
	}
	notices, err := e.app.Notices(ctx, actor("housekeeper"))
	if err != nil || len(notices) == 0 {
		t.Fatalf("the housekeeper's notices: %d, %v", len(notices), err)
	}
	id := func(i int) string { return strconv.FormatInt(ids[i], 10) }
	return strings.NewReplacer("{new}", id(0), "{dispatched}", id(1), "{accepted}", id(2), "{extending}", id(3),
		"{number}", number, "{notice}", strconv.FormatInt(notices[0].ID, 10),
		"{bnb}", firstLinkID(t, e, "", "/bnb", "/bnb/"), "{event}", firstLinkID(t, e, "leader", "/events", "/events/"),
		"{project}", firstLinkID(t, e, "leader", "/staff/projects", "/projects/"))
}

// firstLinkID returns the id in the first link to prefix+id on the page
// at path as user: a demo record of that kind.
func firstLinkID(t *testing.T, e *testEnv, user, path, prefix string) string {
	t.Helper()
	status, body, _ := e.get(e.client(user), path)
	m := regexp.MustCompile(`href="` + regexp.QuoteMeta(prefix) + `(\d+)"`).FindStringSubmatch(body)
	if status != http.StatusOK || m == nil {
		t.Fatalf("%s as %q: status %d and no link to %s…", path, user, status, prefix)
	}
	return m[1]
}
