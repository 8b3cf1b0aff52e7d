package open311

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
)

// reportForm is a complete POST requests form; edits change it.
func reportForm(edits ...string) url.Values {
	v := url.Values{
		"api_key": {keyGood}, "jurisdiction_id": {"330483100"}, "service_code": {"garbage"},
		"lat": {"30.7455"}, "long": {"120.4875"}, "address_string": {"乌镇 西栅 河边"},
		"email": {"secret@example.com"}, "device_id": {"device-secret-9"}, "account_id": {"account-secret-7"},
		"first_name": {"Secretfirst"}, "last_name": {"Secretlast"}, "phone": {"13900001111"},
		"description":       {"桥下有人倒了一堆建筑垃圾。\n请尽快处理！"},
		"media_url":         {"https://photos.example.org/p/2.jpg"},
		"attribute[volume]": {"large"},
	}
	for i := 0; i+1 < len(edits); i += 2 {
		if edits[i+1] == "<delete>" {
			v.Del(edits[i])
		} else {
			v.Set(edits[i], edits[i+1])
		}
	}
	return v
}

func TestCreateRequest(t *testing.T) {
	b := newBackend()
	s := newTestServer(t, b)
	form := reportForm("client_id", "22222222-2222-4222-8222-222222222222")
	form["attribute[kinds][]"] = []string{"kitchen", "building"}
	form.Set("attribute[bags]", "3")
	got := both[created](t, s, "POST", "/open311/v2/requests", "", form, "created", "service_requests", "request", http.StatusOK)
	want := []created{{ServiceRequestID: "WZ-20261128-0001", ServiceNotice: "责任单位签收时限2个工作小时，办结时限3个工作日。"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("created (-want +got):\n%s", diff)
	}
	if len(b.cases) != 1 {
		t.Fatalf("the retried POST (same client_id) made %d cases, want 1", len(b.cases))
	}
	wantReport := guanjia.Report{
		Category: "garbage", Lat: 30.7455, Lng: 120.4875, Datum: "wgs84", Address: "乌镇 西栅 河边",
		Description: "桥下有人倒了一堆建筑垃圾。\n请尽快处理！",
		Attributes:  map[string]any{"volume": "large", "kinds": []string{"kitchen", "building"}, "bags": 3.0},
		ClientID:    "22222222-2222-4222-8222-222222222222", Channel: guanjia.ChannelOpen311,
		Name: "Secretfirst Secretlast", Phone: "13900001111", Email: "secret@example.com",
		Jurisdiction: "330483100", MediaURL: "https://photos.example.org/p/2.jpg",
	}
	if diff := cmp.Diff(wantReport, b.reports[0]); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}

	// The case reads back with its Chinese text, its media_url and its answers.
	reqs := both[request](t, s, "GET", "/open311/v2/requests/WZ-20261128-0001", "?extensions=true", nil, "requests", "service_requests", "request", http.StatusOK)
	r := reqs[0]
	if r.Description != wantReport.Description || r.Address != wantReport.Address || r.MediaURL != wantReport.MediaURL {
		t.Errorf("read back %+v", r)
	}
	wantAnswers := answerList{
		{Code: "volume", Label: "数量", Value: "large", Name: "一车以上"},
		{Code: "kinds", Label: "垃圾种类", Value: "kitchen", Name: "厨余"},
		{Code: "kinds", Label: "垃圾种类", Value: "building", Name: "建筑垃圾"},
		{Code: "bags", Label: "袋数", Value: "3"},
	}
	if diff := cmp.Diff(wantAnswers, r.Attributes); diff != "" {
		t.Errorf("answers (-want +got):\n%s", diff)
	}
}

