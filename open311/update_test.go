package open311

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/guanjia/guanjia"
)

func TestUpdates(t *testing.T) {
	b := newBackend()
	c := seedCases(b)
	s := newTestServer(t, b)
	upd := func(number, status, at, desc, media, code string) requestUpdate {
		return requestUpdate{ServiceRequestID: number, Status: status, UpdatedDatetime: at, Description: desc, MediaURL: media, ExternalStatusCode: code}
	}
	closed, working, dup := c["closed"].Number, c["working"].Number, c["dup"].Number
	tests := []struct {
		name  string
		query string
		want  []requestUpdate
	}{
		{"the last 90 days, oldest first, without reports or internal notes", "?start_date=&end_date=", []requestUpdate{
			upd(closed, "investigating", "2026-10-30T10:00:00+08:00", "", "", "dispatched"),
			upd(closed, "in_progress", "2026-10-31T10:00:00+08:00", "", "", "accepted"),
			upd(closed, "fixed", "2026-11-01T10:00:00+08:00", "已清运", "https://guanjia.example.org/media/def456", "resolved"),
			upd(closed, "closed", "2026-11-02T10:00:00+08:00", "", "", "closed"),
			upd(working, "investigating", "2026-11-19T10:00:00+08:00", "", "", "dispatched"),
			upd(working, "in_progress", "2026-11-20T10:00:00+08:00", "", "", "accepted"),
			upd(working, "in_progress", "2026-11-20T11:00:00+08:00", "已安排施工队，明天修补。", "", "accepted"),
			upd(dup, "duplicate", "2026-11-28T10:00:00+08:00", "与已有案件重复", "", "merged"),
		}},
		{"a window", "?start_date=2026-11-01T10:00:00%2B08:00&end_date=2026-11-19T10:00:00%2B08:00&jurisdiction_id=330483100", []requestUpdate{
			upd(closed, "fixed", "2026-11-01T10:00:00+08:00", "已清运", "https://guanjia.example.org/media/def456", "resolved"),
			upd(closed, "closed", "2026-11-02T10:00:00+08:00", "", "", "closed"),
			upd(working, "investigating", "2026-11-19T10:00:00+08:00", "", "", "dispatched"),
		}},
		{"nothing new", "?start_date=2026-11-28T10:00:01%2B08:00", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := both[requestUpdate](t, s, "GET", "/open311/v2/servicerequestupdates", tt.query, nil, "updates", "service_request_updates", "request_update", http.StatusOK)
			for _, u := range got {
				if u.UpdateID == "" {
					t.Errorf("update without update_id: %+v", u)
				}
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.IgnoreFields(requestUpdate{}, "UpdateID"), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("updates (-want +got):\n%s", diff)
			}
		})
	}
	errorsOf(t, s, "GET", "/open311/v2/servicerequestupdates", "?start_date=2026-01-01&end_date=2026-11-01", nil, http.StatusBadRequest)
}

func updateForm(number string, edits ...string) url.Values {
	v := url.Values{
		"api_key": {keyGood}, "service_request_id": {number}, "update_id": {"fms-991"},
		"status": {"OPEN"}, "updated_datetime": {"2026-11-28T09:59:00+08:00"},
		"description": {"居民反映：垃圾又堆起来了。"}, "first_name": {"Secretfirst"},
		"last_name": {"Secretlast"}, "email": {"secret@example.com"}, "public_anonymity_required": {"FALSE"},
	}
	for i := 0; i+1 < len(edits); i += 2 {
		v.Set(edits[i], edits[i+1])
	}
	return v
}

func TestPostUpdate(t *testing.T) {
	b := newBackend()
	c := seedCases(b)
	s := newTestServer(t, b)
	form := updateForm(c["working"].Number, "media_url", "https://photos.example.org/p/9.jpg")
	var ids []string
	for _, f := range formats {
		res := s.post(t, "/open311/v2/servicerequestupdates."+string(f), form)
		wantStatus(t, res, http.StatusOK)
		var got []postedUpdate
		if f == formatJSON {
			validateShape(t, "posted_update", res.body)
			got = decodeJSON[[]postedUpdate](t, res.body)
		} else {
			got = decodeXMLList[postedUpdate](t, res.body, "service_request_updates", "request_update")
		}
		ids = append(ids, got[0].UpdateID)
	}
	events := b.events[c["working"].ID]
	last := events[len(events)-1]
	wantNote := "居民反映：垃圾又堆起来了。\nhttps://photos.example.org/p/9.jpg"
	if last.Action != guanjia.ActionComment || !last.Public || last.Note != wantNote || last.ActorName != fmsClient.Name {
		t.Errorf("comment event = %+v", last)
	}
	if ids[1] != "16" || ids[0] != "15" {
		t.Errorf("update ids = %v, want the two new events 15 and 16", ids)
	}

	// The comment is now the case's status_notes and an update.
	reqs := both[request](t, s, "GET", "/open311/v2/requests/"+c["working"].Number, "", nil, "requests", "service_requests", "request", http.StatusOK)
	if reqs[0].StatusNotes != wantNote {
		t.Errorf("status_notes = %q, want %q", reqs[0].StatusNotes, wantNote)
	}
	ups := both[requestUpdate](t, s, "GET", "/open311/v2/servicerequestupdates", "?start_date=2026-11-28T10:00:00%2B08:00", nil, "updates", "service_request_updates", "request_update", http.StatusOK)
	if len(ups) != 3 || ups[0].Status != "duplicate" || ups[2].UpdateID != "16" || ups[2].Description != wantNote {
		t.Errorf("updates = %+v", ups)
	}
}

func TestPostUpdateErrors(t *testing.T) {
	b := newBackend()
	c := seedCases(b)
	s := newTestServer(t, b)
	number := c["working"].Number
	tests := []struct {
		name string
		form url.Values
		code int
	}{
		{"no api_key", updateForm(number, "api_key", ""), http.StatusForbidden},
		{"bad api_key", updateForm(number, "api_key", "nope"), http.StatusForbidden},
		{"over its rate", updateForm(number, "api_key", keyBusy), http.StatusTooManyRequests},
		{"no service_request_id", updateForm(""), http.StatusBadRequest},
		{"unknown service_request_id", updateForm("WZ-19990101-0001"), http.StatusNotFound},
		{"no description", updateForm(number, "description", "  "), http.StatusBadRequest},
		{"description too long", updateForm(number, "description", strings.Repeat("长", 4001)), http.StatusBadRequest},
		{"description with HTML", updateForm(number, "description", "<script>x</script>"), http.StatusBadRequest},
		{"bad updated_datetime", updateForm(number, "updated_datetime", "now"), http.StatusBadRequest},
		{"bad media_url", updateForm(number, "media_url", "ftp://x/y"), http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(b.events[c["working"].ID])
			errorsOf(t, s, "POST", "/open311/v2/servicerequestupdates", "", tt.form, tt.code)
			if len(b.events[c["working"].ID]) != before {
				t.Errorf("an event was added")
			}
		})
	}
	t.Run("an actor the lifecycle forbids", func(t *testing.T) {
		b.keys["key-resident"] = guanjia.Actor{UserID: 5, Name: "someone", Role: guanjia.RoleResident}
		errorsOf(t, s, "POST", "/open311/v2/servicerequestupdates", "", updateForm(number, "api_key", "key-resident"), http.StatusForbidden)
	})
}
