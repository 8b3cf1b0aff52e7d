package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
)

type caseJSON struct {
	ID            int64          `json:"id"`
	Number        string         `json:"number"`
	Status        guanjia.Status `json:"status"`
	Category      string         `json:"category"`
	Grid          string         `json:"grid"`
	Village       string         `json:"village"`
	Unit          string         `json:"unit"`
	Version       int            `json:"version"`
	SignDueAt     *time.Time     `json:"sign_due_at"`
	ResolveDueAt  *time.Time     `json:"resolve_due_at"`
	ReporterName  string         `json:"reporter_name"`
	ReporterPhone string         `json:"reporter_phone"`
	EscalationLvl int            `json:"escalation_level"`
	Satisfaction  int            `json:"satisfaction"`
	TrackingToken string         `json:"tracking_token"`
	Duplicates    []caseJSON     `json:"duplicates"`
}

type timelineJSON struct {
	Events []guanjia.Event `json:"events"`
}

func actions(events []guanjia.Event) []guanjia.Action {
	var out []guanjia.Action
	for _, e := range events {
		out = append(out, e.Action)
	}
	return out
}

// TestClosedLoop follows one case through the whole loop over HTTP, as the
// issue's "done when" describes, on every database engine.
func TestClosedLoop(t *testing.T) {
	eachDB(t, func(t *testing.T, e *testEnv) {
		grid := e.firstGrid()
		lat, lng := e.pointIn(grid.Code)
		resident := e.login("resident")
		report := map[string]any{"category": "garbage", "lat": lat, "lng": lng, "description": "河边堆了很多垃圾",
			"address": "子夜路 12 号", "client_id": "6f1c1f3e-2b5e-4c8a-9d5e-0a1b2c3d4e5f"}

		var c caseJSON
		e.mustDo("POST", "/api/v1/cases", resident, report, http.StatusCreated, &c)
		if c.Grid != grid.Code || c.Village != grid.Village {
			t.Fatalf("placed in grid %q village %q, want %q %q", c.Grid, c.Village, grid.Code, grid.Village)
		}
		if c.Status != guanjia.StatusDispatched || c.Unit != "sanitation" || c.SignDueAt == nil {
			t.Fatalf("auto-dispatch: status %s unit %q sign due %v", c.Status, c.Unit, c.SignDueAt)
		}
		if c.Number == "" || c.Number[:12] != "WZ-20261102-" {
			t.Errorf("number = %q", c.Number)
		}

		// A retried submission creates nothing new.
		var again caseJSON
		e.mustDo("POST", "/api/v1/cases", resident, report, http.StatusOK, &again)
		if again.ID != c.ID {
			t.Fatalf("retry made case %d, want %d", again.ID, c.ID)
		}
		var list struct{ Cases []caseJSON }
		e.mustDo("GET", "/api/v1/cases?limit=100", "", nil, http.StatusOK, &list)
		if len(list.Cases) != 1 {
			t.Fatalf("%d cases after a retry, want 1", len(list.Cases))
		}

		// Another unit's handler may not touch it; a stale version conflicts.
		path := fmt.Sprintf("/api/v1/cases/%d/", c.ID)
		st, _ := e.do("POST", path+"accept", e.login("handler-traffic"), map[string]any{})
		if st != http.StatusForbidden {
			t.Fatalf("other unit's accept: %d, want 403", st)
		}
		handler := e.login("handler-sanitation")
		st, _ = e.do("POST", path+"accept", handler, map[string]any{"version": c.Version - 1})
		if st != http.StatusConflict {
			t.Fatalf("stale accept: %d, want 409", st)
		}
		e.clock.Set(monday09.Add(20 * time.Minute))
		e.mustDo("POST", path+"accept", handler, map[string]any{"version": c.Version}, http.StatusOK, &c)
		if c.Status != guanjia.StatusAccepted || c.ResolveDueAt == nil {
			t.Fatalf("accept: %+v", c)
		}
		st, _ = e.do("POST", path+"accept", handler, nil)
		if st != http.StatusConflict {
			t.Fatalf("accept twice: %d, want 409", st)
		}
		e.mustDo("POST", path+"resolve", handler, map[string]any{"note": "已清理干净"}, http.StatusOK, &c)
		e.mustDo("POST", path+"verify", resident, map[string]any{"fixed": true, "satisfaction": 5}, http.StatusOK, &c)
		if c.Status != guanjia.StatusClosed || c.Satisfaction != 5 {
			t.Fatalf("verify: %+v", c)
		}

		var tl timelineJSON
		e.mustDo("GET", fmt.Sprintf("/api/v1/cases/%d/timeline", c.ID), e.login("dispatcher"), nil, http.StatusOK, &tl)
		want := []guanjia.Action{"report", "dispatch", "accept", "resolve", "verify"}
		if diff := cmp.Diff(want, actions(tl.Events)); diff != "" {
			t.Errorf("timeline (-want +got):\n%s", diff)
		}

		// The public never sees the reporter.
		var pub caseJSON
		e.mustDo("GET", fmt.Sprintf("/api/v1/cases/%d", c.ID), "", nil, http.StatusOK, &pub)
		if pub.ReporterName != "" || pub.ReporterPhone != "" {
			t.Errorf("public case shows the reporter: %+v", pub)
		}
		var staff caseJSON
		e.mustDo("GET", fmt.Sprintf("/api/v1/cases/%d", c.ID), e.login("dispatcher"), nil, http.StatusOK, &staff)
		if staff.ReporterName == "" {
			t.Errorf("dispatcher cannot see the reporter")
		}

		// A case page's one request: the case with its timeline, each as
		// the caller may see it.
		var both struct {
			caseJSON
			Timeline []guanjia.Event `json:"timeline"`
		}
		e.mustDo("GET", fmt.Sprintf("/api/v1/cases/%d?include=timeline", c.ID), e.login("dispatcher"), nil, http.StatusOK, &both)
		if both.ID != c.ID || both.ReporterName == "" || !cmp.Equal(actions(both.Timeline), want) {
			t.Errorf("case with timeline for a dispatcher: %+v", both)
		}
		both.Timeline, both.ReporterName = nil, ""
		e.mustDo("GET", fmt.Sprintf("/api/v1/cases/%d?include=timeline", c.ID), "", nil, http.StatusOK, &both)
		if both.ReporterName != "" || !cmp.Equal(actions(both.Timeline), want) {
			t.Errorf("case with timeline for the public: %+v", both)
		}
		if st, body := e.do("GET", fmt.Sprintf("/api/v1/cases/%d?include=everything", c.ID), "", nil); st != http.StatusBadRequest {
			t.Errorf("include=everything: %d %s, want 400", st, body)
		}
	})
}

