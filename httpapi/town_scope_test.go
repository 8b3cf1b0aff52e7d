package httpapi_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"strings"
	"testing"

	"github.com/guanjia/guanjia/demo"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestTownsKeepApart: in a county, what one town publishes, and the
// people it manages, are out of another town's staff's reach, as if they
// did not exist, while the town's own staff and the county's reach them:
// tasks and the claims on them, a check task naming a case, housekeepers,
// notices to an area, mobilisation by grid, accounts placed in a grid and
// the command center's handing over of a reward.
func TestTownsKeepApart(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		e := newTestEnv(t, dsn)
		var keeper struct {
			Grid string `json:"grid"`
		}
		e.mustDo("GET", "/api/v1/me", e.login("puyuan-housekeeper"), nil, http.StatusOK, &keeper)
		puyuanGrid := keeper.Grid
		expect := func(user, method, path string, body any, want int) {
			t.Helper()
			if st, b := e.do(method, path, e.login(user), body); st != want {
				t.Errorf("%s %s as %s: %d, want %d; %.300s", method, path, user, st, want, b)
			}
		}
		task := map[string]any{"title": "濮院全镇宣传", "kind": "publicity",
			"starts_at": "2026-11-02T08:00:00+08:00", "ends_at": "2026-11-02T20:00:00+08:00", "needed": 2, "points": 10}

		t.Run("tasks", func(t *testing.T) {
			var created struct{ ID int64 }
			e.mustDo("POST", "/api/v1/tasks", e.login("puyuan-dispatcher"), task, http.StatusCreated, &created)
			path := fmt.Sprintf("/api/v1/tasks/%d", created.ID)
			for _, u := range []string{"dispatcher", "leader", "housekeeper"} {
				expect(u, "GET", path, nil, http.StatusNotFound)
			}
			expect("housekeeper", "POST", path+"/claim", nil, http.StatusNotFound)
			expect("county-dispatcher", "GET", path, nil, http.StatusOK)
			expect("puyuan-housekeeper", "GET", path, nil, http.StatusOK)
			var list struct{ Tasks []struct{ Title string } }
			e.mustDo("GET", "/api/v1/tasks", e.login("housekeeper"), nil, http.StatusOK, &list)
			for _, tk := range list.Tasks {
				if tk.Title == task["title"] {
					t.Error("Wuzhen's housekeeper lists Puyuan's task")
				}
			}
			userID := e.completeClaim(t, path, "puyuan-housekeeper")
			confirm := map[string]any{"user_id": userID, "approve": true}
			expect("dispatcher", "POST", path+"/confirm", confirm, http.StatusNotFound)
			expect("puyuan-dispatcher", "POST", path+"/confirm", confirm, http.StatusOK)
		})

		t.Run("task areas", func(t *testing.T) {
			var c caseJSON
			lat, lng := e.pointInTown(demo.Towns[0].Code, demo.Towns[0].Lat, demo.Towns[0].Lng)
			e.mustDo("POST", "/api/v1/calls", e.login("puyuan-dispatcher"), map[string]any{"category": "garbage", "lat": lat, "lng": lng,
				"address": "濮院镇某路 12 号", "description": "垃圾桶满了。", "phone": "13957300088", "channel": "12345"}, http.StatusCreated, &c)
			check := map[string]any{"title": "核查", "kind": "check", "case_id": c.ID,
				"starts_at": "2026-11-02T10:00:00+08:00", "ends_at": "2026-11-02T12:00:00+08:00", "needed": 1, "points": 1}
			expect("dispatcher", "POST", "/api/v1/tasks", check, http.StatusUnprocessableEntity)
			expect("puyuan-dispatcher", "POST", "/api/v1/tasks", check, http.StatusCreated)
			inGrid := map[string]any{"title": "网格巡查", "kind": "patrol", "grid": puyuanGrid,
				"starts_at": "2026-11-02T10:00:00+08:00", "ends_at": "2026-11-02T12:00:00+08:00", "needed": 1, "points": 1}
			expect("dispatcher", "POST", "/api/v1/tasks", inGrid, http.StatusBadRequest)
			expect("county-dispatcher", "POST", "/api/v1/tasks", inGrid, http.StatusCreated)
		})

		t.Run("notices", func(t *testing.T) {
			notice := map[string]any{"title": "跨镇通知", "body": "请注意。", "scope": "grid", "area": puyuanGrid}
			expect("dispatcher", "POST", "/api/v1/notices", notice, http.StatusBadRequest)
			_, b := e.do("GET", "/api/v1/notices", e.login("puyuan-housekeeper"), nil)
			if strings.Contains(string(b), "跨镇通知") {
				t.Errorf("Puyuan's housekeeper received Wuzhen's notice: %.300s", b)
			}
			expect("puyuan-dispatcher", "POST", "/api/v1/notices", notice, http.StatusCreated)
		})

		t.Run("mobilisation", func(t *testing.T) {
			var c caseJSON
			lat, lng := e.pointIn(e.firstGrid().Code)
			e.mustDo("POST", "/api/v1/cases", e.login("resident"), map[string]any{"category": "garbage", "lat": lat, "lng": lng}, http.StatusCreated, &c)
			expect("dispatcher", "POST", fmt.Sprintf("/api/v1/cases/%d/mobilise", c.ID), map[string]any{"grid": puyuanGrid}, http.StatusBadRequest)
			_, b := e.do("GET", "/api/v1/me/mobilisations", e.login("puyuan-housekeeper"), nil)
			if strings.Contains(string(b), c.Number) {
				t.Errorf("Puyuan's housekeeper was called to Wuzhen's case: %.300s", b)
			}
		})

		t.Run("receipts", func(t *testing.T) {
			// The catalogue is the county's; the command center hands over
			// its own town's housekeepers' rewards.
			e.closeReport(t, "housekeeper", e.firstGrid().Code)
			e.processPoints(t)
			if p := e.myPoints(t, "housekeeper"); p.Balance < 1 {
				t.Fatalf("the housekeeper has %d points", p.Balance)
			}
			var reward struct{ ID int64 }
			e.mustDo("POST", "/api/v1/rewards", e.login("county-admin"), map[string]any{"name": "毛巾", "kind": "goods",
				"cost": 1, "stock": 3, "active": true}, http.StatusCreated, &reward)
			var receipt struct{ Code string }
			e.mustDo("POST", fmt.Sprintf("/api/v1/rewards/%d/redeem", reward.ID), e.login("housekeeper"), nil, http.StatusCreated, &receipt)
			path := "/api/v1/redemptions/" + receipt.Code
			expect("puyuan-dispatcher", "GET", path, nil, http.StatusNotFound)
			expect("puyuan-admin", "POST", path+"/use", nil, http.StatusNotFound)
			expect("county-dispatcher", "GET", path, nil, http.StatusOK)
			expect("dispatcher", "POST", path+"/use", nil, http.StatusOK)
		})

		t.Run("housekeepers and accounts", func(t *testing.T) {
			var list struct{ Housekeepers []struct{ ID int64 } }
			e.mustDo("GET", "/api/v1/housekeepers", e.login("puyuan-dispatcher"), nil, http.StatusOK, &list)
			if len(list.Housekeepers) == 0 {
				t.Fatal("Puyuan has no housekeepers")
			}
			path := fmt.Sprintf("/api/v1/housekeepers/%d/suspend", list.Housekeepers[0].ID)
			expect("admin", "POST", path, map[string]string{"reason": "不再参与。"}, http.StatusNotFound)
			expect("puyuan-admin", "POST", path, map[string]string{"reason": "不再参与。"}, http.StatusOK)
			account := func(username string) map[string]any {
				return map[string]any{"username": username, "name": "新管家", "role": "housekeeper", "grid": puyuanGrid,
					"password": "Correct-Horse-Battery-9"}
			}
			expect("admin", "POST", "/api/v1/users", account("wz-keeper"), http.StatusBadRequest)
			expect("puyuan-admin", "POST", "/api/v1/users", account("py-keeper"), http.StatusCreated)
		})
	})
}

// completeClaim has user claim the task at path, check in at its town's
// centre and complete it with a photo, and returns user's id.
func (e *testEnv) completeClaim(t *testing.T, path, user string) int64 {
	t.Helper()
	tok := e.login(user)
	var d struct {
		Claim struct {
			UserID int64 `json:"user_id"`
		} `json:"claim"`
	}
	e.mustDo("POST", path+"/claim", tok, nil, http.StatusOK, &d)
	e.mustDo("POST", path+"/checkin", tok, map[string]any{"lat": demo.Towns[0].Lat, "lng": demo.Towns[0].Lng}, http.StatusOK, nil)
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 64, 64))); err != nil {
		t.Fatal(err)
	}
	ph, err := e.app.Media().Save(context.Background(), &buf)
	if err != nil {
		t.Fatal(err)
	}
	e.mustDo("POST", path+"/complete", tok, map[string]any{"note": "完成", "photos": []string{ph.Hash}}, http.StatusOK, nil)
	return d.Claim.UserID
}
