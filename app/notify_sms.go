package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// SMS through an HTTP gateway, in the form of the common Chinese SMS APIs:
// the channel's URL is a template ({phone}, {template}, {sign} replaced,
// URL-encoded); the request is a JSON POST of the phone, the signature
// name, the template id of the event (settings "templates":
// "resolved=SMS_1,accepted=SMS_2", else "template"), the template's
// parameters (the message's arguments as "1", "2", ...) and the whole text;
// the channel's secret, when set, goes as a bearer token. With no gateway
// configured, texts are kept for the administrators' outbox page.

func (a *App) sendSMS(ctx context.Context, ch *guanjia.NotifyChannel, n *store.Notification, text string) error {
	tmpl := smsTemplate(ch, string(n.Event))
	sign := ch.Settings["sign_name"]
	target := strings.NewReplacer("{phone}", url.QueryEscape(n.Destination), "{template}", url.QueryEscape(tmpl),
		"{sign}", url.QueryEscape(sign)).Replace(ch.URL)
	params := map[string]string{}
	for i, s := range n.Args {
		params[strconv.Itoa(i+1)] = s
	}
	body, err := json.Marshal(map[string]any{"phone": n.Destination, "sign_name": sign, "template_id": tmpl,
		"params": params, "text": text, "message_id": n.MsgID})
	if err != nil {
		return err
	}
	var h http.Header
	if ch.Secret != "" {
		h = http.Header{"Authorization": {"Bearer " + ch.Secret}}
	}
	answer, err := a.postJSON(ctx, target, body, h)
	if err != nil {
		return fmt.Errorf("%w: %s", err, clip(string(answer), 200))
	}
	return nil
}

// smsTemplate returns the gateway's template id for an event.
func smsTemplate(ch *guanjia.NotifyChannel, event string) string {
	for _, pair := range strings.Split(ch.Settings["templates"], ",") {
		if k, v, ok := strings.Cut(strings.TrimSpace(pair), "="); ok && k == event {
			return v
		}
	}
	return ch.Settings["template"]
}

// directEvent marks texts sent through OutboxSMS rather than planned
// from a case: their arguments (sign-in codes) are masked in the log once
// a gateway has them.
const directEvent guanjia.NotifyEvent = "direct"

// OutboxSMS sends texts through the SMS channel: each is written to the
// notifications outbox, urgent (no quiet hours), and sent by the SMS
// sender with its retries and log, or kept for the outbox page when no
// gateway is configured. It satisfies the SMSSender of resident sign-in.
type OutboxSMS struct{ App *App }

// SendSMS queues a text of message key with args, in lang, to phone.
func (s OutboxSMS) SendSMS(ctx context.Context, phone, lang, key string, args ...any) error {
	a := s.App
	if err := guanjia.CheckTexts("phone", phone, "key", key); err != nil {
		return err
	}
	if phone == "" {
		return guanjia.FieldErrorf(guanjia.EINVALID, "phone", "A phone number is required.")
	}
	id := make([]byte, 12)
	rand.Read(id)
	strs := make([]string, len(args))
	for i, v := range args {
		strs[i] = fmt.Sprint(v)
	}
	n := &store.Notification{MsgID: "gj-sms-" + hex.EncodeToString(id), Kind: guanjia.ChannelSMS, Destination: phone,
		Event: directEvent, Key: key, Args: strs, Lang: lang, Urgent: true, CreatedAt: a.now()}
	if err := a.db.Tx(ctx, func(tx *store.Tx) error { return tx.AddNotification(ctx, n) }); err != nil {
		return err
	}
	a.notifyChanged()
	return nil
}
