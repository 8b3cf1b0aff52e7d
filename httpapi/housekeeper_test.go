package httpapi_test

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
)

type pointsJSON struct {
	Balance int                  `json:"balance"`
	Entries []guanjia.PointEntry `json:"entries"`
}

// myPoints reads a person's points and checks the balance is the ledger's sum.
func (e *testEnv) myPoints(t *testing.T, user string) pointsJSON {
	t.Helper()
	var p pointsJSON
	e.mustDo("GET", "/api/v1/me/points", e.login(user), nil, http.StatusOK, &p)
	if p.Balance != guanjia.Balance(p.Entries) {
		t.Errorf("%s: balance %d, sum of the ledger %d", user, p.Balance, guanjia.Balance(p.Entries))
	}
	return p
}

// closeReport has user report in their grid, the unit fix it and user
// confirm the fix; it returns the case id.
func (e *testEnv) closeReport(t *testing.T, user, grid string) int64 {
	t.Helper()
	lat, lng := e.pointIn(grid)
	var c caseJSON
	e.mustDo("POST", "/api/v1/cases", e.login(user), map[string]any{"category": "garbage", "lat": lat, "lng": lng,
		"description": "路口垃圾没人收"}, http.StatusCreated, &c)
	path := fmt.Sprintf("/api/v1/cases/%d/", c.ID)
	h := e.login("handler-" + c.Unit)
	e.mustDo("POST", path+"accept", h, nil, http.StatusOK, nil)
	e.mustDo("POST", path+"resolve", h, map[string]any{"note": "已清运"}, http.StatusOK, nil)
	e.mustDo("POST", path+"verify", e.login(user), map[string]any{"fixed": true, "satisfaction": 5}, http.StatusOK, nil)
	return c.ID
}

