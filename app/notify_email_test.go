package app_test

import (
	"bufio"
	"context"
	"net"
	"strings"
	"sync"
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

// smtpSink is a small SMTP server that keeps each message it is given.
type smtpSink struct {
	ln   net.Listener
	mu   sync.Mutex
	msgs []string
	rcpt []string
}

func newSMTPSink(t *testing.T) *smtpSink {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpSink{ln: ln}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
	return s
}

func (s *smtpSink) port() string { _, p, _ := net.SplitHostPort(s.ln.Addr().String()); return p }

func (s *smtpSink) serve(c net.Conn) {
	defer c.Close()
	r := bufio.NewReader(c)
	say := func(line string) { c.Write([]byte(line + "\r\n")) }
	say("220 sink ESMTP")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"):
			say("250-sink")
			say("250 8BITMIME")
		case strings.HasPrefix(cmd, "RCPT TO:"):
			s.mu.Lock()
			s.rcpt = append(s.rcpt, strings.TrimSpace(line[8:]))
			s.mu.Unlock()
			say("250 ok")
		case cmd == "DATA":
			say("354 end with .")
			var b strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				b.WriteString(l)
			}
			s.mu.Lock()
			s.msgs = append(s.msgs, b.String())
			s.mu.Unlock()
			say("250 queued")
		case cmd == "QUIT":
			say("221 bye")
			return
		default:
			say("250 ok")
		}
	}
}

// TestNotifyEmail: a reporter who left only an email address hears of
// acceptance by email, with a plain-text and an HTML part, in Chinese,
// carrying the stable id as its Message-ID.
func TestNotifyEmail(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		a, db, _ := newNotifyApp(t, dsn)
		sink := newSMTPSink(t)
		addChannel(t, a, guanjia.NotifyChannel{Kind: guanjia.ChannelEmail, Name: "mail",
			Settings: map[string]string{"host": "127.0.0.1", "port": sink.port(), "tls": "none", "from": "guanjia@wuzhen.example"}})
		anon := guanjia.Actor{Role: guanjia.RoleAnonymous}
		c := reportDispatched(t, a, anon, guanjia.Report{Category: "garbage", Lat: 30.7452, Lng: 120.4871, Email: "zhang@example.com"})
		if _, err := a.Act(ctx, actor(t, a, "handler-"+c.Unit), c.ID, guanjia.Command{Action: guanjia.ActionAccept}); err != nil {
			t.Fatal(err)
		}
		notifyAll(t, a)
		sink.mu.Lock()
		defer sink.mu.Unlock()
		if len(sink.msgs) != 1 || sink.rcpt[0] != "<zhang@example.com>" {
			t.Fatalf("sink got %d messages for %v", len(sink.msgs), sink.rcpt)
		}
		m := sink.msgs[0]
		for _, want := range []string{"multipart/alternative", "Content-Type: text/plain", "Content-Type: text/html", c.Number,
			"Message-ID: <gj-", "From: <guanjia@wuzhen.example>"} {
			if !strings.Contains(m, want) {
				t.Errorf("the email lacks %q:\n%s", want, m)
			}
		}
		ns, _ := db.Notifications(ctx, store.NotificationFilter{Kind: guanjia.ChannelEmail})
		if len(ns) != 1 || ns[0].Status != store.NotificationSent || !strings.Contains(m, ns[0].MsgID) {
			t.Errorf("log %+v", ns)
		}
	})
}
