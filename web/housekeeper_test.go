package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestHousekeeperPages is the authorisation table of the housekeepers'
// pages and of staff's pages about them.
func TestHousekeeperPages(t *testing.T) {
	e := newTestEnv(t, dbtest.SQLite(t))
	clients := map[string]*http.Client{}
	for _, u := range []string{"", "resident", "housekeeper", "dispatcher", "leader", "admin", "handler-market"} {
		clients[u] = e.client(u)
	}
	tests := []struct {
		path, user string
		want       int
		contains   string
	}{
		{"/apply", "", 303, ""},
		{"/apply", "resident", 200, `id="apply-form"`},
		{"/apply", "housekeeper", 200, `id="my-application"`},
		{"/apply", "dispatcher", 403, ""},
		{"/tasks", "", 303, ""},
		{"/tasks", "resident", 403, ""},
		{"/tasks", "housekeeper", 200, `id="open-tasks"`},
		{"/tasks", "dispatcher", 403, ""},
		{"/me/points", "", 303, ""},
		{"/me/points", "housekeeper", 200, `id="rewards"`},
		{"/me/points", "resident", 200, `href="/apply"`},
		{"/me/points", "dispatcher", 403, ""},
		{"/notices", "housekeeper", 200, `id="notices"`},
		{"/notices", "resident", 403, ""},
		{"/notices/999999", "housekeeper", 404, ""},
		{"/staff/housekeepers", "", 303, ""},
		{"/staff/housekeepers", "housekeeper", 403, ""},
		{"/staff/housekeepers", "handler-market", 403, ""}, // not a committee: the app refuses
		{"/staff/housekeepers", "dispatcher", 200, `id="coverage"`},
		{"/staff/housekeepers", "leader", 200, `id="pending"`},
		{"/staff/tasks", "resident", 403, ""},
		{"/staff/tasks", "dispatcher", 200, `id="task-form"`},
		{"/staff/tasks", "handler-market", 200, `id="tasks"`},
		{"/staff/notices", "housekeeper", 403, ""},
		{"/staff/notices", "dispatcher", 200, `id="notice-form"`},
		{"/staff/rewards", "housekeeper", 403, ""},
		{"/staff/rewards", "dispatcher", 200, `id="rewards"`},
		{"/staff/rewards", "admin", 200, `id="reward-form"`},
		{"/staff/rewards?code=ZZZZZZZZ", "dispatcher", 404, `id="err-code"`},
	}
	for _, tt := range tests {
		t.Run(strings.TrimPrefix(tt.path, "/")+"/"+tt.user, func(t *testing.T) {
			st, body, _ := e.get(clients[tt.user], tt.path)
			if st != tt.want {
				t.Fatalf("GET %s as %q: status %d, want %d\n%.1500s", tt.path, tt.user, st, tt.want, alerts(body))
			}
			if !strings.Contains(body, tt.contains) {
				t.Errorf("GET %s as %q: body lacks %q", tt.path, tt.user, tt.contains)
			}
		})
	}
	_, nav, _ := e.get(clients["housekeeper"], "/my")
	for _, link := range []string{`href="/tasks"`, `href="/me/points"`, `href="/notices"`} {
		if !strings.Contains(nav, link) {
			t.Errorf("a housekeeper's header lacks %s", link)
		}
	}
	if _, nav, _ = e.get(clients["resident"], "/my"); !strings.Contains(nav, `href="/apply"`) {
		t.Error(`a resident's header lacks href="/apply"`)
	}
}

