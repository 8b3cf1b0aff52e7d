package open311

import (
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/guanjia/guanjia"
)

// FuzzDecodeRequestForm decodes arbitrary POST requests bodies: the
// decoder must not panic, what it accepts must hold its promises, and the
// whole handler must answer with a well-formed document.
func FuzzDecodeRequestForm(f *testing.F) {
	f.Add(reportForm().Encode())
	f.Add("api_key=" + keyGood + "&service_code=pothole&lat=30.75&long=120.49")
	f.Add("api_key=" + keyGood + "&service_code=garbage&address_string=%E4%B9%8C%E9%95%87&attribute[volume]=small&attribute[kinds][]=kitchen&attribute[kinds][]=other&attribute[kinds]=building")
	f.Add("service_code=&lat=NaN&long=Inf&attribute[]=x&attribute[a][b]=y&attribute[=z")
	f.Add("lat=0x1p-2&long=1e400&description=%3Ca%20href%3D1%3E&media_url=javascript:1&client_id=x")
	f.Add("lat=30&long=&address_id=&email=&description=" + strings.Repeat("%E9%95%BF", 1000))
	f.Add("%zz&&=&;a=b&description=%C4%E3")
	f.Add("api_key=" + keyGood + "&service_code=pothole&lat=30.75&long=120.49&channel=12345")
	f.Add("service_code=x&lat=1&long=1&channel=%00&channel=walk-in")
	b := newBackend()
	s := newTestServer(f, b)
	f.Fuzz(func(t *testing.T, body string) {
		v, _ := url.ParseQuery(body)
		p := params(v)
		if p.checkText() == nil {
			checkDecodedForm(t, p)
		}
		b.reset()
		req := httptest.NewRequest("POST", "/open311/v2/requests.json", strings.NewReader(body))
		req.Header.Set("Content-Type", formContentType)
		res := newRecorder(s, req)
		checkFuzzResponse(t, res, http.StatusOK, http.StatusBadRequest, http.StatusForbidden, http.StatusNotFound)
	})
}

// checkDecodedForm checks what decodeRequestForm promises when it accepts p.
func checkDecodedForm(t *testing.T, p params) {
	form, err := decodeRequestForm(p)
	if err != nil {
		if guanjia.ErrorCode(err) != guanjia.EINVALID {
			t.Fatalf("error %v is not EINVALID", err)
		}
		return
	}
	switch {
	case form.serviceCode == "":
		t.Fatal("accepted without service_code")
	case !form.hasPoint && form.address == "" && form.addressID == "":
		t.Fatal("accepted without a location")
	case math.IsNaN(form.lat) || math.IsInf(form.lat, 0) || math.Abs(form.lat) > 90 || math.Abs(form.long) > 180:
		t.Fatalf("accepted lat %v long %v", form.lat, form.long)
	case utf8.RuneCountInString(form.description) > guanjia.MaxDescription:
		t.Fatal("accepted a description that is too long")
	case form.mediaURL != "" && !validMediaURL(form.mediaURL):
		t.Fatalf("accepted media_url %q", form.mediaURL)
	case form.clientID != "" && !guanjia.ValidClientID(form.clientID):
		t.Fatalf("accepted client_id %q", form.clientID)
	}
	for code, val := range form.attributes {
		if code == "" || strings.ContainsAny(code, "[]") {
			t.Fatalf("attribute code %q", code)
		}
		switch x := val.(type) {
		case string:
			if x == "" {
				t.Fatalf("empty answer to %s", code)
			}
		case []string:
			if len(x) == 0 {
				t.Fatalf("empty list for %s", code)
			}
		default:
			t.Fatalf("answer to %s is %T", code, val)
		}
	}
	cats := testCategories()
	if attrs, err := cats[0].CheckAttributes(form.attributes); err == nil {
		form.report("garbage", attrs, "330483100")
	}
}

