package httpapi_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
)

// TestIntakeLimits: new reports are limited per address without an
// account, per account for residents (as tightly) and housekeepers (five
// times as loosely), and not at all for staff. All callers share one
// address, so the per-account counts are seen to be per account.
func TestIntakeLimits(t *testing.T) {
	e := newTestEnv(t, dbtest.SQLite(t))
	lat, lng := 30.7452, 120.4871
	tests := []struct {
		name     string
		username string // "" when not signed in
		tries    int
		want     map[int]int
	}{
		{"anonymous", "", 21, map[int]int{201: 20, 429: 1}},
		{"a resident", "resident", 21, map[int]int{201: 20, 429: 1}},
		{"another resident", "resident-001", 1, map[int]int{201: 1}},
		{"a housekeeper", "housekeeper", 101, map[int]int{201: 100, 429: 1}},
		{"a dispatcher", "dispatcher", 110, map[int]int{201: 110}},
	}
	client := testenv.ClientFrom("127.0.0.9")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			token := ""
			if tt.username != "" {
				token = e.login(tt.username)
			}
			got := map[int]int{}
			var last *http.Response
			for range tt.tries {
				b, _ := json.Marshal(map[string]any{"category": "garbage", "lat": lat, "lng": lng})
				req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/cases", bytes.NewReader(b))
				req.Header.Set("Content-Type", "application/json")
				if token != "" {
					req.Header.Set("Authorization", "Bearer "+token)
				}
				resp, err := client.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				got[resp.StatusCode]++
				last = resp
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("answers (-want +got):\n%s", diff)
			}
			if tt.want[429] > 0 && last.Header.Get("Retry-After") != "3600" {
				t.Errorf("Retry-After %q, want 3600 (the hour's end)", last.Header.Get("Retry-After"))
			}
		})
	}
}