// TestHousekeeperForms drives a task, its points, a reward, a notice and
// an application through the pages' forms, each refusal shown beside its
// field or row.
func TestHousekeeperForms(t *testing.T) {
	e := newTestEnv(t, dbtest.SQLite(t))
	ctx := context.Background()
	users := map[string]*http.Client{}
	for _, u := range []string{"resident", "housekeeper", "dispatcher", "leader", "admin", "county-admin", "handler-market"} {
		users[u] = e.client(u)
	}
	keeper, err := e.db.GetUserByUsername(ctx, "housekeeper")
	if err != nil {
		t.Fatal(err)
	}
	now := e.app.Now().In(guanjia.TownZone)
	lat, lng := 30.7452, 120.4871
	task := url.Values{"title": {"Guide traffic at the bridge"}, "kind": {"traffic"}, "area": {"grid:" + keeper.Grid},
		"lat": {fmt.Sprint(lat)}, "lng": {fmt.Sprint(lng)}, "starts_at": {now.Format("2006-01-02T15:04")},
		"ends_at": {now.Add(3 * time.Hour).Format("2006-01-02T15:04")}, "needed": {"2"}, "points": {"40"}}
	with := func(v url.Values, k, val string) url.Values {
		out := url.Values{}
		for kk, vv := range v {
			out[kk] = vv
		}
		out.Set(k, val)
		return out
	}
	step := func(name, user, path string, form url.Values, want int, contains string) string {
		t.Helper()
		st, body, _ := e.post(users[user], path, form)
		if st != want {
			t.Fatalf("%s: %s POST %s: status %d, want %d: %s", name, user, path, st, want, alerts(body))
		}
		if !strings.Contains(body, contains) {
			t.Errorf("%s: the page lacks %q", name, contains)
		}
		return body
	}
	step("no title", "dispatcher", "/staff/tasks", with(task, "title", ""), 400, `id="err-title"`)
	step("bad window", "dispatcher", "/staff/tasks", with(task, "ends_at", "soon"), 400, `id="err-ends_at"`)
	step("leader", "leader", "/staff/tasks", task, 403, "")
	step("publish", "dispatcher", "/staff/tasks", task, 303, "")
	ts, err := e.app.Tasks(ctx, guanjia.SystemActor, app.TaskQuery{All: true})
	if err != nil || len(ts) == 0 {
		t.Fatalf("no task published: %v", err)
	}
	id := strconv.FormatInt(ts[len(ts)-1].ID, 10)
	step("claim", "housekeeper", "/tasks/"+id+"/claim", nil, 303, "")
	step("far away", "housekeeper", "/tasks/"+id+"/checkin", url.Values{"lat": {"30.80"}, "lng": {"120.50"}}, 422, `id="err-task-`+id+`"`)
	step("no position", "housekeeper", "/tasks/"+id+"/checkin", nil, 400, `id="err-task-`+id+`"`)
	step("check in", "housekeeper", "/tasks/"+id+"/checkin", url.Values{"lat": {fmt.Sprint(lat)}, "lng": {fmt.Sprint(lng)}}, 303, "")
	step("no photo", "housekeeper", "/tasks/"+id+"/complete", url.Values{"note": {"Done."}}, 400, `id="err-task-`+id+`"`)
	if st, body := postPhoto(t, e, users["housekeeper"], "/tasks/"+id+"/complete", "Traffic flowed; no jams."); st != 303 {
		t.Fatalf("complete with a photo: status %d: %s", st, alerts(body))
	}
	step("not their unit", "handler-market", "/staff/tasks/"+id+"/confirm", url.Values{"user_id": {fmt.Sprint(keeper.ID)}}, 403, "")
	step("reject without reason", "dispatcher", "/staff/tasks/"+id+"/confirm", url.Values{"user_id": {fmt.Sprint(keeper.ID)}, "approve": {"no"}}, 400, `id="err-task-`+id+`"`)
	step("confirm", "dispatcher", "/staff/tasks/"+id+"/confirm", url.Values{"user_id": {fmt.Sprint(keeper.ID)}}, 303, "")
	_, page, _ := e.get(users["housekeeper"], "/me/points")
	if !strings.Contains(page, `id="balance">40<`) {
		t.Fatalf("the points page does not show 40 points: %s", regexp.MustCompile(`id="balance">[^<]*`).FindString(page))
	}

	// Rewards: the dearest is out of reach, the cheapest is not.
	rewards, _ := e.app.Rewards(ctx, guanjia.SystemActor)
	var cheap, dear *guanjia.Reward
	for _, w := range rewards {
		if w.Stock > 0 && (cheap == nil || w.Cost < cheap.Cost) {
			cheap = w
		}
		if dear == nil || w.Cost > dear.Cost {
			dear = w
		}
	}
	step("too dear", "housekeeper", fmt.Sprintf("/me/points/redeem/%d", dear.ID), nil, 422, fmt.Sprintf(`id="err-reward-%d"`, dear.ID))
	st, _, resp := e.post(users["housekeeper"], fmt.Sprintf("/me/points/redeem/%d", cheap.ID), nil)
	loc := resp.Header.Get("Location")
	if st != 303 || !strings.HasPrefix(loc, "/me/points?receipt=") {
		t.Fatalf("redeem: status %d, location %q", st, loc)
	}
	code := strings.TrimPrefix(loc, "/me/points?receipt=")
	if _, page, _ = e.get(users["housekeeper"], loc); !strings.Contains(page, `id="receipt-code">`+code+`<`) {
		t.Errorf("the points page does not show the receipt code %s big", code)
	}
	step("use receipt", "dispatcher", "/staff/receipts/use", url.Values{"code": {strings.ToLower(code)}}, 200, "receipt-used")
	step("use it again", "dispatcher", "/staff/receipts/use", url.Values{"code": {code}}, 409, `id="err-code"`)
	reward := url.Values{"name": {"Umbrella"}, "kind": {"goods"}, "cost": {"20"}, "stock": {"5"}}
	step("reward by dispatcher", "dispatcher", "/staff/rewards", reward, 403, "")
	step("reward without cost", "county-admin", "/staff/rewards", with(reward, "cost", "0"), 400, `id="err-cost"`)
	step("reward", "county-admin", "/staff/rewards", reward, 303, "")

	// A notice to the housekeeper's grid, read when opened.
	step("notice without text", "dispatcher", "/staff/notices", url.Values{"title": {"Typhoon"}, "area": {"grid:" + keeper.Grid}}, 400, `id="err-body"`)
	step("notice", "dispatcher", "/staff/notices", url.Values{"title": {"Typhoon tonight"}, "body": {"Check the old houses."}, "area": {"grid:" + keeper.Grid}}, 303, "")
	ns, _ := e.app.Notices(ctx, guanjia.SystemActor)
	if _, page, _ = e.get(users["housekeeper"], "/notices"); !strings.Contains(page, "Typhoon tonight") || !strings.Contains(page, "unread") {
		t.Error("the housekeeper's notices lack the new unread notice")
	}
	if st, page, _ = e.get(users["housekeeper"], fmt.Sprintf("/notices/%d", ns[0].ID)); st != 200 || !strings.Contains(page, "Check the old houses.") {
		t.Errorf("open the notice: status %d", st)
	}
	if _, page, _ = e.get(users["dispatcher"], "/staff/notices"); !regexp.MustCompile(`<span class="sub">1 / \d+</span>`).MatchString(page) {
		t.Error("the staff's notices page does not count the read receipt")
	}

	// A resident applies; an administrator approves, and cannot approve twice.
	form := url.Values{"name": {"Zhang Xiuying"}, "phone": {"13957300003"}, "occupation": {"retiree"}, "households": {"12"}}
	step("no grid", "resident", "/apply", form, 400, `id="err-grid"`)
	step("apply", "resident", "/apply", with(form, "grid", keeper.Grid), 303, "")
	_, page, _ = e.get(users["admin"], "/staff/housekeepers")
	m := regexp.MustCompile(`action="/staff/housekeepers/(\d+)/approve"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("the staff page lists no application to approve")
	}
	step("approve", "admin", "/staff/housekeepers/"+m[1]+"/approve", nil, 303, "")
	step("approve again", "admin", "/staff/housekeepers/"+m[1]+"/approve", nil, 409, `id="err-hk-`+m[1]+`"`)
}

// postPhoto completes a task with a photo and a note, as a multipart form.
func postPhoto(t *testing.T, e *testEnv, c *http.Client, path, note string) (int, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("note", note)
	fw, _ := mw.CreateFormFile("photos", "done.jpg")
	b, err := os.ReadFile(newPhoto(t, "done.jpg", 90))
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(b)
	mw.Close()
	req, _ := http.NewRequest("POST", e.srv.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}
