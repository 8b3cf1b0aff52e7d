package open311

import (
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
)

func TestServices(t *testing.T) {
	tests := []struct {
		name   string
		query  string
		header []string
		want   []service
	}{
		{
			name: "Chinese by default, sorted, inactive hidden",
			want: []service{
				{ServiceCode: "pothole", ServiceName: "道路坑洞", Type: "realtime", Group: "traffic"},
				{ServiceCode: "garbage", ServiceName: "垃圾堆放", Description: "路边、河边的垃圾堆放", Metadata: true, Type: "realtime", Keywords: "垃圾, rubbish", Group: "environment"},
			},
		},
		{
			name:  "locale=en",
			query: "?locale=en_US&jurisdiction_id=330483100",
			want: []service{
				{ServiceCode: "pothole", ServiceName: "Pothole", Type: "realtime", Group: "traffic"},
				{ServiceCode: "garbage", ServiceName: "Dumped rubbish", Description: "Rubbish left by roads or rivers", Metadata: true, Type: "realtime", Keywords: "垃圾, rubbish", Group: "environment"},
			},
		},
		{
			name:  "empty locale and jurisdiction_id are absent",
			query: "?locale=&jurisdiction_id=",
			want: []service{
				{ServiceCode: "pothole", ServiceName: "道路坑洞", Type: "realtime", Group: "traffic"},
				{ServiceCode: "garbage", ServiceName: "垃圾堆放", Description: "路边、河边的垃圾堆放", Metadata: true, Type: "realtime", Keywords: "垃圾, rubbish", Group: "environment"},
			},
		},
	}
	s := newTestServer(t, newBackend())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := both[service](t, s, "GET", "/open311/v2/services", tt.query, nil, "services", "services", "service", http.StatusOK)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("services (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("Accept-Language en", func(t *testing.T) {
		res := s.get(t, "/open311/v2/services.json", "Accept-Language", "fr;q=1, en;q=0.8, zh;q=0.3")
		if got := decodeJSON[[]service](t, res.body); got[0].ServiceName != "Pothole" {
			t.Errorf("service_name = %q, want Pothole", got[0].ServiceName)
		}
	})
}

func TestServiceDefinition(t *testing.T) {
	s := newTestServer(t, newBackend())
	got := bothObject[serviceDefinition](t, s, "/open311/v2/services/garbage", "?locale=en", "service_definition", "service_definition", http.StatusOK)
	want := serviceDefinition{ServiceCode: "garbage", Attributes: []attribute{
		{Variable: true, Code: "volume", Datatype: "singlevaluelist", Required: true, DatatypeDescription: "One key from values.", Order: 1, Description: "Volume",
			Values: []value{{"small", "A bag or less"}, {"large", "A cartload or more"}}},
		{Variable: true, Code: "kinds", Datatype: "multivaluelist", DatatypeDescription: "One or more keys from values, each sent as attribute[kinds][]=key.", Order: 2, Description: "Kinds of rubbish",
			Values: []value{{"kitchen", "Kitchen"}, {"building", "Building"}, {"other", "Other"}}},
		{Variable: true, Code: "bags", Datatype: "number", DatatypeDescription: "A number.", Order: 3, Description: "Bags"},
		{Variable: true, Code: "seen", Datatype: "datetime", DatatypeDescription: "A date and time such as 2026-11-28T09:30:00+08:00.", Order: 4, Description: "Seen at"},
		{Variable: false, Code: "hint", Datatype: "text", DatatypeDescription: "Text; line breaks are allowed.", Order: 5, Description: "Keep away from fires"},
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("definition (-want +got):\n%s", diff)
	}

	zh := bothObject[serviceDefinition](t, s, "/open311/v2/services/garbage", "", "service_definition", "service_definition", http.StatusOK)
	if zh.Attributes[0].Description != "数量" || zh.Attributes[0].Values[1].Name != "一车以上" {
		t.Errorf("Chinese definition = %+v", zh.Attributes[0])
	}
	empty := bothObject[serviceDefinition](t, s, "/open311/v2/services/pothole", "", "service_definition", "service_definition", http.StatusOK)
	if len(empty.Attributes) != 0 {
		t.Errorf("pothole attributes = %+v, want none", empty.Attributes)
	}
	res := s.get(t, "/open311/v2/services/pothole.json")
	if string(res.body) != `{"service_code":"pothole","attributes":[]}`+"\n" {
		t.Errorf("empty definition = %s, want attributes as []", res.body)
	}
}

func TestServiceErrors(t *testing.T) {
	multi := newBackend()
	multi.jurisdictions = append(multi.jurisdictions, guanjia.Jurisdiction{Code: "330483101", Name: "濮院镇", Parent: "330483", Level: "town"})
	tests := []struct {
		name string
		b    *memBackend
		path string
		code int
	}{
		{"unknown service_code", newBackend(), "/open311/v2/services/nosuch", http.StatusNotFound},
		{"inactive service_code", newBackend(), "/open311/v2/services/retired", http.StatusNotFound},
		{"unknown jurisdiction", newBackend(), "/open311/v2/services?jurisdiction_id=sfgov.org", http.StatusNotFound},
		{"the county is no town", newBackend(), "/open311/v2/services?jurisdiction_id=330483", http.StatusNotFound},
		{"a town another server hosts", multi, "/open311/v2/services?jurisdiction_id=330483107", http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestServer(t, tt.b)
			path, query := splitQuery(tt.path)
			errs := errorsOf(t, s, "GET", path, query, nil, tt.code)
			if len(errs) != 1 || errs[0].Code != tt.code || errs[0].Description == "" {
				t.Errorf("errors = %+v", errs)
			}
		})
	}
	t.Run("several towns with jurisdiction_id", func(t *testing.T) {
		s := newTestServer(t, multi)
		both[service](t, s, "GET", "/open311/v2/services", "?jurisdiction_id=330483101", nil, "services", "services", "service", http.StatusOK)
	})
}

// splitQuery splits "/path?query" into "/path" and "?query".
func splitQuery(target string) (string, string) {
	for i := range target {
		if target[i] == '?' {
			return target[:i], target[i:]
		}
	}
	return target, ""
}

func TestServiceNotice(t *testing.T) {
	cats := testCategories()
	tests := []struct {
		lang string
		cat  *guanjia.Category
		want string
	}{
		{langZH, &cats[0], "责任单位签收时限2个工作小时，办结时限3个工作日。"},
		{langEN, &cats[0], "The responsible unit signs for the case within 2 working hours and resolves it within 3 working days."},
		{langEN, &cats[1], "The responsible unit signs for the case within 4 hours and resolves it within 5 working days."},
		{langEN, &guanjia.Category{ResolveLimit: guanjia.Limit{N: 1, Unit: guanjia.WorkingDays}}, "The responsible unit resolves it within 1 working day."},
		{langZH, &cats[2], ""},
		{langZH, nil, ""},
	}
	for _, tt := range tests {
		if got := serviceNotice(tt.lang, tt.cat); got != tt.want {
			t.Errorf("serviceNotice(%s, %v) = %q, want %q", tt.lang, tt.cat, got, tt.want)
		}
	}
}
