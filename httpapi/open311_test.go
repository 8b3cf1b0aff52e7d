package httpapi_test

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestOpen311ClosedLoop posts a request as an Open311 client would, finds
// it in requests.json and requests.xml, watches its status go from open to
// closed as the case moves through the closed loop, and sees its public
// notes with extensions=true — against the real application.
func TestOpen311ClosedLoop(t *testing.T) {
	eachDB(t, func(t *testing.T, e *testEnv) {
		lat, lng := e.pointIn(e.firstGrid().Code)
		form := url.Values{
			"api_key": {"demo"}, "service_code": {"traffic-jam"}, "lat": {fmt.Sprint(lat)}, "long": {fmt.Sprint(lng)},
			"attribute[severity]": {"jammed"}, "description": {"西栅停车场出口排了很长的队"},
			"first_name": {"小明"}, "last_name": {"王"}, "phone": {"13800138000"}, "email": {"wang@example.org"},
		}
		resp, err := http.PostForm(e.srv.URL+"/open311/v2/requests.json", form)
		if err != nil {
			t.Fatal(err)
		}
		var created []struct {
			ID string `json:"service_request_id"`
		}
		body := readAll(t, resp)
		if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusOK {
			t.Fatalf("POST requests.json: %d %s", resp.StatusCode, body)
		}
		if err := json.Unmarshal(body, &created); err != nil || len(created) != 1 || created[0].ID == "" {
			t.Fatalf("POST answer %s: %v", body, err)
		}
		number := created[0].ID

		status := func() string {
			t.Helper()
			var reqs []struct {
				ID     string `json:"service_request_id"`
				Status string `json:"status"`
				Agency string `json:"agency_responsible"`
			}
			b := e.get(t, "/open311/v2/requests.json?service_request_id="+number)
			if err := json.Unmarshal(b, &reqs); err != nil || len(reqs) != 1 {
				t.Fatalf("requests.json: %s %v", b, err)
			}
			return reqs[0].Status
		}
		if got := status(); got != "open" {
			t.Fatalf("new request status %q, want open", got)
		}
		// The XML says the same.
		var x struct {
			Requests []struct {
				ID     string `xml:"service_request_id"`
				Status string `xml:"status"`
			} `xml:"request"`
		}
		if err := xml.Unmarshal(e.get(t, "/open311/v2/requests.xml?service_request_id="+number), &x); err != nil || len(x.Requests) != 1 || x.Requests[0].Status != "open" {
			t.Fatalf("requests.xml: %+v %v", x, err)
		}

		// The case moves through the loop in Guanjia.
		var c caseJSON
		var list struct{ Cases []caseJSON }
		e.mustDo("GET", "/api/v1/cases?limit=5", "", nil, http.StatusOK, &list)
		for _, lc := range list.Cases {
			if lc.Number == number {
				c = lc
			}
		}
		if c.ID == 0 {
			t.Fatalf("case %s not in the API", number)
		}
		h := e.login("handler-" + c.Unit)
		path := fmt.Sprintf("/api/v1/cases/%d/", c.ID)
		e.mustDo("POST", path+"accept", h, nil, http.StatusOK, nil)
		e.mustDo("POST", path+"comment", h, map[string]any{"note": "交警已到场疏导", "public": true}, http.StatusOK, nil)
		e.mustDo("POST", path+"comment", h, map[string]any{"note": "内部：调派两名辅警"}, http.StatusOK, nil)
		e.mustDo("POST", path+"resolve", h, map[string]any{"note": "拥堵已疏通"}, http.StatusOK, nil)
		if got := status(); got != "open" {
			t.Fatalf("resolved, awaiting confirmation: status %q, want open", got)
		}
		e.mustDo("POST", path+"verify", e.login("dispatcher"), map[string]any{"fixed": true, "satisfaction": 4}, http.StatusOK, nil)
		if got := status(); got != "closed" {
			t.Fatalf("closed case: status %q, want closed", got)
		}

		ext := string(e.get(t, "/open311/v2/requests/"+number+".json?extensions=true"))
		for _, want := range []string{"交警已到场疏导", "拥堵已疏通", `"notes"`, `"extended_attributes"`} {
			if !strings.Contains(ext, want) {
				t.Errorf("extensions=true lacks %s: %s", want, ext)
			}
		}
		for _, secret := range []string{"内部", "13800138000", "wang@example.org", "小明"} {
			if strings.Contains(ext, secret) {
				t.Errorf("Open311 shows %q: %s", secret, ext)
			}
		}
	})
}

func (e *testEnv) get(t *testing.T, path string) []byte {
	t.Helper()
	resp, err := http.Get(e.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	b := readAll(t, resp)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, resp.StatusCode, b)
	}
	return b
}

func readAll(t *testing.T, resp *http.Response) []byte {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