// TestAnonymousTracking: an anonymous report gets a tracking token that
// lets its reporter follow the case and confirm the fix.
func TestAnonymousTracking(t *testing.T) {
	eachDB(t, func(t *testing.T, e *testEnv) {
		lat, lng := e.pointIn(e.firstGrid().Code)
		var c caseJSON
		e.mustDo("POST", "/api/v1/cases", "", map[string]any{"category": "other", "lat": lat, "lng": lng,
			"description": "指示牌错字", "phone": "13900000000"}, http.StatusCreated, &c)
		if c.TrackingToken == "" || c.Status != guanjia.StatusNew {
			t.Fatalf("anonymous report: %+v", c)
		}
		// A retry whose first answer was lost gets the same tracking token.
		retry := map[string]any{"category": "other", "lat": lat, "lng": lng, "client_id": "0b4a2a46-4a4e-4d0e-8d7c-6f6f0f6b1c2d"}
		var first, second caseJSON
		e.mustDo("POST", "/api/v1/cases", "", retry, http.StatusCreated, &first)
		e.mustDo("POST", "/api/v1/cases", "", retry, http.StatusOK, &second)
		if second.ID != first.ID || second.TrackingToken == "" || second.TrackingToken != first.TrackingToken {
			t.Fatalf("retry: case %d token %q, first case %d token %q", second.ID, second.TrackingToken, first.ID, first.TrackingToken)
		}
		path := fmt.Sprintf("/api/v1/cases/%d/", c.ID)
		e.mustDo("POST", path+"dispatch", e.login("dispatcher"), map[string]any{"unit": "urban"}, http.StatusOK, &c)
		h := e.login("handler-urban")
		e.mustDo("POST", path+"accept", h, nil, http.StatusOK, &c)
		e.mustDo("POST", path+"resolve", h, map[string]any{"note": "已更换"}, http.StatusOK, &c)

		st, _ := e.do("GET", "/api/v1/track/"+c.Number+"?token=wrong", "", nil)
		if st != http.StatusNotFound {
			t.Fatalf("wrong token: %d", st)
		}
		var tr struct {
			Case   caseJSON
			Events []guanjia.Event
		}
		tok := "?token=" + c.TrackingToken
		e.mustDo("GET", "/api/v1/track/"+c.Number+tok, "", nil, http.StatusOK, &tr)
		if tr.Case.Status != guanjia.StatusResolved || len(tr.Events) != 4 {
			t.Fatalf("track: status %s, %d events", tr.Case.Status, len(tr.Events))
		}
		// Not fixed: back to the same unit with a fresh limit.
		e.mustDo("POST", "/api/v1/track/"+c.Number+"/verify"+tok, "", map[string]any{"fixed": false, "note": "还是错的"}, http.StatusOK, &c)
		if c.Status != guanjia.StatusAccepted || c.Unit != "urban" {
			t.Fatalf("not fixed: %+v", c)
		}
		st, _ = e.do("POST", "/api/v1/track/"+c.Number+"/dispatch"+tok, "", map[string]any{"unit": "fire"})
		if st != http.StatusForbidden {
			t.Fatalf("dispatch with a tracking token: %d, want 403", st)
		}
	})
}

