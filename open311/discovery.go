package open311

import (
	"context"
	"fmt"
)

// discoveryDoc is the Service Discovery document
// (https://wiki.open311.org/Service_Discovery/), with the jurisdictions
// this server hosts and the extensions it supports added.
type discoveryDoc struct {
	Changeset     string          `json:"changeset" xml:"changeset"`
	Contact       string          `json:"contact" xml:"contact"`
	KeyService    string          `json:"key_service" xml:"key_service"`
	Endpoints     []endpoint      `json:"endpoints" xml:"endpoints>endpoint"`
	Jurisdictions []jurisdiction  `json:"jurisdictions" xml:"jurisdictions>jurisdiction"`
	Extensions    []extensionInfo `json:"extensions" xml:"extensions>extension"`
}

type endpoint struct {
	Specification string   `json:"specification" xml:"specification"`
	URL           string   `json:"url" xml:"url"`
	Changeset     string   `json:"changeset" xml:"changeset"`
	Type          string   `json:"type" xml:"type"`
	Formats       []string `json:"formats" xml:"formats>format"`
}

type jurisdiction struct {
	JurisdictionID string `json:"jurisdiction_id" xml:"jurisdiction_id"`
	Name           string `json:"name" xml:"name"`
}

// extensionInfo documents one extension of GeoReport v2.
type extensionInfo struct {
	Name        string `json:"name" xml:"name"`
	Parameters  string `json:"parameters" xml:"parameters"`
	Description string `json:"description" xml:"description"`
}

// specification is the URL that names GeoReport v2.
const specification = "http://wiki.open311.org/GeoReport_v2"

// discovery answers GET discovery.{fmt}.
func (s *server) discovery(ctx context.Context, c *call) (doc, error) {
	all, err := s.b.Jurisdictions(ctx)
	if err != nil {
		return doc{}, fmt.Errorf("jurisdictions: %w", err)
	}
	d := discoveryDoc{
		Changeset:  c.datetime(s.opts.Changeset),
		Contact:    s.opts.Contact,
		KeyService: s.opts.KeyService,
		Endpoints: []endpoint{{
			Specification: specification,
			URL:           c.base + trimSlash(Prefix),
			Changeset:     c.datetime(s.opts.Changeset),
			Type:          "production",
			Formats:       []string{formatXML.mediaType(), formatJSON.mediaType()},
		}},
		Jurisdictions: []jurisdiction{},
		Extensions:    extensions,
	}
	for _, j := range hostedTowns(all) {
		d.Jurisdictions = append(d.Jurisdictions, jurisdiction{JurisdictionID: j.Code, Name: c.in(j.Name, j.NameEN)})
	}
	return object("discovery", d), nil
}

// mediaType is the MIME type that the discovery document lists for f.
func (f format) mediaType() string {
	if f == formatJSON {
		return "application/json"
	}
	return "text/xml"
}

// extensions documents what this server adds to GeoReport v2.
var extensions = []extensionInfo{
	{"jurisdiction_id", "jurisdiction_id",
		"The statistical division code of a town this server hosts (see jurisdictions). Optional: without it, lists cover every town and a new request goes to the town whose area holds its point."},
	{"status", "status",
		"GET requests: open, closed, or Guanjia's own statuses, comma-separated. new, dispatched, accepted and resolved (awaiting the reporter's confirmation) are open; closed, rejected and merged are closed."},
	{"extended_attributes", "extensions=true",
		"GET requests and requests/{id}: adds notes (the public timeline: datetime, description, type), attributes (the answers to the service's questions: code, label, value, name) and extended_attributes (status: Guanjia's status; jurisdiction, grid, village, channel, duplicate_of: the case it was merged into, photos)."},
	{"pagination", "page, page_size",
		"GET requests: page from 1, page_size up to 500. Without page_size the spec's limit of 1,000 applies. Newest first."},
	{"updated_window", "updated_after, updated_before",
		"GET requests: cases last changed after or before a datetime. Either lifts the default 90-day window on requested_datetime."},
	{"search", "q",
		"GET requests: cases whose description or address contains the text."},
	{"geographic_filter", "lat, long, radius, bbox",
		"GET requests: cases within radius metres (default 1000, at most 100000) of lat/long (WGS84), or inside bbox=min_long,min_lat,max_long,max_lat."},
	{"client_id", "client_id",
		"POST requests: a UUID chosen by the client; a retried POST with the same client_id returns the case made the first time. It is also the token returned when a case cannot be made at once."},
	{"channel", "channel",
		"POST requests: how a platform that forwards the request took it: 12345 (a county's hotline), phone, walk-in, wechat or letter. The case keeps it, and the command center filters by it. Without it the channel is open311."},
	{"service_request_updates", "GET/POST servicerequestupdates",
		"mySociety's update method (open311-adapter, FixMyStreet). GET with start_date, end_date: the public updates in that window, oldest first, at most 1,000 (update_id, service_request_id, status, updated_datetime, description, media_url, external_status_code). status is open (new), investigating (dispatched), in_progress (accepted), fixed (resolved), closed, no_further_action (rejected) or duplicate (merged); external_status_code is Guanjia's status. POST with api_key, service_request_id, description (and optionally update_id, status, updated_datetime, media_url): adds a public comment and answers its update_id. Names and email are not kept."},
	{"locale", "locale",
		"Any method: zh (default) or en, for names and messages; Accept-Language is read when locale is absent."},
}