// processPoints runs the points consumer, as the server's background job does.
func (e *testEnv) processPoints(t *testing.T) {
	t.Helper()
	if _, err := e.app.ProcessPoints(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestPointsScenario follows a housekeeper's points over HTTP: a report
// closed as fixed earns points, the daily cap holds, a reopened case and
// a staff reversal take points back by entries, the balance is always the
// ledger's sum, and redeeming a reward gives a receipt the partner checks.
func TestPointsScenario(t *testing.T) {
	eachDB(t, func(t *testing.T, e *testEnv) {
		var me userJSON
		e.mustDo("GET", "/api/v1/me", e.login("housekeeper"), nil, http.StatusOK, &me)
		first := e.closeReport(t, "housekeeper", me.Grid)
		e.processPoints(t)
		p := e.myPoints(t, "housekeeper")
		if p.Balance != 5 || len(p.Entries) != 1 || p.Entries[0].Kind != guanjia.PointsReport ||
			p.Entries[0].SourceID != first || p.Entries[0].EvidenceID == 0 {
			t.Fatalf("after one fixed report: %+v", p)
		}

		for range 7 {
			e.closeReport(t, "housekeeper", me.Grid)
		}
		e.processPoints(t)
		if p = e.myPoints(t, "housekeeper"); p.Balance != 30 || len(p.Entries) != 8 || !p.Entries[0].Capped {
			t.Fatalf("after eight: balance %d from %d entries; want the daily cap, 30, from 8", p.Balance, len(p.Entries))
		}

		disp := e.login("dispatcher")
		e.mustDo("POST", fmt.Sprintf("/api/v1/cases/%d/reopen", first), disp, map[string]any{"reason": "垃圾又堆起来了"}, http.StatusOK, nil)
		e.processPoints(t)
		if p = e.myPoints(t, "housekeeper"); p.Balance != 25 || p.Entries[0].Kind != guanjia.PointsReversal || p.Entries[0].Amount != -5 {
			t.Fatalf("after the reopening: %+v", p.Entries[0])
		}
		var award int64
		for _, en := range p.Entries {
			if en.Kind == guanjia.PointsReport && en.Amount > 0 && en.ReversedBy == 0 {
				award = en.ID
				break
			}
		}
		e.mustDo("POST", fmt.Sprintf("/api/v1/points/%d/reverse", award), disp, map[string]any{"reason": "重复上报"}, http.StatusCreated, nil)
		e.mustDo("POST", fmt.Sprintf("/api/v1/points/%d/reverse", award), disp, map[string]any{"reason": "again"}, http.StatusConflict, nil)
		e.mustDo("POST", fmt.Sprintf("/api/v1/points/%d/reverse", award), e.login("handler-urban"), map[string]any{"reason": "x"}, http.StatusForbidden, nil)
		if p = e.myPoints(t, "housekeeper"); p.Balance != 20 {
			t.Fatalf("after a staff reversal: balance %d, want 20", p.Balance)
		}

		var reward guanjia.Reward
		e.mustDo("POST", "/api/v1/rewards", e.login("county-admin"), map[string]any{"name": "文明币 5 元", "kind": "coin",
			"partner": "civility-shops", "cost": 15, "stock": 1, "active": true}, http.StatusCreated, &reward)
		var receipt guanjia.Redemption
		redeem := fmt.Sprintf("/api/v1/rewards/%d/redeem", reward.ID)
		e.mustDo("POST", redeem, e.login("housekeeper"), nil, http.StatusCreated, &receipt)
		if _, ok := guanjia.NormalizeReceiptCode(receipt.Code); !ok || receipt.Cost != 15 {
			t.Fatalf("receipt: %+v", receipt)
		}
		e.mustDo("POST", redeem, e.login("housekeeper"), nil, http.StatusUnprocessableEntity, nil) // 5 points left
		if p = e.myPoints(t, "housekeeper"); p.Balance != 5 || p.Entries[0].Kind != guanjia.PointsRedeem {
			t.Fatalf("after redeeming: %+v", p)
		}

		check := "/api/v1/redemptions/" + strings.ToLower(receipt.Code)
		e.mustDo("GET", check, e.login("handler-traffic"), nil, http.StatusNotFound, nil)
		clerk := e.login("handler-civility-shops")
		var checked guanjia.Redemption
		e.mustDo("GET", check, clerk, nil, http.StatusOK, &checked)
		if checked.Status != guanjia.RedemptionIssued || checked.RewardName != "文明币 5 元" {
			t.Errorf("checked: %+v", checked)
		}
		e.mustDo("POST", check+"/use", clerk, nil, http.StatusOK, &checked)
		e.mustDo("POST", check+"/use", clerk, nil, http.StatusConflict, nil)
		e.mustDo("GET", "/api/v1/redemptions/NOTACODE", clerk, nil, http.StatusNotFound, nil)
	})
}

type userJSON struct {
	ID   int64  `json:"id"`
	Grid string `json:"grid"`
	Role string `json:"role"`
}

// TestHousekeeperAPI: registration, coverage, tasks, notices, mobilising,
// mediation and the leaderboards over HTTP.
func TestHousekeeperAPI(t *testing.T) {
	e := newTestEnv(t, dbtest.SQLite(t))
	var me userJSON
	e.mustDo("GET", "/api/v1/me", e.login("housekeeper"), nil, http.StatusOK, &me)
	grid := me.Grid

	// A resident applies; their village's committee approves.
	var h guanjia.Housekeeper
	e.mustDo("POST", "/api/v1/housekeepers/apply", e.login("resident-001"), map[string]any{"name": "王阿姨",
		"phone": "13957310001", "occupation": "retiree", "grid": grid, "households": 12}, http.StatusCreated, &h)
	var pending struct{ Housekeepers []guanjia.Housekeeper }
	e.mustDo("GET", "/api/v1/housekeepers?status=pending", e.login("dispatcher"), nil, http.StatusOK, &pending)
	if len(pending.Housekeepers) != 1 || pending.Housekeepers[0].ID != h.ID {
		t.Fatalf("pending: %+v", pending)
	}
	lead := "lead-" + committeeOf(t, e, h.Village)
	e.mustDo("POST", fmt.Sprintf("/api/v1/housekeepers/%d/approve", h.ID), e.login("lead-urban"), nil, http.StatusForbidden, nil)
	e.mustDo("POST", fmt.Sprintf("/api/v1/housekeepers/%d/approve", h.ID), e.login(lead), nil, http.StatusOK, &h)
	var newcomer userJSON
	e.mustDo("GET", "/api/v1/me", e.login("resident-001"), nil, http.StatusOK, &newcomer)
	if h.Status != guanjia.HousekeeperApproved || newcomer.Role != "housekeeper" || newcomer.Grid != grid {
		t.Fatalf("approved: %+v, account %+v", h, newcomer)
	}
	var cov struct {
		Total guanjia.Coverage
		Grids []guanjia.Coverage
	}
	e.mustDo("GET", "/api/v1/coverage", "", nil, http.StatusOK, &cov)
	if cov.Total.Housekeepers != 68 || len(cov.Grids) == 0 { // Wuzhen's 62, Puyuan's and Chongfu's 3 each
		t.Errorf("coverage: %+v", cov.Total)
	}
	e.mustDo("GET", "/api/v1/coverage", e.login("dispatcher"), nil, http.StatusOK, &cov)
	if cov.Total.Housekeepers != 62 {
		t.Errorf("Wuzhen's coverage: %+v", cov.Total)
	}

	// A task for two; three grab it.
	var task guanjia.Task
	e.mustDo("POST", "/api/v1/tasks", e.login("dispatcher"), map[string]any{"title": "防诈骗入户宣传", "kind": "publicity",
		"grid": grid, "starts_at": "2026-11-02T10:00:00+08:00", "ends_at": "2026-11-02T12:00:00+08:00", "needed": 2, "points": 10},
		http.StatusCreated, &task)
	taskPath := fmt.Sprintf("/api/v1/tasks/%d/", task.ID)
	e.mustDo("POST", taskPath+"claim", e.login("housekeeper"), nil, http.StatusOK, nil)
	e.mustDo("POST", taskPath+"claim", e.login("resident-001"), nil, http.StatusOK, nil)
	e.mustDo("POST", taskPath+"claim", e.login("housekeeper-001"), nil, http.StatusConflict, nil)
	var tasks struct{ Tasks []guanjia.Task }
	e.mustDo("GET", "/api/v1/tasks", e.login("housekeeper"), nil, http.StatusOK, &tasks)
	if len(tasks.Tasks) != 1 || tasks.Tasks[0].State != guanjia.TaskFull || tasks.Tasks[0].Claim == nil {
		t.Errorf("tasks: %+v", tasks)
	}

	// A notice to the grid, read by one of its two housekeepers.
	var n struct {
		guanjia.Notice
		ReadShare float64 `json:"read_share"`
	}
	e.mustDo("POST", "/api/v1/notices", e.login("dispatcher"), map[string]any{"title": "停水通知", "body": "周二停水",
		"scope": "grid", "area": grid}, http.StatusCreated, &n)
	e.mustDo("POST", fmt.Sprintf("/api/v1/notices/%d/read", n.ID), e.login("housekeeper"), nil, http.StatusOK, nil)
	e.mustDo("GET", fmt.Sprintf("/api/v1/notices/%d", n.ID), e.login("dispatcher"), nil, http.StatusOK, &n)
	if n.Recipients < 2 || n.Read != 1 || n.ReadShare != 1/float64(n.Recipients) {
		t.Errorf("notice: %+v", n)
	}
	far := otherKeeper(t, e, grid)
	e.mustDo("GET", fmt.Sprintf("/api/v1/notices/%d", n.ID), e.login(far), nil, http.StatusNotFound, nil)

	// A dispute: the committee records mediation; the grid's housekeeper a session.
	lat, lng := e.pointIn(grid)
	var c caseJSON
	e.mustDo("POST", "/api/v1/cases", e.login("resident"), map[string]any{"category": "neighbour-dispute", "lat": lat, "lng": lng,
		"description": "楼上漏水，协商不成"}, http.StatusCreated, &c)
	medPath := fmt.Sprintf("/api/v1/cases/%d/mediation", c.ID)
	e.mustDo("POST", medPath, e.login("handler-"+c.Unit), map[string]any{"parties": []map[string]string{{"name": "张三", "phone": "139"}, {"name": "李四"}}},
		http.StatusOK, nil)
	e.mustDo("POST", medPath, e.login("housekeeper"), map[string]any{"session": map[string]any{"note": "上门劝说"}}, http.StatusOK, nil)
	var med guanjia.Mediation
	e.mustDo("GET", medPath, e.login("housekeeper"), nil, http.StatusOK, &med)
	if len(med.Parties) != 2 || med.Parties[0].Phone != "" || len(med.Sessions) != 1 || med.Sessions[0].Mediator != "housekeeper" {
		t.Errorf("mediation as the housekeeper sees it: %+v", med)
	}
	e.mustDo("GET", medPath, e.login(far), nil, http.StatusForbidden, nil)

	// Mobilise the grid's housekeepers; one accepts.
	var m guanjia.Mobilisation
	e.mustDo("POST", fmt.Sprintf("/api/v1/cases/%d/mobilise", c.ID), e.login("dispatcher"), map[string]any{"grid": grid}, http.StatusCreated, &m)
	e.mustDo("POST", fmt.Sprintf("/api/v1/me/mobilisations/%d/accept", m.ID), e.login("housekeeper"), nil, http.StatusOK, nil)
	var calls struct{ Calls []guanjia.Call }
	e.mustDo("GET", "/api/v1/me/mobilisations", e.login("housekeeper"), nil, http.StatusOK, &calls)
	if len(calls.Calls) != 1 || calls.Calls[0].Status != guanjia.CallAccepted || calls.Calls[0].Number != c.Number {
		t.Errorf("calls: %+v", calls)
	}

	// Rules are versioned; the leaderboard ranks the month.
	var rules guanjia.PointRules
	e.mustDo("GET", "/api/v1/points/rules", e.login("housekeeper"), nil, http.StatusOK, &rules)
	rules.Kinds[guanjia.PointsVerify] = guanjia.PointRule{Amount: 3, DailyCap: 30}
	e.mustDo("PUT", "/api/v1/points/rules", e.login("county-admin"), rules, http.StatusOK, &rules)
	if rules.Version != 1 {
		t.Errorf("saved rules version %d", rules.Version)
	}
	e.closeReport(t, "housekeeper", grid)
	e.processPoints(t)
	var board struct {
		Month     string
		Standings []guanjia.Standing
	}
	e.mustDo("GET", "/api/v1/leaderboard?scope=grid&area="+grid+"&month=2026-11", "", nil, http.StatusOK, &board)
	if len(board.Standings) != 1 || board.Standings[0].UserID != me.ID || board.Standings[0].Rank != 1 {
		t.Errorf("leaderboard: %+v", board)
	}
	e.mustDo("GET", "/api/v1/honours?level=village&month=2026-11", "", nil, http.StatusOK, &board)
	if len(board.Standings) != 1 {
		t.Errorf("honours: %+v", board)
	}
	e.mustDo("GET", "/api/v1/leaderboard?month=11-2026", "", nil, http.StatusBadRequest, nil)
}

// otherKeeper returns the username of a demo housekeeper of another grid.
func otherKeeper(t *testing.T, e *testEnv, grid string) string {
	t.Helper()
	for i := 1; i <= 60; i++ {
		name := fmt.Sprintf("housekeeper-%03d", i)
		u, err := e.db.GetUserByUsername(context.Background(), name)
		if err == nil && u.Grid != grid {
			return name
		}
	}
	t.Fatal("every demo housekeeper is in one grid")
	return ""
}

// committeeOf returns the code of a village's committee unit.
func committeeOf(t *testing.T, e *testEnv, village string) string {
	t.Helper()
	units, err := e.app.Units(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range units {
		if u.Kind == guanjia.UnitCommittee && u.Village == village {
			return u.Code
		}
	}
	t.Fatalf("no committee for village %s", village)
	return ""
}

// TestHousekeeperEvents: a housekeeper's own stream tells them of a
// mobilisation that calls them, and not of one that does not.
func TestHousekeeperEvents(t *testing.T) {
	e := newTestEnv(t, dbtest.SQLite(t))
	var me userJSON
	e.mustDo("GET", "/api/v1/me", e.login("housekeeper"), nil, http.StatusOK, &me)
	lines := e.streamAt(t, "/api/v1/me/events", "housekeeper")
	lat, lng := e.pointIn(me.Grid)
	var c caseJSON
	e.mustDo("POST", "/api/v1/cases", e.login("resident"), map[string]any{"category": "garbage", "lat": lat, "lng": lng}, http.StatusCreated, &c)
	e.mustDo("POST", fmt.Sprintf("/api/v1/cases/%d/mobilise", c.ID), e.login("dispatcher"), map[string]any{"grid": me.Grid}, http.StatusCreated, nil)
	got := waitFor(t, lines, c.Number)
	if !strings.Contains(got, "mobilisation.created") {
		t.Errorf("event: %q", got)
	}
}

// streamAt opens a server-sent event stream as a user and returns its lines.
func (e *testEnv) streamAt(t *testing.T, path, user string) <-chan string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", e.srv.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+e.login(user))
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d", path, resp.StatusCode)
	}
	lines := make(chan string, 100)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	return lines
}