// TestSweepEscalatesAndCloses: the background sweep escalates an overdue
// case step by step and auto-closes a resolved one, idempotently.
func TestSweepEscalatesAndCloses(t *testing.T) {
	eachDB(t, func(t *testing.T, e *testEnv) {
		ctx := context.Background()
		lat, lng := e.pointIn(e.firstGrid().Code)
		var overdue, resolved caseJSON
		e.mustDo("POST", "/api/v1/cases", e.login("resident"), map[string]any{"category": "garbage", "lat": lat, "lng": lng}, http.StatusCreated, &overdue)
		e.mustDo("POST", "/api/v1/cases", e.login("resident"), map[string]any{"category": "noise", "lat": lat, "lng": lng}, http.StatusCreated, &resolved)
		h := e.login("handler-urban")
		e.mustDo("POST", fmt.Sprintf("/api/v1/cases/%d/accept", resolved.ID), h, nil, http.StatusOK, nil)
		e.mustDo("POST", fmt.Sprintf("/api/v1/cases/%d/resolve", resolved.ID), h, map[string]any{"note": "已劝导"}, http.StatusOK, nil)

		// Garbage must be signed for within 2 working hours: at 11:30 on
		// Monday it is overdue, so level 1 (the unit lead).
		e.clock.Set(monday09.Add(150 * time.Minute))
		res, err := e.app.Sweep(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if res.Escalated != 1 || res.Closed != 0 {
			t.Fatalf("first sweep: %+v", res)
		}
		if res, _ := e.app.Sweep(ctx); res.Escalated != 0 {
			t.Fatalf("sweep again escalated %d more", res.Escalated)
		}
		// Nine days later: county level (3), and the resolved case closes.
		e.clock.Set(monday09.AddDate(0, 0, 9))
		res, err = e.app.Sweep(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if res.Escalated != 2 || res.Closed != 1 {
			t.Fatalf("later sweep: %+v", res)
		}
		var c caseJSON
		e.mustDo("GET", fmt.Sprintf("/api/v1/cases/%d", overdue.ID), e.login("dispatcher"), nil, http.StatusOK, &c)
		if c.EscalationLvl != 3 {
			t.Errorf("escalation level %d, want 3", c.EscalationLvl)
		}
		e.mustDo("GET", fmt.Sprintf("/api/v1/cases/%d", resolved.ID), "", nil, http.StatusOK, &c)
		if c.Status != guanjia.StatusClosed {
			t.Errorf("resolved case is %s after 9 days, want closed", c.Status)
		}
		var tl timelineJSON
		e.mustDo("GET", fmt.Sprintf("/api/v1/cases/%d/timeline", overdue.ID), e.login("dispatcher"), nil, http.StatusOK, &tl)
		want := []guanjia.Action{"report", "dispatch", "escalate", "escalate", "escalate"}
		if diff := cmp.Diff(want, actions(tl.Events)); diff != "" {
			t.Errorf("timeline (-want +got):\n%s", diff)
		}
		// The system's notes are keys, rendered in the caller's language.
		var closed struct {
			Events []guanjia.Event `json:"events"`
		}
		for lang, want := range map[string]string{"zh": "自动结案：反映人逾期未回复。", "en": guanjia.NoteAutoClosed} {
			e.mustDo("GET", fmt.Sprintf("/api/v1/cases/%d/timeline?lang=%s", resolved.ID, lang), "", nil, http.StatusOK, &closed)
			last := closed.Events[len(closed.Events)-1]
			if last.Action != guanjia.ActionClose || last.Note != want || last.NoteKey != guanjia.NoteAutoClosed {
				t.Errorf("%s: auto-close event %+v, want note %q with its key", lang, last, want)
			}
		}
	})
}
