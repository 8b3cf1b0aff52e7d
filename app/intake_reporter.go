package app

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strconv"

	"github.com/guanjia/guanjia"
)

// Who submitted a report, and what a retried submission gets back.

// reporterKey names who submits a report, for telling one reporter's
// retry from another's report with the same client_id. An account and a
// forwarding system (Open311's api_key) name themselves. A person without
// an account has nothing steadier than the address they send from: their
// retry from the same address finds their case, and someone else's
// report, from elsewhere, is never mistaken for it nor told its tracking
// token. A retry after the phone changed networks makes a second case,
// which intake offers as a likely duplicate and staff merge: a visible
// cost, where sharing the key would silently lose a report.
func reporterKey(actor guanjia.Actor, addr string) string {
	switch {
	case actor.UserID != 0:
		return "user:" + strconv.FormatInt(actor.UserID, 10)
	case actor.Role == guanjia.RoleSystem:
		return "system:" + actor.Name
	}
	return "addr:" + addr
}

// trackingToken returns an anonymous reporter's tracking token. With a
// client_id — a random UUID that the reporter's device keeps, never shown
// to staff — it is an HMAC of the reporter (reporterKey) and the client_id
// under the installation's secret: a retried submission whose first answer
// was lost gets the same token again, someone else who reuses the
// client_id gets another, and nobody who learns the client_id (a log, a
// database dump) can compute the token without the secret. Without a
// client_id it is random. Only the token's hash is stored, and a token is
// checked against that hash: tokens issued before the secret existed
// (then derived from the client_id alone) keep working as they were.
func (a *App) trackingToken(reporter, clientID string) string {
	if clientID == "" {
		return newSecret()
	}
	m := hmac.New(sha256.New, a.trackingKey)
	m.Write([]byte("guanjia tracking token\x00" + reporter + "\x00" + clientID))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:24])
}

// retried answers a submission whose client_id was seen before: the
// existing case, and for its anonymous reporter the tracking token again.
func (a *App) retried(c *guanjia.Case, actor guanjia.Actor, clientID string) *guanjia.Receipt {
	rec := &guanjia.Receipt{Case: redact(c, actor)}
	if actor.UserID == 0 && c.TrackingHash != "" {
		if tok := a.trackingToken(c.ReporterKey, clientID); equalHash(c.TrackingHash, HashSecret(tok)) {
			rec.Tracking = tok
			rec.Case = redact(c, guanjia.Actor{Role: guanjia.RoleAnonymous, Tracking: true})
		}
	}
	return rec
}
