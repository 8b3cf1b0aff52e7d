package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Xizha car park, a landmark of the demo (demo/landmarks.go), and a point
// 50 m north of it.
const (
	parkLat, parkLng = 30.74130, 120.47900
	northLat         = parkLat + 50/111195.0
)

// TestPlacesAPI: GET /api/v1/places finds by pinyin initials, by Chinese
// and by full pinyin, names in the caller's language, and refuses a blank
// query (400) and an unknown town (404); POST imports for administrators
// only.
func TestPlacesAPI(t *testing.T) {
	eachDB(t, func(t *testing.T, e *testEnv) {
		type hit struct {
			Name, NameZh, Kind, Town string
			Lat, Lng                 float64
		}
		search := func(query, lang string) []hit {
			t.Helper()
			req, _ := http.NewRequest("GET", e.srv.URL+"/api/v1/places?"+query, nil)
			req.Header.Set("Accept-Language", lang)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body := readAll(t, resp)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d %s", query, resp.StatusCode, body)
			}
			var out struct {
				Places []struct {
					Name   string  `json:"name"`
					NameZh string  `json:"name_zh"`
					Kind   string  `json:"kind"`
					Town   string  `json:"town"`
					Lat    float64 `json:"lat"`
					Lng    float64 `json:"lng"`
				} `json:"places"`
			}
			if err := json.Unmarshal(body, &out); err != nil {
				t.Fatal(err)
			}
			var hits []hit
			for _, p := range out.Places {
				hits = append(hits, hit{p.Name, p.NameZh, p.Kind, p.Town, p.Lat, p.Lng})
			}
			return hits
		}
		for _, q := range []string{"q=xzt", "q=" + url.QueryEscape("西栅停车场"), "q=xizhatingchechang", "q=xzt&town=330483100", "q=xzt&town=all"} {
			hits := search(q, "zh-CN")
			if len(hits) == 0 || hits[0].NameZh != "西栅停车场" || hits[0].Lat != parkLat || hits[0].Kind != "landmark" {
				t.Errorf("%s: got %+v, want 西栅停车场 first", q, hits)
			}
		}
		if hits := search("q=xzt", "en"); len(hits) == 0 || hits[0].Name != "Xizha Car Park" {
			t.Errorf("in English: %+v", hits)
		}
		if hits := search("q=xzt&town=330483101", "zh"); len(hits) != 0 {
			t.Errorf("Puyuan has no 西栅停车场: %+v", hits)
		}
		if st, b := e.do("GET", "/api/v1/places?q=+", "", nil); st != http.StatusBadRequest || !strings.Contains(string(b), "q") {
			t.Errorf("a blank query: %d %s", st, b)
		}
		if st, b := e.do("GET", "/api/v1/places?q=xzt&town=nowhere", "", nil); st != http.StatusNotFound {
			t.Errorf("an unknown town: %d %s", st, b)
		}

		csv := "kind,name_zh,name_en,lat,lon\nlandmark,修真观,Xiuzhen Temple,30.7465,120.4880\n"
		post := func(token string) (int, string) {
			req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/places", strings.NewReader(csv))
			req.Header.Set("Content-Type", "text/csv")
			if token != "" {
				req.Header.Set("Authorization", "Bearer "+token)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			return resp.StatusCode, string(readAll(t, resp))
		}
		if st, b := post(""); st != http.StatusUnauthorized {
			t.Errorf("anonymous import: %d %s", st, b)
		}
		if st, b := post(e.login("dispatcher")); st != http.StatusForbidden {
			t.Errorf("a dispatcher's import: %d %s", st, b)
		}
		if st, b := post(e.login("admin")); st != http.StatusOK || !strings.Contains(b, `"added":1`) {
			t.Errorf("the administrator's import: %d %s", st, b)
		}
		if hits := search("q=xzg", "zh"); len(hits) == 0 || hits[0].NameZh != "修真观" {
			t.Errorf("the imported place: %+v", hits)
		}
	})
}

// TestOpen311PlaceAddress: a request posted with a point and no address
// gets its address from the place: the nearest landmark and the grid, in
// the caller's language.
func TestOpen311PlaceAddress(t *testing.T) {
	eachDB(t, func(t *testing.T, e *testEnv) {
		form := url.Values{"api_key": {"demo"}, "service_code": {"garbage"}, "lat": {fmt.Sprint(northLat)},
			"long": {fmt.Sprint(parkLng)}, "description": {"垃圾没人收"}}
		resp, err := http.PostForm(e.srv.URL+"/open311/v2/requests.json", form)
		if err != nil {
			t.Fatal(err)
		}
		body := readAll(t, resp)
		var created []struct {
			ID string `json:"service_request_id"`
		}
		if err := json.Unmarshal(body, &created); err != nil || len(created) != 1 {
			t.Fatalf("POST requests.json: %d %s", resp.StatusCode, body)
		}
		address := func(lang string) string {
			t.Helper()
			req, _ := http.NewRequest("GET", e.srv.URL+"/open311/v2/requests.json?service_request_id="+created[0].ID, nil)
			req.Header.Set("Accept-Language", lang)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			var reqs []struct {
				Address string `json:"address"`
			}
			b := readAll(t, resp)
			if err := json.Unmarshal(b, &reqs); err != nil || len(reqs) != 1 {
				t.Fatalf("requests.json: %s", b)
			}
			return reqs[0].Address
		}
		if got := address("zh-CN"); !strings.HasPrefix(got, "西栅停车场北 50 米，") || !strings.Contains(got, "网格") {
			t.Errorf("zh address %q, want 西栅停车场北 50 米，<grid>", got)
		}
		if got := address("en"); !strings.HasPrefix(got, "50 m north of Xizha Car Park, grid ") {
			t.Errorf("en address %q, want 50 m north of Xizha Car Park, grid …", got)
		}
	})
}
