package guanjia

import (
	"net/url"
	"slices"
	"strings"
	"time"
)

// ChannelKind is how a channel reaches people.
type ChannelKind string

// Channel kinds. The three group robots, the generic webhook, email and SMS.
const (
	ChannelDingTalk ChannelKind = "dingtalk"
	ChannelWeCom    ChannelKind = "wecom"
	ChannelFeishu   ChannelKind = "feishu"
	ChannelWebhook  ChannelKind = "webhook"
	ChannelEmail    ChannelKind = "email"
	ChannelSMS      ChannelKind = "sms"
)

// ChannelKinds lists the kinds, in the order the channels page shows them.
var ChannelKinds = []ChannelKind{ChannelDingTalk, ChannelWeCom, ChannelFeishu, ChannelWebhook, ChannelEmail, ChannelSMS}

// Group reports whether the kind speaks to a group (a unit's or the command
// center's) rather than to one person.
func (k ChannelKind) Group() bool {
	return k == ChannelDingTalk || k == ChannelWeCom || k == ChannelFeishu || k == ChannelWebhook
}

// RobotPerMinute is how many messages a minute one group robot takes; the
// three platforms refuse more.
const RobotPerMinute = 20

// NotifyChannel is a configured way out: a group robot or webhook of a unit or of
// the command center, or a town's email or SMS gateway for people.
type NotifyChannel struct {
	ID           int64       `json:"id"`
	Kind         ChannelKind `json:"kind"`
	Name         string      `json:"name"`
	Jurisdiction string      `json:"jurisdiction"`
	// Unit is the unit whose group a robot or webhook speaks to; "" is the
	// command center's. Email and SMS ignore it.
	Unit string `json:"unit,omitempty"`
	// URL is the robot's or webhook's address, or the SMS gateway's URL
	// template ({phone}, {template}, {sign} are replaced).
	URL string `json:"url"`
	// Secret signs robot and webhook requests; it is the SMTP password or
	// the SMS gateway's key. Never shown back in full.
	Secret string `json:"secret,omitempty"`
	// Settings: email host, port, username, from, tls ("none", "starttls",
	// "tls"); sms sign_name and templates ("event=id,event=id"); robots
	// format ("text" or "markdown").
	Settings map[string]string `json:"settings,omitempty"`
	Active   bool              `json:"active"`
	// Version counts the channel's changes; an update made against an
	// older one is refused (ECONFLICT). 0 in an update skips the check.
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Check checks a channel an administrator configures.
func (ch *NotifyChannel) Check() error {
	if !slices.Contains(ChannelKinds, ch.Kind) {
		return FieldErrorf(EINVALID, "kind", "There is no channel kind %q.", ch.Kind)
	}
	ch.Name = strings.TrimSpace(ch.Name)
	if ch.Name == "" {
		return FieldErrorf(EINVALID, "name", "Give the channel a name.")
	}
	if err := CheckTexts("name", ch.Name, "url", ch.URL, "secret", ch.Secret, "unit", ch.Unit); err != nil {
		return err
	}
	for k, v := range ch.Settings {
		if err := CheckTexts("settings", k, "settings", v); err != nil {
			return err
		}
	}
	if ch.Kind == ChannelEmail {
		if ch.Settings["host"] == "" || !strings.Contains(ch.Settings["from"], "@") {
			return FieldErrorf(EINVALID, "settings", "An email channel needs an SMTP host and a from address.")
		}
		return nil
	}
	u, err := url.Parse(strings.NewReplacer("{phone}", "0", "{template}", "0", "{sign}", "0").Replace(ch.URL))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return FieldErrorf(EINVALID, "url", "The channel's URL must be an http or https address.")
	}
	return nil
}

// Redacted returns the channel as it may be shown back: its secret and the
// tokens in its URL masked.
func (ch NotifyChannel) Redacted() NotifyChannel {
	ch.Secret = MaskSecret(ch.Secret)
	ch.URL = RedactURL(ch.URL)
	return ch
}

// MaskSecret shows at most the last four characters of a secret.
func MaskSecret(s string) string {
	if s == "" {
		return ""
	}
	r := []rune(s)
	if len(r) < 12 {
		return "****"
	}
	return "****" + string(r[len(r)-4:])
}

// RedactURL masks the query values of a URL (DingTalk's access_token,
// WeCom's key) and the last path element of a hook URL (Feishu's token).
func RedactURL(s string) string {
	base, query, hasQuery := strings.Cut(s, "?")
	if i := strings.LastIndex(base, "/"); strings.Contains(base, "/hook/") && i >= 0 {
		base = base[:i+1] + MaskSecret(base[i+1:])
	}
	if !hasQuery {
		return base
	}
	pairs := strings.Split(query, "&")
	for i, p := range pairs {
		if k, v, ok := strings.Cut(p, "="); ok && !strings.HasPrefix(v, "{") && !strings.HasPrefix(v, "%7B") {
			pairs[i] = k + "=" + MaskSecret(v)
		}
	}
	return base + "?" + strings.Join(pairs, "&")
}
