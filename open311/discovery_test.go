package open311

import (
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestDiscovery(t *testing.T) {
	s := newTestServer(t, newBackend())
	got := bothObject[discoveryDoc](t, s, "/open311/v2/discovery", "", "discovery", "discovery", http.StatusOK)
	want := discoveryDoc{
		Changeset:  "2026-11-28T00:00:00+08:00",
		Contact:    "乌镇管家指挥中心 0573-88888888",
		KeyService: "Ask the command center for an api_key.",
		Endpoints: []endpoint{{
			Specification: "http://wiki.open311.org/GeoReport_v2",
			URL:           "https://guanjia.example.org/open311/v2",
			Changeset:     "2026-11-28T00:00:00+08:00",
			Type:          "production",
			Formats:       []string{"text/xml", "application/json"},
		}},
		Jurisdictions: []jurisdiction{{JurisdictionID: "330483100", Name: "乌镇镇"}},
	}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(discoveryDoc{}, "Extensions")); diff != "" {
		t.Errorf("discovery (-want +got):\n%s", diff)
	}
	names := map[string]bool{}
	for _, x := range got.Extensions {
		names[x.Name] = true
	}
	for _, n := range []string{"extended_attributes", "pagination", "updated_window", "search", "geographic_filter", "service_request_updates"} {
		if !names[n] {
			t.Errorf("discovery does not document the %s extension", n)
		}
	}
}

func TestDiscoveryInEnglish(t *testing.T) {
	s := newTestServer(t, newBackend())
	res := s.get(t, "/open311/v2/discovery.json", "Accept-Language", "en-GB,en;q=0.9,zh;q=0.5")
	wantStatus(t, res, http.StatusOK)
	got := decodeJSON[discoveryDoc](t, res.body)
	if got.Jurisdictions[0].Name != "Wuzhen" {
		t.Errorf("jurisdiction name = %q, want Wuzhen", got.Jurisdictions[0].Name)
	}
	if cl := res.header.Get("Content-Language"); cl != "en" {
		t.Errorf("Content-Language = %q, want en", cl)
	}
}