// FuzzQuery decodes arbitrary GET requests query strings: the decoder must
// not panic, what it accepts must be within the limits, and the handler
// must answer with a well-formed document that matches its schema.
func FuzzQuery(f *testing.F) {
	for _, q := range []string{
		"", "start_date=&end_date=", "service_request_id=WZ-20261128-0001,WZ-20261029-0003",
		"service_code=garbage,pothole&status=open,closed&extensions=true",
		"start_date=2026-10-01T00:00:00Z&end_date=2026-11-18T10:00:00+08:00",
		"page=2&page_size=3&updated_after=2026-11-20&q=%E5%9E%83%E5%9C%BE",
		"lat=30.7452&long=120.4871&radius=50&bbox=120.46,30.74,120.48,30.77",
		"lat=NaN&long=-Inf&radius=-1&bbox=,,,&page=99999999999999999999",
		"status=x&jurisdiction_id=sfgov.org&locale=en", "%zz;&&=", "q=%C4%E3",
	} {
		f.Add(q)
	}
	b := newBackend()
	seedCases(b)
	s := newTestServer(f, b)
	f.Fuzz(func(t *testing.T, query string) {
		v, _ := url.ParseQuery(query)
		if p := params(v); p.checkText() == nil {
			checkDecodedQuery(t, p)
		}
		b.mu.Lock()
		b.finds = nil
		b.mu.Unlock()
		req := httptest.NewRequest("GET", "/open311/v2/requests.json", nil)
		req.URL.RawQuery = query
		res := newRecorder(s, req)
		checkFuzzResponse(t, res, http.StatusOK, http.StatusBadRequest, http.StatusNotFound)
		if res.status == http.StatusOK {
			validateShape(t, "requests", res.body)
		}
	})
}

// checkDecodedQuery checks what decodeRequestsQuery promises when it
// accepts p.
func checkDecodedQuery(t *testing.T, p params) {
	q, err := decodeRequestsQuery(p, now, guanjia.TownZone)
	if err != nil {
		if guanjia.ErrorCode(err) != guanjia.EINVALID {
			t.Fatalf("error %v is not EINVALID", err)
		}
		return
	}
	switch {
	case q.size < 1 || q.size > defaultLimit || q.page < 1 || q.page > maxPage:
		t.Fatalf("page %d size %d", q.page, q.size)
	case len(q.numbers) == 0 && q.from == nil && q.updatedAfter == nil && q.updatedBefore == nil && q.to == nil:
		t.Fatal("no window at all")
	case q.from != nil && q.to != nil && q.to.Sub(*q.from) > window+24*60*60*1e9:
		t.Fatalf("window %v to %v", q.from, q.to)
	case q.near != nil && (q.near.Radius <= 0 || q.near.Radius > maxRadius || math.Abs(q.near.Lat) > 90 || math.Abs(q.near.Lng) > 180):
		t.Fatalf("near %+v", q.near)
	case q.bbox != nil && (q.bbox.MinLat > q.bbox.MaxLat || q.bbox.MinLng > q.bbox.MaxLng):
		t.Fatalf("bbox %+v", q.bbox)
	case q.text != nil && utf8.RuneCountInString(*q.text) > maxText:
		t.Fatal("q too long")
	}
	for _, st := range q.statuses {
		if !st.Valid() {
			t.Fatalf("status %q", st)
		}
	}
}

// checkFuzzResponse checks that a response has an expected status and is
// JSON: a list of errors for an error.
func checkFuzzResponse(t *testing.T, res response, codes ...int) {
	ok := false
	for _, c := range codes {
		ok = ok || res.status == c
	}
	if !ok {
		t.Fatalf("status %d:\n%s", res.status, res.body)
	}
	if !json.Valid(res.body) {
		t.Fatalf("not JSON:\n%s", res.body)
	}
	if res.status != http.StatusOK {
		var errs []apiError
		if err := json.Unmarshal(res.body, &errs); err != nil || len(errs) == 0 {
			t.Fatalf("not an error list:\n%s", res.body)
		}
	}
}
