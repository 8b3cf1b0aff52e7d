package httpapi_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia/internal/testenv"
)

// TestClientIDPerReporter: a client_id is unique per reporter. The same
// reporter's retry gets their case again (200), with the same tracking
// token when anonymous; another person's report that reuses the client_id
// is a new case (201) with a tracking token of its own.
func TestClientIDPerReporter(t *testing.T) {
	eachDB(t, func(t *testing.T, e *testEnv) {
		const clientID = "5d8c6e2a-9f1b-4c3d-8e7f-0a1b2c3d4e5f"
		lat, lng := e.pointIn(e.firstGrid().Code)
		type answer struct {
			Status int
			Case   string // the step whose case it is
			Token  string // the step whose tracking token it is; "" for none
		}
		steps := []struct {
			name     string
			username string // "" when not signed in
			from     string
			want     answer
		}{
			{"a resident reports", "resident", "127.0.0.21", answer{201, "a resident reports", ""}},
			{"the resident retries from elsewhere", "resident", "127.0.0.22", answer{200, "a resident reports", ""}},
			{"another resident reuses the client_id", "resident-001", "127.0.0.21", answer{201, "another resident reuses the client_id", ""}},
			{"someone without an account reuses it", "", "127.0.0.23", answer{201, "someone without an account reuses it", "someone without an account reuses it"}},
			{"who retries from the same address", "", "127.0.0.23", answer{200, "someone without an account reuses it", "someone without an account reuses it"}},
			{"another person without an account", "", "127.0.0.24", answer{201, "another person without an account", "another person without an account"}},
		}
		stepOfCase, stepOfToken := map[int64]string{}, map[string]string{}
		for _, s := range steps {
			b, _ := json.Marshal(map[string]any{"category": "other", "lat": lat, "lng": lng, "client_id": clientID})
			req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/cases", bytes.NewReader(b))
			req.Header.Set("Content-Type", "application/json")
			if s.username != "" {
				req.Header.Set("Authorization", "Bearer "+e.login(s.username))
			}
			resp, err := testenv.ClientFrom(s.from).Do(req)
			if err != nil {
				t.Fatal(err)
			}
			var c caseJSON
			json.NewDecoder(resp.Body).Decode(&c)
			resp.Body.Close()
			if _, seen := stepOfCase[c.ID]; !seen {
				stepOfCase[c.ID] = s.name
			}
			if _, seen := stepOfToken[c.TrackingToken]; !seen && c.TrackingToken != "" {
				stepOfToken[c.TrackingToken] = s.name
			}
			got := answer{resp.StatusCode, stepOfCase[c.ID], stepOfToken[c.TrackingToken]}
			if diff := cmp.Diff(s.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", s.name, diff)
			}
		}
	})
}