func TestCreateRequestVariants(t *testing.T) {
	tests := []struct {
		name  string
		form  url.Values
		check func(t *testing.T, r guanjia.Report)
	}{
		{"empty optional parameters are absent",
			reportForm("email", "", "phone", "", "first_name", "", "last_name", "", "media_url", "", "address_string", "", "device_id", "", "client_id", ""),
			func(t *testing.T, r guanjia.Report) {
				if r.Name != "" || r.Email != "" || r.MediaURL != "" || r.Address != "" {
					t.Errorf("report = %+v", r)
				}
			}},
		{"address_string without lat and long",
			reportForm("lat", "", "long", "<delete>"),
			func(t *testing.T, r guanjia.Report) {
				if r.Lat != 0 || r.Lng != 0 || r.Address != "乌镇 西栅 河边" {
					t.Errorf("report = %+v", r)
				}
			}},
		{"address_id alone",
			reportForm("lat", "", "long", "", "address_string", "", "address_id", "330483100201-17"),
			func(t *testing.T, r guanjia.Report) {
				if r.Address != "330483100201-17" {
					t.Errorf("address = %q", r.Address)
				}
			}},
		{"jurisdiction_id is optional with one town",
			reportForm("jurisdiction_id", "<delete>"),
			func(t *testing.T, r guanjia.Report) {
				if r.Jurisdiction != "330483100" {
					t.Errorf("jurisdiction = %q", r.Jurisdiction)
				}
			}},
		{"unknown parameters are ignored",
			reportForm("foo", "bar", "attribute[]", "x", "attribute[a][b]", "y"),
			func(t *testing.T, r guanjia.Report) {}},
		{"attribute[CODE] repeated is a list",
			func() url.Values {
				v := reportForm()
				v["attribute[kinds]"] = []string{"other", "kitchen"}
				return v
			}(),
			func(t *testing.T, r guanjia.Report) {
				if diff := cmp.Diff([]string{"other", "kitchen"}, r.Attributes["kinds"]); diff != "" {
					t.Errorf("kinds (-want +got):\n%s", diff)
				}
			}},
		{"attribute[CODE] and attribute[CODE][] together",
			func() url.Values {
				v := reportForm()
				v.Set("attribute[kinds]", "other")
				v.Set("attribute[kinds][]", "kitchen")
				return v
			}(),
			func(t *testing.T, r guanjia.Report) {
				if diff := cmp.Diff([]string{"other", "kitchen"}, r.Attributes["kinds"]); diff != "" {
					t.Errorf("kinds (-want +got):\n%s", diff)
				}
			}},
		{"channel=12345 from a county's hotline",
			reportForm("channel", "12345"),
			func(t *testing.T, r guanjia.Report) {
				if r.Channel != guanjia.ChannelHotline {
					t.Errorf("channel = %q", r.Channel)
				}
			}},
		{"no channel is open311",
			reportForm(),
			func(t *testing.T, r guanjia.Report) {
				if r.Channel != guanjia.ChannelOpen311 {
					t.Errorf("channel = %q", r.Channel)
				}
			}},
		{"a client_id is generated when none is sent",
			reportForm(),
			func(t *testing.T, r guanjia.Report) {
				if !guanjia.ValidClientID(r.ClientID) {
					t.Errorf("client_id = %q", r.ClientID)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBackend()
			s := newTestServer(t, b)
			res := s.post(t, "/open311/v2/requests.json", tt.form)
			wantStatus(t, res, http.StatusOK)
			validateShape(t, "created", res.body)
			tt.check(t, b.reports[0])
		})
	}
}

func TestCreateRequestErrors(t *testing.T) {
	tests := []struct {
		name  string
		form  url.Values
		code  int
		count int // error entries; 1 when 0
	}{
		{"no api_key", reportForm("api_key", "<delete>"), http.StatusForbidden, 0},
		{"empty api_key", reportForm("api_key", ""), http.StatusForbidden, 0},
		{"unknown api_key", reportForm("api_key", "guess"), http.StatusForbidden, 0},
		{"revoked api_key", reportForm("api_key", keyRevoked), http.StatusForbidden, 0},
		{"api_key over its rate", reportForm("api_key", keyBusy), http.StatusTooManyRequests, 0},
		{"unknown service_code", reportForm("service_code", "nosuch"), http.StatusNotFound, 0},
		{"inactive service_code", reportForm("service_code", "retired"), http.StatusNotFound, 0},
		{"unknown jurisdiction_id", reportForm("jurisdiction_id", "sfgov.org"), http.StatusNotFound, 0},
		{"no service_code and no location", reportForm("service_code", "", "lat", "", "long", "", "address_string", ""), http.StatusBadRequest, 2},
		{"required attribute missing", reportForm("attribute[volume]", ""), http.StatusBadRequest, 0},
		{"not one of the choices", reportForm("attribute[volume]", "huge"), http.StatusBadRequest, 0},
		{"number attribute not a number", reportForm("attribute[bags]", "many"), http.StatusBadRequest, 0},
		{"lat without long", reportForm("long", ""), http.StatusBadRequest, 0},
		{"lat NaN", reportForm("lat", "NaN"), http.StatusBadRequest, 0},
		{"long infinite", reportForm("long", "+Inf"), http.StatusBadRequest, 0},
		{"lat hexadecimal", reportForm("lat", "0x1p4"), http.StatusBadRequest, 0},
		{"lat out of range", reportForm("lat", "91"), http.StatusBadRequest, 0},
		{"description too long", reportForm("description", strings.Repeat("长", 4001)), http.StatusBadRequest, 0},
		{"description with HTML", reportForm("description", `看这里 <a href="x">链接</a>`), http.StatusBadRequest, 0},
		{"media_url not http", reportForm("media_url", "javascript:alert(1)"), http.StatusBadRequest, 0},
		{"client_id not a UUID", reportForm("client_id", "123"), http.StatusBadRequest, 0},
		{"unknown channel", reportForm("channel", "fax"), http.StatusBadRequest, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBackend()
			s := newTestServer(t, b)
			errs := errorsOf(t, s, "POST", "/open311/v2/requests", "", tt.form, tt.code)
			if want := max(tt.count, 1); len(errs) != want {
				t.Errorf("got %d errors, want %d: %+v", len(errs), want, errs)
			}
			for _, e := range errs {
				if e.Code != tt.code || e.Description == "" {
					t.Errorf("error = %+v", e)
				}
			}
			if len(b.cases) != 0 {
				t.Errorf("a case was made")
			}
		})
	}
}

