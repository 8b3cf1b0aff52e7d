package open311

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
)

func BenchmarkDecodeRequestForm(b *testing.B) {
	form := reportForm()
	form["attribute[kinds][]"] = []string{"kitchen", "building"}
	body := form.Encode()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		v, err := url.ParseQuery(body)
		if err != nil {
			b.Fatal(err)
		}
		p := params(v)
		if err := p.checkText(); err != nil {
			b.Fatal(err)
		}
		if _, err := decodeRequestForm(p); err != nil {
			b.Fatal(err)
		}
	}
}

// thousandCases returns a backend holding 1,000 cases of the last 90 days,
// each with a photo, answers and a public note.
func thousandCases() *memBackend {
	m := newBackend()
	for i := range 1000 {
		c := m.seed(guanjia.Case{
			Jurisdiction: "330483100", Status: guanjia.Statuses[i%len(guanjia.Statuses)], Category: "garbage",
			Lat: 30.7 + float64(i)/10000, Lng: 120.4 + float64(i)/10000, Unit: "cgj",
			Address: fmt.Sprintf("乌镇西栅%d号", i), Description: "河边有一大堆垃圾，气味难闻，请尽快清运。",
			Attributes: map[string]any{"volume": "large", "kinds": []any{"kitchen", "other"}},
			Photos:     []string{fmt.Sprintf("%064x", i)}, ReporterName: "张秘密",
			CreatedAt: now.Add(-time.Duration(i) * time.Hour),
		})
		m.event(guanjia.Event{CaseID: c.ID, At: c.CreatedAt.Add(time.Minute), Action: guanjia.ActionComment, Note: "已安排清运。", Public: true})
	}
	return m
}

// BenchmarkRequestsJSON measures GET requests.json answering 1,000 cases:
// "handler" through the whole handler (the in-memory backend's filtering
// included), "encode" the views and their encoding alone.
func BenchmarkRequestsJSON(b *testing.B) { benchmarkRequests(b, formatJSON) }

// BenchmarkRequestsXML is BenchmarkRequestsJSON in XML.
func BenchmarkRequestsXML(b *testing.B) { benchmarkRequests(b, formatXML) }

func benchmarkRequests(b *testing.B, f format) {
	m := thousandCases()
	s := newTestServer(b, m)
	b.Run("handler", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			req := httptest.NewRequest("GET", "/open311/v2/requests."+string(f), nil)
			res := newRecorder(s, req)
			if res.status != http.StatusOK {
				b.Fatalf("status %d", res.status)
			}
			b.SetBytes(int64(len(res.body)))
		}
	})
	b.Run("encode", func(b *testing.B) {
		srv := &server{b: m, opts: Options{Now: m.now, Location: guanjia.TownZone}}
		c := &call{format: f, lang: langZH, now: now, loc: guanjia.TownZone, base: "https://guanjia.example.org"}
		cases, _, err := m.FindCases(context.Background(), guanjia.CaseFilter{Limit: 1000})
		if err != nil || len(cases) != 1000 {
			b.Fatalf("%d cases, %v", len(cases), err)
		}
		b.ReportAllocs()
		for b.Loop() {
			views, err := srv.views(context.Background(), c, cases, false)
			if err != nil {
				b.Fatal(err)
			}
			body, err := list("service_requests", "request", views).encode(f)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(body)))
		}
	})
}
