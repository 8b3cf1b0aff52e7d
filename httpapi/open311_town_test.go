package httpapi_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestOpen311Towns: discovery names every town of the demo county; a
// request goes to the town it names, or without one to the town whose area
// holds its point, and is refused when its point lies elsewhere; lists of
// requests cover the town asked for, or every town.
func TestOpen311Towns(t *testing.T) {
	eachDB(t, func(t *testing.T, e *testEnv) {
		var disc struct {
			Jurisdictions []struct {
				ID string `json:"jurisdiction_id"`
			} `json:"jurisdictions"`
		}
		if err := json.Unmarshal(e.get(t, "/open311/v2/discovery.json"), &disc); err != nil {
			t.Fatal(err)
		}
		var towns []string
		for _, j := range disc.Jurisdictions {
			towns = append(towns, j.ID)
		}
		if diff := cmp.Diff([]string{"330483100", "330483101", "330483107"}, towns); diff != "" {
			t.Errorf("discovery's jurisdictions (-want +got):\n%s", diff)
		}
		const wuzhen, puyuan = "330483100", "330483101"
		tests := []struct {
			name         string
			jurisdiction string
			lat, lng     string
			want         string // the number's prefix, or "refused"
		}{
			{"Puyuan by its point", "", "30.64", "120.42", "PY-"},
			{"Wuzhen by its point", "", "30.7452", "120.4871", "WZ-"},
			{"Wuzhen named, its point", wuzhen, "30.7452", "120.4871", "WZ-"},
			{"Wuzhen named, a point in Puyuan", wuzhen, "30.64", "120.42", "refused"},
			{"outside every town", "", "31.5", "121.0", "refused"},
			{"the county is no town", "330483", "30.64", "120.42", "refused"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				form := url.Values{"api_key": {"demo"}, "service_code": {"garbage"}, "lat": {tt.lat}, "long": {tt.lng},
					"description": {"路边堆了垃圾"}}
				if tt.jurisdiction != "" {
					form.Set("jurisdiction_id", tt.jurisdiction)
				}
				resp, err := http.PostForm(e.srv.URL+"/open311/v2/requests.json", form)
				if err != nil {
					t.Fatal(err)
				}
				body := readAll(t, resp)
				var created []struct {
					ID string `json:"service_request_id"`
				}
				got := "refused"
				if resp.StatusCode < 300 && json.Unmarshal(body, &created) == nil && len(created) == 1 {
					got, _, _ = strings.Cut(created[0].ID, "20")
				}
				if got != tt.want {
					t.Errorf("POST: %d %s; want %s", resp.StatusCode, body, tt.want)
				}
			})
		}
		for query, want := range map[string][]string{"?jurisdiction_id=" + puyuan: {"PY-"}, "": {"PY-", "WZ-"}} {
			var reqs []struct {
				ID string `json:"service_request_id"`
			}
			if err := json.Unmarshal(e.get(t, "/open311/v2/requests.json"+query), &reqs); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range reqs {
				if p := r.ID[:3]; !slices.Contains(got, p) {
					got = append(got, p)
				}
			}
			slices.Sort(got)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("requests.json%s: prefixes (-want +got):\n%s", query, diff)
			}
		}
	})
}
