package guanjia

import (
	"math"
	"net/url"
	"strconv"
	"strings"
)

// Operator intake: the command center takes a call (a phone call, the
// county's 12345 hotline, someone at the counter, a WeChat message, a
// letter) and records it as a case for the caller; an information request
// is answered on the spot and closed at once (ActionAnswer); a closed case
// may be called back (ActionCallback, 回访).

// Channels of operator intake, besides ChannelPhone.
const (
	ChannelHotline Channel = "12345"
	ChannelWalkIn  Channel = "walk-in"
	ChannelWeChat  Channel = "wechat"
	ChannelLetter  Channel = "letter"
)

// IntakeChannels are the channels an operator records a call from.
var IntakeChannels = []Channel{ChannelPhone, ChannelHotline, ChannelWalkIn, ChannelWeChat, ChannelLetter}

// ParseIntakeChannel reads an intake channel; "" is a phone call.
func ParseIntakeChannel(s string) (Channel, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return ChannelPhone, nil
	}
	for _, c := range IntakeChannels {
		if string(c) == s {
			return c, nil
		}
	}
	return "", FieldErrorf(EINVALID, "channel", "The channel is phone, 12345, walk-in, wechat or letter, not %q.", s)
}

// NormalizePhone returns a phone number as intake keeps it, so that a
// caller's earlier cases are found however the number was typed: digits
// with an optional leading +, without spaces, dashes, dots or brackets.
// "" stays "".
func NormalizePhone(s string) (string, error) {
	var b strings.Builder
	for i, r := range strings.TrimSpace(s) {
		switch {
		case r >= '0' && r <= '9', r == '+' && i == 0:
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '.' || r == '(' || r == ')':
		default:
			return "", FieldErrorf(EINVALID, "phone", "A phone number has digits only (spaces and dashes are fine).")
		}
	}
	out := b.String()
	if n := len(strings.TrimPrefix(out, "+")); out != "" && (n < 3 || n > 20) {
		return "", FieldErrorf(EINVALID, "phone", "A phone number has 3 to 20 digits.")
	}
	return out, nil
}

// MayIntake reports whether a takes calls for the command center and so
// may look up a caller's earlier cases by phone number: dispatchers and
// administrators.
func MayIntake(a Actor) bool {
	return CommandRoles.Allows(a.Role) && a.Role != RoleSystem
}

// Results of a callback (回访).
const (
	CallbackReached    = "reached"     // reached; nothing more said
	CallbackNotReached = "not_reached" // nobody answered
	CallbackSatisfied  = "satisfied"   // reached and satisfied
)

// CallbackResults lists the results of a callback.
var CallbackResults = []string{CallbackReached, CallbackNotReached, CallbackSatisfied}

// answer closes an information request with the answer given on the phone;
// it counts as a closed case like any other.
func answer(c *Case, cmd *Command, a Actor, env Env, e *Event) error {
	if err := needText(cmd, "note", "The answer"); err != nil {
		return err
	}
	c.Status, c.ClosedAt, c.ResolvedAt, c.Resolution = StatusClosed, ptr(env.Now), ptr(env.Now), cmd.text()
	e.Data = map[string]any{"answered": true}
	return nil
}

// callback records a call back to the reporter of a closed case.
func callback(c *Case, cmd *Command, a Actor, env Env, e *Event) error {
	ok := false
	for _, r := range CallbackResults {
		ok = ok || cmd.Callback == r
	}
	if !ok {
		return FieldErrorf(EINVALID, "callback", "Say how the callback went: reached, not reached or satisfied.")
	}
	e.Public = false
	e.Data = map[string]any{"callback": cmd.Callback}
	return nil
}

// CallQuery is what the intake form asks about as the operator types: the
// caller's phone number, and the category and point of the call.
type CallQuery struct {
	Phone    string
	Category string
	Lat, Lng float64 // 0, 0: no point yet
}

// ParseCallQuery reads a CallQuery from URL query parameters phone,
// category, lat and lng (WGS84; both or neither). The phone is normalised
// (NormalizePhone).
func ParseCallQuery(q url.Values) (CallQuery, error) {
	var c CallQuery
	if err := CheckTexts("phone", q.Get("phone"), "category", q.Get("category"), "lat", q.Get("lat"), "lng", q.Get("lng")); err != nil {
		return c, err
	}
	var err error
	if c.Phone, err = NormalizePhone(q.Get("phone")); err != nil {
		return c, err
	}
	c.Category = strings.TrimSpace(q.Get("category"))
	lat, lng := strings.TrimSpace(q.Get("lat")), strings.TrimSpace(q.Get("lng"))
	if lat == "" && lng == "" {
		return c, nil
	}
	c.Lat, err = strconv.ParseFloat(lat, 64)
	if err != nil || math.IsNaN(c.Lat) || c.Lat < -90 || c.Lat > 90 {
		return c, FieldErrorf(EINVALID, "lat", "Latitude must be between -90 and 90.")
	}
	c.Lng, err = strconv.ParseFloat(lng, 64)
	if err != nil || math.IsNaN(c.Lng) || c.Lng < -180 || c.Lng > 180 {
		return c, FieldErrorf(EINVALID, "lng", "Longitude must be between -180 and 180.")
	}
	return c, nil
}
