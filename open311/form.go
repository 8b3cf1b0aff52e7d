package open311

import (
	"errors"
	"maps"
	"net/url"
	"slices"
	"strings"

	"github.com/guanjia/guanjia"
)

// requestForm is a decoded POST requests form. Names, email, phone,
// device_id and account_id are the reporter's personal data: they go to the
// backend in the Report and are never written back.
type requestForm struct {
	jurisdiction string
	serviceCode  string
	lat, long    float64
	hasPoint     bool
	address      string // address_string
	addressID    string
	attributes   map[string]any // string, or []string for lists
	email        string
	deviceID     string
	accountID    string
	firstName    string
	lastName     string
	phone        string
	description  string
	mediaURL     string
	clientID     string
	channel      guanjia.Channel // the extension channel: how a county platform took it (12345)
}

// maxMediaURL is the longest media_url accepted.
const maxMediaURL = 2000

// decodeRequestForm decodes and checks the parameters of POST requests
// that need no backend: service_code present, a location (lat and long, or
// address_string, or address_id), finite coordinates in range, a
// description of at most 4,000 characters without HTML, an absolute http(s)
// media_url, a UUID client_id. The api_key is checked by the caller.
// Every problem found is returned, joined.
func decodeRequestForm(p params) (*requestForm, error) {
	f := &requestForm{
		jurisdiction: p.get("jurisdiction_id"), serviceCode: p.get("service_code"),
		address: p.get("address_string"), addressID: p.get("address_id"),
		email: p.get("email"), deviceID: p.get("device_id"), accountID: p.get("account_id"),
		firstName: p.get("first_name"), lastName: p.get("last_name"), phone: p.get("phone"),
		description: strings.TrimSpace(firstRaw(p, "description")),
		mediaURL:    p.get("media_url"), clientID: p.get("client_id"),
		attributes: formAttributes(p),
	}
	var errs []error
	if f.serviceCode == "" {
		errs = append(errs, invalidf("service_code", "service_code is required; GET services lists the codes."))
	}
	errs = append(errs, f.decodePoint(p))
	errs = append(errs, f.decodeChannel(p))
	errs = append(errs, f.check()...)
	return f, errors.Join(errs...)
}

// firstRaw returns the first non-blank value of name untrimmed, so that a
// description keeps its inner line breaks.
func firstRaw(p params, name string) string {
	for _, v := range p[name] {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

// decodePoint reads lat and long, which come together or not at all, and
// requires some location.
func (f *requestForm) decodePoint(p params) error {
	lat, hasLat, err := p.float("lat")
	if err != nil {
		return err
	}
	long, hasLong, err := p.float("long")
	if err != nil {
		return err
	}
	switch {
	case hasLat != hasLong:
		return invalidf("lat", "lat and long must be sent together.")
	case !hasLat && f.address == "" && f.addressID == "":
		return invalidf("lat", "A location is required: lat and long, or address_string, or address_id.")
	}
	f.lat, f.long, f.hasPoint = lat, long, hasLat
	return nil
}

// decodeChannel reads the extension parameter channel: how a platform
// that forwards a request took it, one of Guanjia's intake channels
// (12345 for a county's hotline, phone, walk-in, wechat, letter). Without
// it the request came in through Open311.
func (f *requestForm) decodeChannel(p params) error {
	f.channel = guanjia.ChannelOpen311
	v := p.get("channel")
	if v == "" {
		return nil
	}
	ch, err := guanjia.ParseIntakeChannel(v)
	if err != nil {
		return invalidf("channel", "channel is 12345, phone, walk-in, wechat or letter, not %q.", v)
	}
	f.channel = ch
	return nil
}

// check validates the free fields through the domain's own case rules.
func (f *requestForm) check() []error {
	var errs []error
	c := guanjia.Case{Category: "-", Lat: f.lat, Lng: f.long, Address: f.address, Description: f.description}
	if err := c.Validate(); err != nil {
		errs = append(errs, err)
	}
	if f.mediaURL != "" && !validMediaURL(f.mediaURL) {
		errs = append(errs, invalidf("media_url", "media_url must be an absolute http or https URL of at most %d characters.", maxMediaURL))
	}
	if f.clientID != "" && !guanjia.ValidClientID(f.clientID) {
		errs = append(errs, invalidf("client_id", "client_id must be a UUID."))
	}
	return errs
}

// validMediaURL reports whether s is an absolute http(s) URL.
func validMediaURL(s string) bool {
	if len(s) > maxMediaURL {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.User == nil
}

// formAttributes collects attribute[CODE]=v (a string, or a list when
// repeated) and attribute[CODE][]=v (always a list). Empty values are
// absent; malformed names are ignored like any unknown parameter.
func formAttributes(p params) map[string]any {
	var out map[string]any
	for _, k := range slices.Sorted(maps.Keys(p)) {
		vs := p[k]
		code, multi, ok := attributeKey(k)
		if !ok {
			continue
		}
		vs = nonEmpty(vs)
		if len(vs) == 0 {
			continue
		}
		if out == nil {
			out = map[string]any{}
		}
		out[code] = merge(out[code], vs, multi)
	}
	return out
}

// merge adds values vs to an attribute's answer so far.
func merge(prev any, vs []string, multi bool) any {
	switch prev := prev.(type) {
	case string:
		return append([]string{prev}, vs...)
	case []string:
		return append(prev, vs...)
	}
	if len(vs) == 1 && !multi {
		return vs[0]
	}
	return vs
}

// attributeKey splits "attribute[CODE]" or "attribute[CODE][]".
func attributeKey(k string) (code string, multi, ok bool) {
	rest, ok := strings.CutPrefix(k, "attribute[")
	if !ok {
		return "", false, false
	}
	code, rest, ok = strings.Cut(rest, "]")
	if !ok || code == "" || strings.ContainsAny(code, "[]") {
		return "", false, false
	}
	switch rest {
	case "":
		return code, false, true
	case "[]":
		return code, true, true
	}
	return "", false, false
}

func nonEmpty(vs []string) []string {
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// report builds the domain's Report for category code in town.
func (f *requestForm) report(code string, attrs map[string]any, town string) guanjia.Report {
	address := f.address
	if address == "" {
		address = f.addressID
	}
	return guanjia.Report{
		Category: code, Lat: f.lat, Lng: f.long, Datum: "wgs84",
		Address: address, Description: f.description, Attributes: attrs,
		ClientID: f.clientID, Channel: f.channel,
		Name:  strings.TrimSpace(f.firstName + " " + f.lastName),
		Phone: f.phone, Email: f.email,
		Jurisdiction: town, MediaURL: f.mediaURL,
	}
}
