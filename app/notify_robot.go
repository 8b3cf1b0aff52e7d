package app

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// The group robots of DingTalk, WeCom and Feishu/Lark, and generic webhooks
// signed per the Standard Webhooks specification. Each answers 200 even to
// a refusal and says so in its JSON (errcode or code); that is an error too.

// DingTalkSign returns the sign parameter of a DingTalk robot request:
// base64 of HMAC-SHA256 under the secret of timestamp (ms) + "\n" + secret.
// The caller URL-encodes it.
func DingTalkSign(timestampMS int64, secret string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "%d\n%s", timestampMS, secret)
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// FeishuSign returns the sign of a Feishu/Lark bot request: base64 of
// HMAC-SHA256 keyed with timestamp (s) + "\n" + secret over an empty message.
func FeishuSign(timestamp int64, secret string) string {
	mac := hmac.New(sha256.New, []byte(strconv.FormatInt(timestamp, 10)+"\n"+secret))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// StandardWebhookSign returns the webhook-signature header of a Standard
// Webhooks request: "v1," and base64 of HMAC-SHA256 of id.timestamp.body
// under the secret (a "whsec_" secret is base64 after its prefix).
func StandardWebhookSign(secret, id string, timestamp int64, body []byte) string {
	key := []byte(secret)
	if s, ok := strings.CutPrefix(secret, "whsec_"); ok {
		if b, err := base64.StdEncoding.DecodeString(s); err == nil {
			key = b
		}
	}
	mac := hmac.New(sha256.New, key)
	fmt.Fprintf(mac, "%s.%d.", id, timestamp)
	mac.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// mentioned appends "@phone" for each mention, which DingTalk needs in the
// text to highlight the people its at.atMobiles names.
func mentioned(text string, mentions []string) string {
	for _, m := range mentions {
		text += " @" + m
	}
	return text
}

func (a *App) sendDingTalk(ctx context.Context, ch *guanjia.NotifyChannel, n *store.Notification, text string) error {
	target := ch.URL
	if ch.Secret != "" {
		ts := a.now().UnixMilli()
		sep := "?"
		if strings.Contains(target, "?") {
			sep = "&"
		}
		target += sep + "timestamp=" + strconv.FormatInt(ts, 10) + "&sign=" + url.QueryEscape(DingTalkSign(ts, ch.Secret))
	}
	at := map[string]any{"atMobiles": nonNil(n.Mentions), "isAtAll": false}
	body := map[string]any{"msgtype": "markdown", "at": at,
		"markdown": map[string]string{"title": robotTitle(text), "text": mentioned(text, n.Mentions)}}
	if ch.Settings["format"] == "text" {
		body = map[string]any{"msgtype": "text", "at": at, "text": map[string]string{"content": mentioned(text, n.Mentions)}}
	}
	return a.postRobot(ctx, target, body)
}

func (a *App) sendWeCom(ctx context.Context, ch *guanjia.NotifyChannel, n *store.Notification, text string) error {
	body := map[string]any{"msgtype": "markdown", "markdown": map[string]string{"content": text}}
	if len(n.Mentions) > 0 || ch.Settings["format"] == "text" {
		body = map[string]any{"msgtype": "text",
			"text": map[string]any{"content": text, "mentioned_mobile_list": nonNil(n.Mentions)}}
	}
	return a.postRobot(ctx, ch.URL, body)
}

func (a *App) sendFeishu(ctx context.Context, ch *guanjia.NotifyChannel, text string) error {
	body := map[string]any{"msg_type": "text", "content": map[string]string{"text": text}}
	if ch.Secret != "" {
		ts := a.now().Unix()
		body["timestamp"], body["sign"] = strconv.FormatInt(ts, 10), FeishuSign(ts, ch.Secret)
	}
	return a.postRobot(ctx, ch.URL, body)
}

// postRobot POSTs a robot's JSON and reads its verdict.
func (a *App) postRobot(ctx context.Context, target string, body any) error {
	b, err := json.Marshal(body)
	if err != nil {
		return err
	}
	answer, err := a.postJSON(ctx, target, b, nil)
	if err != nil {
		return fmt.Errorf("%w: %s", err, clip(string(answer), 200))
	}
	var v struct {
		ErrCode *int   `json:"errcode"`
		ErrMsg  string `json:"errmsg"`
		Code    *int   `json:"code"`
		Msg     string `json:"msg"`
	}
	if json.Unmarshal(answer, &v) != nil {
		return nil
	}
	if v.ErrCode != nil && *v.ErrCode != 0 {
		return fmt.Errorf("errcode %d: %s", *v.ErrCode, clip(v.ErrMsg, 200))
	}
	if v.Code != nil && *v.Code != 0 {
		return fmt.Errorf("code %d: %s", *v.Code, clip(v.Msg, 200))
	}
	return nil
}

// sendWebhook POSTs a notification to a generic webhook, signed per the
// Standard Webhooks specification; webhook-id is the stable MsgID so the
// receiver drops a repeat.
func (a *App) sendWebhook(ctx context.Context, ch *guanjia.NotifyChannel, n *store.Notification, text string) error {
	now := a.now()
	body, err := json.Marshal(map[string]any{"type": "case." + string(n.Event), "timestamp": now.UTC().Format("2006-01-02T15:04:05Z07:00"),
		"data": map[string]any{"msg_id": n.MsgID, "event": n.Event, "case_id": n.CaseID, "lang": n.Lang, "text": text}})
	if err != nil {
		return err
	}
	h := http.Header{"Webhook-Id": {n.MsgID}, "Webhook-Timestamp": {strconv.FormatInt(now.Unix(), 10)}}
	if ch.Secret != "" {
		h.Set("Webhook-Signature", StandardWebhookSign(ch.Secret, n.MsgID, now.Unix(), body))
	}
	if answer, err := a.postJSON(ctx, ch.URL, body, h); err != nil {
		return fmt.Errorf("%w: %s", err, clip(string(answer), 200))
	}
	return nil
}

// robotTitle is a text's first few words, the title DingTalk shows in lists.
func robotTitle(text string) string { return clip(text, 30) }

// clip cuts s to at most n runes.
func clip(s string, n int) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) <= n {
		return string(r)
	}
	return string(r[:n]) + "…"
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
