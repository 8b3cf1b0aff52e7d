package app_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
)

// The fakes of DingTalk, WeCom, Feishu, a Standard Webhooks receiver and an
// SMS gateway check each request the way the real services do (signature,
// shape) and keep what they accepted.

const (
	dingSecret    = "SEC0123456789abcdef"
	feishuSecret  = "feishu-secret-42"
	webhookSecret = "whsec_c2VjcmV0LWtleS1vZi10aGUtcmVjZWl2ZXI="
	wecomKey      = "wecom-key-0001"
)

type received struct {
	path string
	body map[string]any
	id   string // webhook-id or message_id
	raw  string
}

type fakes struct {
	t   *testing.T
	srv *httptest.Server
	mu  sync.Mutex
	got []received
	bad []string
	// status, when set, answers every request; hang blocks it until the
	// client gives up or release is closed.
	status  int
	hang    bool
	release chan struct{}
	// onReceive runs after a request is accepted.
	onReceive func()
}

func newFakes(t *testing.T) *fakes {
	f := &fakes{t: t, release: make(chan struct{})}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(func() {
		select {
		case <-f.release:
		default:
			close(f.release)
		}
		f.srv.Close()
	})
	return f
}

func (f *fakes) url(path string) string { return f.srv.URL + path }

func hmacB64(key, msg string) string {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(msg))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

func (f *fakes) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	status, hang := f.status, f.hang
	f.mu.Unlock()
	if hang {
		select {
		case <-r.Context().Done():
		case <-f.release:
		}
		return
	}
	if status != 0 {
		w.WriteHeader(status)
		io.WriteString(w, `{"errcode":500,"errmsg":"robot down"}`)
		return
	}
	raw, _ := io.ReadAll(r.Body)
	var body map[string]any
	if err := json.Unmarshal(raw, &body); err != nil {
		f.reject(w, "%s: body is not JSON: %v", r.URL.Path, err)
		return
	}
	rec := received{path: r.URL.Path, body: body, raw: string(raw)}
	switch r.URL.Path {
	case "/dingtalk":
		// https://open.dingtalk.com/document/robots/customize-robot-security-settings
		ts, sign := r.URL.Query().Get("timestamp"), r.URL.Query().Get("sign")
		if want := hmacB64(dingSecret, ts+"\n"+dingSecret); sign != want || r.URL.Query().Get("access_token") != "tok" {
			f.reject(w, "dingtalk: sign %q, want %q (query %q)", sign, want, r.URL.RawQuery)
			return
		}
		if !strings.Contains(r.URL.RawQuery, "sign="+strings.ReplaceAll(strings.ReplaceAll(strings.ReplaceAll(hmacB64(dingSecret, ts+"\n"+dingSecret), "+", "%2B"), "/", "%2F"), "=", "%3D")) {
			f.reject(w, "dingtalk: sign not URL-encoded in %q", r.URL.RawQuery)
			return
		}
		if body["msgtype"] != "markdown" || body["at"] == nil {
			f.reject(w, "dingtalk: body %s", raw)
			return
		}
	case "/wecom":
		if r.URL.Query().Get("key") != wecomKey || (body["msgtype"] != "text" && body["msgtype"] != "markdown") {
			f.reject(w, "wecom: key %q body %s", r.URL.Query().Get("key"), raw)
			return
		}
	case "/feishu":
		// https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot
		ts, _ := body["timestamp"].(string)
		m := hmac.New(sha256.New, []byte(ts+"\n"+feishuSecret))
		if want := base64.StdEncoding.EncodeToString(m.Sum(nil)); body["sign"] != want || body["msg_type"] != "text" {
			f.reject(w, "feishu: sign %v, want %s; body %s", body["sign"], want, raw)
			return
		}
	case "/webhook":
		// https://www.standardwebhooks.com/: v1,base64(HMAC-SHA256(id.timestamp.body))
		id, ts := r.Header.Get("webhook-id"), r.Header.Get("webhook-timestamp")
		key, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(webhookSecret, "whsec_"))
		if want := "v1," + hmacB64(string(key), id+"."+ts+"."+string(raw)); r.Header.Get("webhook-signature") != want || id == "" {
			f.reject(w, "webhook: signature %q, want %q", r.Header.Get("webhook-signature"), want)
			return
		}
		rec.id = id
	case "/sms":
		if r.Header.Get("Authorization") != "Bearer gw-key" || r.URL.Query().Get("tpl") == "" {
			f.reject(w, "sms: auth %q query %q", r.Header.Get("Authorization"), r.URL.RawQuery)
			return
		}
		rec.id, _ = body["message_id"].(string)
	}
	f.mu.Lock()
	f.got = append(f.got, rec)
	on := f.onReceive
	f.mu.Unlock()
	io.WriteString(w, `{"errcode":0,"errmsg":"ok","code":0}`)
	if on != nil {
		on()
	}
}

func (f *fakes) reject(w http.ResponseWriter, format string, args ...any) {
	f.mu.Lock()
	f.bad = append(f.bad, fmt.Sprintf(format, args...))
	f.mu.Unlock()
	w.WriteHeader(http.StatusBadRequest)
}

// at returns what path received.
// toPhones returns the text messages of rs sent to one of phones, in order.
func toPhones(rs []received, phones ...string) []received {
	var out []received
	for _, r := range rs {
		if slices.Contains(phones, fmt.Sprint(r.body["phone"])) {
			out = append(out, r)
		}
	}
	return out
}

func (f *fakes) at(path string) []received {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.bad) > 0 {
		f.t.Errorf("fakes refused: %v", f.bad)
		f.bad = nil
	}
	var out []received
	for _, r := range f.got {
		if r.path == path {
			out = append(out, r)
		}
	}
	return out
}

func (f *fakes) set(status int, hang bool) {
	f.mu.Lock()
	f.status, f.hang = status, hang
	f.mu.Unlock()
}
