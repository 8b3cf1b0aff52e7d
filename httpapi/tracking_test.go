package httpapi_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/session"
	"github.com/guanjia/guanjia/store"
)

// oldTrackingToken is how tracking tokens were derived before the
// installation had a secret: from the client_id alone.
func oldTrackingToken(clientID string) string {
	sum := sha256.Sum256([]byte("guanjia tracking token\x00" + clientID))
	return base64.RawURLEncoding.EncodeToString(sum[:24])
}

// send makes a request in English with an optional session cookie and
// returns the status and body.
func (e *testEnv) send(method, path, sessionToken, ctype, body string) (int, string) {
	e.t.Helper()
	req, err := http.NewRequest(method, e.srv.URL+path, strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	req.Header.Set("Accept-Language", "en")
	if sessionToken != "" {
		req.AddCookie(&http.Cookie{Name: session.Cookie, Value: sessionToken})
	}
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestHandlerCannotVerify: the handler who resolved an anonymous report
// cannot confirm their own fix as its reporter. Staff are never shown the
// report's client_id (API, web, Open311), and a token derived from it, as
// tokens once were, opens nothing, by any route; the reporter's own token
// does.
func TestHandlerCannotVerify(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		t.Parallel()
		e := newFullEnv(t, dsn)
		grid := e.firstGrid()
		lat, lng := e.pointIn(grid.Code)
		const clientID = "0d6f1c3e-2b5e-4c8a-9d5e-7a1b2c3d4e5f"
		var rec struct {
			caseJSON
			TrackingToken string `json:"tracking_token"`
		}
		e.mustDo("POST", "/api/v1/cases", "", map[string]any{"category": "garbage", "lat": lat, "lng": lng,
			"description": "桥边垃圾桶满了", "client_id": clientID}, http.StatusCreated, &rec)
		c := rec.caseJSON
		if rec.TrackingToken == "" || rec.TrackingToken == oldTrackingToken(clientID) {
			t.Fatalf("tracking token %q: want one not derived from the client_id alone", rec.TrackingToken)
		}
		handler := e.login("handler-sanitation")
		path := fmt.Sprintf("/api/v1/cases/%d/", c.ID)
		e.mustDo("POST", path+"accept", handler, map[string]any{}, http.StatusOK, nil)
		e.mustDo("POST", path+"resolve", handler, map[string]any{"note": "已清理"}, http.StatusOK, nil)

		for _, page := range []struct{ name, path string }{
			{"API case", fmt.Sprintf("/api/v1/cases/%d?include=timeline", c.ID)},
			{"API list", "/api/v1/cases?limit=50"},
			{"web case page", fmt.Sprintf("/cases/%d", c.ID)},
			{"web desk", "/desk/list"},
			{"Open311", "/open311/v2/requests/" + c.Number + ".json?extensions=true"},
		} {
			st, b := e.send("GET", page.path, handler, "", "")
			if st != http.StatusOK || strings.Contains(b, clientID) || strings.Contains(b, "client_id") {
				t.Errorf("%s: status %d, shows the client_id: %.300s", page.name, st, b)
			}
		}

		derived := oldTrackingToken(clientID)
		tries := []struct{ name, method, path, ctype, body string }{
			{"API", "POST", "/api/v1/track/" + c.Number + "/verify?token=" + derived, "application/json", `{"fixed":true,"satisfaction":5}`},
			{"web", "POST", "/track/" + c.Number + "/verify", "application/x-www-form-urlencoded",
				url.Values{"token": {derived}, "fixed": {"yes"}, "satisfaction": {"5"}}.Encode()},
			{"Open311", "POST", "/open311/v2/servicerequestupdates.json", "application/x-www-form-urlencoded",
				url.Values{"api_key": {"demo"}, "service_request_id": {c.Number}, "status": {"closed"},
					"description": {"fixed, confirmed"}, "updated_datetime": {"2026-11-02T10:00:00+08:00"}}.Encode()},
		}
		for _, try := range tries {
			e.send(try.method, try.path, "", try.ctype, try.body)
			got, err := e.app.CaseByNumber(context.Background(), guanjia.SystemActor, c.Number)
			if err != nil || got.Status != guanjia.StatusResolved {
				t.Fatalf("after the handler's try by %s: %v, %v; want the case still resolved", try.name, got, err)
			}
		}

		// The reporter's own token confirms the fix.
		st, b := e.send("POST", "/api/v1/track/"+c.Number+"/verify?token="+rec.TrackingToken, "", "application/json", `{"fixed":true,"satisfaction":5}`)
		if st != http.StatusOK {
			t.Fatalf("the reporter's verify: %d %s", st, b)
		}
	})
}

// TestOldTrackingTokens: a token issued before the installation had a
// secret (derived from the client_id alone) still opens its case.
func TestOldTrackingTokens(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		t.Parallel()
		e := newTestEnv(t, dsn)
		const clientID = "1e6f1c3e-2b5e-4c8a-9d5e-7a1b2c3d4e5f"
		old := oldTrackingToken(clientID)
		rec, err := e.app.Report(context.Background(), guanjia.Actor{Role: guanjia.RoleAnonymous},
			guanjia.Report{Category: "garbage", Lat: 30.745, Lng: 120.487, Description: "旧的报告", ClientID: clientID})
		if err != nil {
			t.Fatal(err)
		}
		// As a case reported before the upgrade was stored: with the hash
		// of the token it was given.
		ctx := context.Background()
		err = e.db.Tx(ctx, func(tx *store.Tx) error {
			c, err := tx.GetCase(ctx, rec.Case.ID)
			if err != nil {
				return err
			}
			c.TrackingHash, c.Version = app.HashSecret(old), c.Version+1
			return tx.UpdateCase(ctx, c, c.Version-1)
		})
		if err != nil {
			t.Fatal(err)
		}
		e.mustDo("GET", "/api/v1/track/"+rec.Case.Number+"?token="+old, "", nil, http.StatusOK, nil)
	})
}