func TestCreateRequestBody(t *testing.T) {
	s := newTestServer(t, newBackend())
	tests := []struct {
		name        string
		contentType string
		body        string
		code        int
	}{
		{"too large", "application/x-www-form-urlencoded", reportForm().Encode() + "&pad=" + strings.Repeat("x", maxBody), http.StatusRequestEntityTooLarge},
		{"multipart", "multipart/form-data; boundary=x", "--x--", http.StatusBadRequest},
		{"not UTF-8 by its charset", "application/x-www-form-urlencoded; charset=gbk", reportForm().Encode(), http.StatusBadRequest},
		{"not UTF-8 in fact", "application/x-www-form-urlencoded", reportForm().Encode() + "&description=%C4%E3%BA%C3", http.StatusBadRequest},
		{"no content type", "", reportForm().Encode(), http.StatusOK},
		{"malformed", "application/x-www-form-urlencoded", reportForm().Encode() + "&x=%zz", http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest("POST", "/open311/v2/requests.xml", strings.NewReader(tt.body))
			if tt.contentType != "" {
				req.Header.Set("Content-Type", tt.contentType)
			}
			w := newRecorder(s, req)
			if w.status != tt.code {
				t.Errorf("status = %d, want %d:\n%s", w.status, tt.code, w.body)
			}
		})
	}
}

func TestCreateRequestKeyInQuery(t *testing.T) {
	b := newBackend()
	s := newTestServer(t, b)
	res := s.post(t, "/open311/v2/requests.json?api_key="+keyGood+"&service_code=nosuch", reportForm("api_key", "<delete>"))
	wantStatus(t, res, http.StatusOK)
	if len(b.cases) != 1 || b.cases[0].Category != "garbage" {
		t.Errorf("the form's service_code must win over the query's; cases: %+v", b.cases)
	}
}

func TestCreateRequestToken(t *testing.T) {
	b := newBackend()
	b.async = true
	s := newTestServer(t, b)
	var got [2][]created
	for i, f := range formats {
		id := "33333333-3333-4333-8333-33333333333" + string(rune('0'+i))
		res := s.post(t, "/open311/v2/requests."+string(f), reportForm("client_id", id))
		wantStatus(t, res, http.StatusOK)
		if f == formatJSON {
			validateShape(t, "created", res.body)
			got[i] = decodeJSON[[]created](t, res.body)
		} else {
			got[i] = decodeXMLList[created](t, res.body, "service_requests", "request")
		}
		want := []created{{Token: id, ServiceNotice: "责任单位签收时限2个工作小时，办结时限3个工作日。"}}
		if diff := cmp.Diff(want, got[i]); diff != "" {
			t.Fatalf("%s: created (-want +got):\n%s", f, diff)
		}
	}
	tok := both[created](t, s, "GET", "/open311/v2/tokens/33333333-3333-4333-8333-333333333331", "", nil, "token", "service_requests", "request", http.StatusOK)
	if diff := cmp.Diff([]created{{ServiceRequestID: "WZ-20261128-0002", Token: got[1][0].Token}}, tok); diff != "" {
		t.Errorf("token (-want +got):\n%s", diff)
	}
	for _, path := range []string{"/open311/v2/tokens/44444444-4444-4444-8444-444444444444", "/open311/v2/tokens/not-a-uuid"} {
		errorsOf(t, s, "GET", path, "", nil, http.StatusNotFound)
	}
}
