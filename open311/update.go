package open311

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/guanjia/guanjia"
)

// requestUpdate is one update of mySociety's servicerequestupdates method:
// a public event on a case's timeline.
type requestUpdate struct {
	UpdateID           string `json:"update_id" xml:"update_id"`
	ServiceRequestID   string `json:"service_request_id" xml:"service_request_id"`
	Status             string `json:"status" xml:"status"`
	UpdatedDatetime    string `json:"updated_datetime" xml:"updated_datetime"`
	Description        string `json:"description" xml:"description"`
	MediaURL           string `json:"media_url,omitempty" xml:"media_url,omitempty"`
	ExternalStatusCode string `json:"external_status_code" xml:"external_status_code"`
}

// postedUpdate answers POST servicerequestupdates.
type postedUpdate struct {
	UpdateID string `json:"update_id" xml:"update_id"`
}

// Limits of servicerequestupdates.
const (
	maxUpdates   = 1000  // updates in one answer, the oldest first
	maxScanCases = 10000 // cases looked at for one answer
)

// updateStatuses are the statuses of updates, in FixMyStreet's vocabulary
// (which its open311 client maps onto its own states).
var updateStatuses = map[guanjia.Status]string{
	guanjia.StatusNew:        "open",
	guanjia.StatusDispatched: "investigating",
	guanjia.StatusAccepted:   "in_progress",
	guanjia.StatusResolved:   "fixed",
	guanjia.StatusClosed:     "closed",
	guanjia.StatusRejected:   "no_further_action",
	guanjia.StatusMerged:     "duplicate",
}

// updates answers GET servicerequestupdates.{fmt}: the public events of
// the jurisdiction's cases between start_date and end_date (by default
// the last 90 days), oldest first, at most 1,000.
func (s *server) updates(ctx context.Context, c *call) (doc, error) {
	var q requestsQuery
	if err := q.decodeWindow(c.params, c.now, c.loc); err != nil {
		return doc{}, err
	}
	town, err := s.jurisdiction(ctx, c)
	if err != nil {
		return doc{}, err
	}
	cases, err := s.changedSince(ctx, town, *q.from, c.now)
	if err != nil {
		return doc{}, err
	}
	var out []requestUpdate
	for _, k := range cases {
		events, err := s.b.Timeline(ctx, k.ID)
		if err != nil {
			return doc{}, fmt.Errorf("timeline of case %d: %w", k.ID, err)
		}
		out = append(out, c.updatesOf(k, events, *q.from, q.to)...)
	}
	slices.SortStableFunc(out, byTime)
	if len(out) > maxUpdates {
		out = out[:maxUpdates]
	}
	return list("service_request_updates", "request_update", out), nil
}

func byTime(a, b requestUpdate) int {
	return cmp.Or(strings.Compare(a.UpdatedDatetime, b.UpdatedDatetime), cmpID(a.UpdateID, b.UpdateID))
}

func cmpID(a, b string) int {
	x, _ := strconv.ParseInt(a, 10, 64)
	y, _ := strconv.ParseInt(b, 10, 64)
	return cmp.Compare(x, y)
}

// changedSince returns the cases of town changed since from: every case
// with an event after from is among them.
func (s *server) changedSince(ctx context.Context, town string, from, now time.Time) ([]*guanjia.Case, error) {
	after := from.Add(-time.Nanosecond)
	f := guanjia.CaseFilter{UpdatedAfter: &after, Sort: "updated", Limit: maxPageSize, Now: now}
	if town != "" {
		f.Jurisdiction = &town
	}
	var out []*guanjia.Case
	for len(out) < maxScanCases {
		cases, next, err := s.b.FindCases(ctx, f)
		if err != nil {
			return nil, fmt.Errorf("find changed cases: %w", err)
		}
		out = append(out, cases...)
		if next == "" {
			break
		}
		f.After = next
	}
	return out, nil
}

// updatesOf returns the public events of k in [from, to) as updates; the
// report itself is not an update.
func (c *call) updatesOf(k *guanjia.Case, events []guanjia.Event, from time.Time, to *time.Time) []requestUpdate {
	var out []requestUpdate
	for _, e := range publicEvents(k, events) {
		if e.Action == guanjia.ActionReport || e.At.Before(from) || to != nil && !e.At.Before(*to) {
			continue
		}
		u := requestUpdate{
			UpdateID: strconv.FormatInt(e.ID, 10), ServiceRequestID: k.Number,
			Status: updateStatuses[e.To], UpdatedDatetime: c.datetime(e.At),
			Description: c.note(e), ExternalStatusCode: string(e.To),
		}
		if len(e.Photos) > 0 {
			u.MediaURL = c.mediaURL(e.Photos[0])
		}
		out = append(out, u)
	}
	return out
}

// postUpdate answers POST servicerequestupdates.{fmt}: it adds the
// description (and a media_url, on a line of its own) to the case as a
// public comment by the api_key's client, and answers the comment's
// update_id. The status, update_id and updated_datetime sent are
// accepted but not acted on; names and email are not kept.
func (s *server) postUpdate(ctx context.Context, c *call) (doc, error) {
	actor, err := s.client(ctx, c)
	if err != nil {
		return doc{}, err
	}
	text, err := decodeUpdateForm(c.params, c.loc)
	if err != nil {
		return doc{}, err
	}
	k, err := s.caseInScope(ctx, c, c.params.get("service_request_id"))
	if err != nil {
		return doc{}, err
	}
	cmd := guanjia.Command{Action: guanjia.ActionComment, Note: text, Public: true}
	if _, err := s.b.Act(ctx, actor, k.ID, cmd); err != nil {
		return doc{}, fmt.Errorf("comment on case %d: %w", k.ID, err)
	}
	id, err := s.newEventID(ctx, k.ID, text)
	if err != nil {
		return doc{}, err
	}
	return list("service_request_updates", "request_update", []postedUpdate{{UpdateID: id}}), nil
}

// decodeUpdateForm checks a POST servicerequestupdates form and returns
// the comment's text.
func decodeUpdateForm(p params, loc *time.Location) (string, error) {
	if p.get("service_request_id") == "" {
		return "", invalidf("service_request_id", "service_request_id is required.")
	}
	text := strings.TrimSpace(firstRaw(p, "description"))
	if text == "" {
		return "", invalidf("description", "description is required.")
	}
	if _, _, err := p.datetime("updated_datetime", loc); err != nil {
		return "", err
	}
	if m := p.get("media_url"); m != "" {
		if !validMediaURL(m) {
			return "", invalidf("media_url", "media_url must be an absolute http or https URL of at most %d characters.", maxMediaURL)
		}
		text += "\n" + m
	}
	k := guanjia.Case{Category: "-", Description: text}
	return text, k.Validate()
}

// newEventID finds the comment just made: the latest comment event with
// this text. Act returns the case, not the event.
func (s *server) newEventID(ctx context.Context, caseID int64, text string) (string, error) {
	events, err := s.b.Timeline(ctx, caseID)
	if err != nil {
		return "", fmt.Errorf("timeline of case %d: %w", caseID, err)
	}
	for i := len(events) - 1; i >= 0; i-- {
		e := events[i]
		if e.Action == guanjia.ActionComment && e.Note == text {
			return strconv.FormatInt(e.ID, 10), nil
		}
	}
	return "", fmt.Errorf("comment on case %d not found on its timeline", caseID)
}
