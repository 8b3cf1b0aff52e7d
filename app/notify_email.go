package app

import (
	"bytes"
	"cmp"
	"context"
	"html/template"
	"strconv"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
	"github.com/wneessen/go-mail"
)

// Email over SMTP, with a plain-text part and an HTML part. The channel's
// settings name the host, port (default 587), username, from address and
// TLS ("starttls", the default; "tls" on connect; "none" for a relay on
// the same machine); its secret is the password.

var emailHTML = template.Must(template.New("email").Parse(`<!doctype html>
<html lang="{{.Lang}}"><body style="font-family: sans-serif">
<p>{{.Text}}</p>
<p style="color: #666; font-size: 0.9em">{{.Footer}}</p>
</body></html>`))

// emailFooterKey ends every notification email.
const emailFooterKey = "Guanjia, your town's command center. Change what you hear about on your notification settings."

func (a *App) sendEmail(ctx context.Context, ch *guanjia.NotifyChannel, n *store.Notification, text string) error {
	m := mail.NewMsg()
	if err := m.From(ch.Settings["from"]); err != nil {
		return err
	}
	if err := m.To(n.Destination); err != nil {
		return err
	}
	number := ""
	if len(n.Args) > 0 {
		number = n.Args[0]
	}
	subject := emailSubjectKey
	if n.Event == guanjia.NotifyMention || n.Event == guanjia.NotifyProjectOverdue {
		subject = projectSubjectKey // about a project: its name is the first argument
	}
	m.Subject(a.render(n.Lang, subject, []string{number}))
	m.SetMessageIDWithValue(n.MsgID + "@guanjia")
	footer := a.render(n.Lang, emailFooterKey, nil)
	m.SetBodyString(mail.TypeTextPlain, text+"\n\n-- \n"+footer)
	var html bytes.Buffer
	if err := emailHTML.Execute(&html, map[string]string{"Lang": n.Lang, "Text": text, "Footer": footer}); err != nil {
		return err
	}
	m.AddAlternativeString(mail.TypeTextHTML, html.String())
	port, _ := strconv.Atoi(ch.Settings["port"])
	var opts []mail.Option
	switch ch.Settings["tls"] {
	case "none":
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	case "tls":
		opts, port = append(opts, mail.WithSSL()), cmp.Or(port, 465)
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	}
	opts = append(opts, mail.WithPort(cmp.Or(port, 587)), mail.WithTimeout(cmp.Or(a.opts.HTTPClient.Timeout, 15*time.Second)))
	if u := ch.Settings["username"]; u != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover), mail.WithUsername(u), mail.WithPassword(ch.Secret))
	}
	c, err := mail.NewClient(ch.Settings["host"], opts...)
	if err != nil {
		return err
	}
	return c.DialAndSendWithContext(ctx, m)
}
