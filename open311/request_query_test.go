package open311

import (
	"bytes"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
)

// numbers returns the service_request_ids of requests.
func numbers(rs []request) []string {
	out := []string{}
	for _, r := range rs {
		out = append(out, r.ServiceRequestID)
	}
	return out
}

func TestRequests(t *testing.T) {
	b := newBackend()
	c := seedCases(b)
	s := newTestServer(t, b)
	n := func(names ...string) []string {
		out := []string{}
		for _, name := range names {
			out = append(out, c[name].Number)
		}
		return out
	}
	tests := []struct {
		name  string
		query string
		want  []string
	}{
		{"the last 90 days, newest first", "", n("dup", "fresh", "working", "closed")},
		{"empty optional parameters are absent", "?start_date=&end_date=&status=&service_code=&page=&page_size=&q=&lat=&long=&radius=&bbox=&extensions=&jurisdiction_id=", n("dup", "fresh", "working", "closed")},
		{"unknown parameters are ignored", "?foo=bar&api_key=whatever", n("dup", "fresh", "working", "closed")},
		{"service_request_id overrides the rest", "?service_request_id=" + c["old"].Number + "," + c["fresh"].Number + "&status=closed&start_date=2020-01-01", n("fresh", "old")},
		{"service_code comma list", "?service_code=pothole,nosuch", n("working")},
		{"service_code repeated", "?service_code=pothole&service_code=garbage", n("dup", "fresh", "working", "closed")},
		{"status open", "?status=open", n("fresh", "working")},
		{"status closed", "?status=closed", n("dup", "closed")},
		{"status open,closed", "?status=open,closed", n("dup", "fresh", "working", "closed")},
		{"a Guanjia status", "?status=accepted,merged", n("dup", "working")},
		{"start_date and end_date", "?start_date=2026-10-01T00:00:00Z&end_date=2026-11-18T10:00:00%2B08:00", n("working", "closed")},
		{"end_date a day is the whole day", "?start_date=2026-10-01&end_date=2026-11-18", n("working", "closed")},
		{"an unescaped + in the offset", "?start_date=2026-11-18T10:00:00+08:00", n("dup", "fresh", "working")},
		{"start_date alone spans 90 days", "?start_date=2026-07-01T00:00:00%2B08:00", n("old")},
		{"end_date alone spans 90 days back", "?end_date=2026-11-01", n("closed")},
		{"updated_after lifts the default window", "?updated_after=2026-11-20T00:00:00%2B08:00", n("dup", "fresh", "working")},
		{"updated_before", "?updated_before=2026-11-19T00:00:00%2B08:00&status=open", n("old")},
		{"q in Chinese", "?q=" + url.QueryEscape("垃圾"), n("dup", "fresh", "closed")},
		{"q matches the address", "?q=" + url.QueryEscape("子夜路"), n("working")},
		{"lat, long and radius", "?lat=30.7452&long=120.4871&radius=50", n("dup", "fresh")},
		{"radius defaults to 1000 metres", "?lat=30.7601&long=120.4702", n("working")},
		{"bbox", "?bbox=120.46,30.74,120.48,30.77", n("working")},
		{"paging: page 1", "?page_size=3", n("dup", "fresh", "working")},
		{"paging: page 2", "?page_size=3&page=2", n("closed")},
		{"paging: past the end", "?page_size=3&page=3", n()},
		{"jurisdiction_id", "?jurisdiction_id=330483100&status=open", n("fresh", "working")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := both[request](t, s, "GET", "/open311/v2/requests", tt.query, nil, "requests", "service_requests", "request", http.StatusOK)
			if diff := cmp.Diff(tt.want, numbers(got)); diff != "" {
				t.Errorf("cases (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRequestFields(t *testing.T) {
	b := newBackend()
	c := seedCases(b)
	s := newTestServer(t, b)
	got := both[request](t, s, "GET", "/open311/v2/requests", "?extensions=true&locale=en", nil, "requests", "service_requests", "request", http.StatusOK)
	byNumber := map[string]request{}
	for _, r := range got {
		byNumber[r.ServiceRequestID] = r
	}
	want := map[string]request{
		"working": {
			ServiceRequestID: c["working"].Number, Status: "open", StatusNotes: "已安排施工队，明天修补。",
			ServiceName: "Pothole", ServiceCode: "pothole", Description: "Deep pothole near the bus stop",
			AgencyResponsible: "Wuzhen Urban Management",
			ServiceNotice:     "The responsible unit signs for the case within 4 hours and resolves it within 5 working days.",
			RequestedDatetime: "2026-11-18T10:00:00+08:00", UpdatedDatetime: "2026-11-20T12:00:00+08:00",
			ExpectedDatetime: "2026-11-25T10:00:00+08:00", Address: "子夜路", Lat: num(30.7601), Long: num(120.4702),
			Notes: noteList{
				{"2026-11-18T10:00:00+08:00", "Deep pothole near the bus stop", "report", "open"},
				{"2026-11-19T10:00:00+08:00", "Dispatched: Wuzhen Urban Management", "dispatch", "open"},
				{"2026-11-20T10:00:00+08:00", "Signed for", "accept", "open"},
				{"2026-11-20T11:00:00+08:00", "已安排施工队，明天修补。", "comment", "open"},
			},
			ExtendedAttributes: &extendedAttributes{Status: "accepted", Jurisdiction: "330483100", Channel: "open311"},
		},
		"closed": {
			ServiceRequestID: c["closed"].Number, Status: "closed", StatusNotes: "已清运",
			ServiceName: "Dumped rubbish", ServiceCode: "garbage", Description: "垃圾桶满了",
			AgencyResponsible: "Wuzhen Urban Management",
			ServiceNotice:     "The responsible unit signs for the case within 2 working hours and resolves it within 3 working days.",
			RequestedDatetime: "2026-10-29T10:00:00+08:00", UpdatedDatetime: "2026-11-02T10:00:00+08:00",
			Address: "乌镇东栅", Lat: num(30.7301), Long: num(120.5001), MediaURL: "https://photos.example.org/p/1.jpg",
			Notes: noteList{
				{"2026-10-29T10:00:00+08:00", "垃圾桶满了", "report", "open"},
				{"2026-10-30T10:00:00+08:00", "Dispatched: Wuzhen Urban Management", "dispatch", "open"},
				{"2026-10-31T10:00:00+08:00", "Signed for", "accept", "open"},
				{"2026-11-01T10:00:00+08:00", "已清运", "resolve", "open"},
				{"2026-11-02T10:00:00+08:00", "Verified", "verify", "closed"},
			},
			Attributes:         answerList{{Code: "volume", Label: "Volume", Value: "small", Name: "A bag or less"}},
			ExtendedAttributes: &extendedAttributes{Status: "closed", Jurisdiction: "330483100", Channel: "web"},
		},
		"dup": {
			ServiceRequestID: c["dup"].Number, Status: "closed", StatusNotes: "与已有案件重复",
			ServiceName: "Dumped rubbish", ServiceCode: "garbage", Description: "同一堆垃圾",
			ServiceNotice:     "The responsible unit signs for the case within 2 working hours and resolves it within 3 working days.",
			RequestedDatetime: "2026-11-28T09:00:00+08:00", UpdatedDatetime: "2026-11-28T10:00:00+08:00",
			Lat: num(30.7453), Long: num(120.4872),
			Notes: noteList{
				{"2026-11-28T09:00:00+08:00", "同一堆垃圾", "report", "open"},
				{"2026-11-28T10:00:00+08:00", "与已有案件重复", "merge", "closed"},
			},
			Attributes:         answerList{{Code: "volume", Label: "Volume", Value: "large", Name: "A cartload or more"}},
			ExtendedAttributes: &extendedAttributes{Status: "merged", Jurisdiction: "330483100", DuplicateOf: c["fresh"].Number},
		},
		"fresh": {
			ServiceRequestID: c["fresh"].Number, Status: "open",
			ServiceName: "Dumped rubbish", ServiceCode: "garbage", Description: "河边有一大堆垃圾，气味难闻。",
			ServiceNotice:     "The responsible unit signs for the case within 2 working hours and resolves it within 3 working days.",
			RequestedDatetime: "2026-11-28T08:00:00+08:00", UpdatedDatetime: "2026-11-28T08:00:00+08:00",
			Address: "乌镇西栅景区北门", Lat: num(30.7452), Long: num(120.4871), MediaURL: "https://guanjia.example.org/media/abc123",
			Notes: noteList{{"2026-11-28T08:00:00+08:00", "河边有一大堆垃圾，气味难闻。", "report", "open"}},
			Attributes: answerList{
				{Code: "volume", Label: "Volume", Value: "large", Name: "A cartload or more"},
				{Code: "kinds", Label: "Kinds of rubbish", Value: "kitchen", Name: "Kitchen"},
				{Code: "kinds", Label: "Kinds of rubbish", Value: "other", Name: "Other"},
				{Code: "bags", Label: "Bags", Value: "12"},
			},
			ExtendedAttributes: &extendedAttributes{Status: "new", Jurisdiction: "330483100", Grid: "WZ-G01", Village: "330483100201",
				Channel: "app", Photos: urlList{"https://guanjia.example.org/media/abc123"}},
		},
	}
	for name, w := range want {
		if diff := cmp.Diff(w, byNumber[c[name].Number]); diff != "" {
			t.Errorf("%s (-want +got):\n%s", name, diff)
		}
	}
}

func TestRequestsPlainHasNoExtensions(t *testing.T) {
	b := newBackend()
	seedCases(b)
	s := newTestServer(t, b)
	res := s.get(t, "/open311/v2/requests.json?extensions=false")
	for _, field := range []string{`"notes"`, `"extended_attributes"`, `"attributes"`} {
		if bytes.Contains(res.body, []byte(field)) {
			t.Errorf("plain requests contain %s:\n%s", field, res.body)
		}
	}
}

func TestRequest(t *testing.T) {
	b := newBackend()
	c := seedCases(b)
	s := newTestServer(t, b)
	got := both[request](t, s, "GET", "/open311/v2/requests/"+c["old"].Number, "", nil, "requests", "service_requests", "request", http.StatusOK)
	if len(got) != 1 || got[0].ServiceRequestID != c["old"].Number || got[0].Address != "" {
		t.Errorf("request = %+v", got)
	}
	errorsOf(t, s, "GET", "/open311/v2/requests/WZ-19990101-0001", "", nil, http.StatusNotFound)
	errorsOf(t, s, "GET", "/open311/v2/requests/"+c["old"].Number, "?jurisdiction_id=330483101", nil, http.StatusNotFound)

	other := b.seed(guanjia.Case{Jurisdiction: "330483101", Status: guanjia.StatusNew, Category: "pothole", CreatedAt: now, Number: "PY-20261128-0001"})
	errorsOf(t, s, "GET", "/open311/v2/requests/"+other.Number, "", nil, http.StatusNotFound)
}

func TestRequestsErrors(t *testing.T) {
	b := newBackend()
	seedCases(b)
	s := newTestServer(t, b)
	tests := []struct {
		name  string
		query string
		code  int
		count int
	}{
		{"start_date not a date", "?start_date=yesterday", http.StatusBadRequest, 1},
		{"more than 90 days", "?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z", http.StatusBadRequest, 1},
		{"end before start", "?start_date=2026-06-01&end_date=2026-05-01", http.StatusBadRequest, 1},
		{"unknown status", "?status=pending", http.StatusBadRequest, 1},
		{"page 0", "?page=0", http.StatusBadRequest, 1},
		{"page_size not a number", "?page_size=lots", http.StatusBadRequest, 1},
		{"extensions not a boolean", "?extensions=maybe", http.StatusBadRequest, 1},
		{"lat without long", "?lat=30.7", http.StatusBadRequest, 1},
		{"radius too large", "?lat=30.7&long=120.4&radius=1e9", http.StatusBadRequest, 1},
		{"bbox of three numbers", "?bbox=1,2,3", http.StatusBadRequest, 1},
		{"bbox upside down", "?bbox=121,31,120,30", http.StatusBadRequest, 1},
		{"several problems at once", "?status=x&page=-1&bbox=a", http.StatusBadRequest, 3},
		{"unknown jurisdiction", "?jurisdiction_id=sfgov.org", http.StatusNotFound, 1},
		{"not UTF-8", "?q=%C4%E3", http.StatusBadRequest, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := errorsOf(t, s, "GET", "/open311/v2/requests", tt.query, nil, tt.code)
			if len(errs) != tt.count {
				t.Errorf("got %d errors, want %d: %+v", len(errs), tt.count, errs)
			}
		})
	}
}

func TestDecodeRequestsQuery(t *testing.T) {
	day := func(d int) *time.Time { x := now.AddDate(0, 0, d); return &x }
	tests := []struct {
		query string
		want  requestsQuery
	}{
		{"", requestsQuery{from: day(-90), page: 1, size: 1000}},
		{"page_size=10000&page=3", requestsQuery{from: day(-90), page: 3, size: 500}},
		{"service_request_id=a,,b,&page=9", requestsQuery{numbers: []string{"a", "b"}, page: 1, size: 2}},
		{"status=open,new", requestsQuery{from: day(-90), page: 1, size: 1000,
			statuses: []guanjia.Status{guanjia.StatusNew, guanjia.StatusDispatched, guanjia.StatusAccepted, guanjia.StatusResolved}}},
		{"status=OPEN,Closed", requestsQuery{from: day(-90), page: 1, size: 1000}},
		{"updated_after=2026-11-27T10:00:00%2B08:00", requestsQuery{updatedAfter: day(-1), page: 1, size: 1000}},
		{"lat=30&long=120", requestsQuery{from: day(-90), page: 1, size: 1000, near: &guanjia.Circle{Lat: 30, Lng: 120, Radius: 1000}}},
		{"q=%20%E5%9E%83%E5%9C%BE%20", requestsQuery{from: day(-90), page: 1, size: 1000, text: ptr("垃圾")}},
	}
	for _, tt := range tests {
		v, _ := url.ParseQuery(tt.query)
		got, err := decodeRequestsQuery(params(v), now, guanjia.TownZone)
		if err != nil {
			t.Errorf("%s: %v", tt.query, err)
			continue
		}
		if diff := cmp.Diff(&tt.want, got, cmp.AllowUnexported(requestsQuery{})); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.query, diff)
		}
	}
}

func TestPageSizeIsCapped(t *testing.T) {
	b := newBackend()
	seedCases(b)
	s := newTestServer(t, b)
	s.get(t, "/open311/v2/requests.json?page_size=100000")
	if got := b.finds[len(b.finds)-1].Limit; got != maxPageSize {
		t.Errorf("limit = %d, want %d", got, maxPageSize)
	}
	s.get(t, "/open311/v2/requests.json")
	if got := b.finds[len(b.finds)-1].Limit; got != defaultLimit {
		t.Errorf("default limit = %d, want %d", got, defaultLimit)
	}
}
