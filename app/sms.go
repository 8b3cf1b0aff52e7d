package app

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/guanjia/guanjia"
)

// SMSSender sends a text message to a mainland mobile number (11 digits).
// key is a message key of the i18n catalogue (its English format) and args
// its arguments; the sender renders it in lang ("zh" or "en", as i18n), or maps
// the key to its gateway's template. Options.SMS sets one; without it the
// app keeps texts in memory and logs them (SMSMemory).
type SMSSender interface {
	SendSMS(ctx context.Context, phone, lang, key string, args ...any) error
}

// Text is a text message as SMSMemory kept it.
type Text struct {
	At    time.Time
	Phone string
	Lang  string
	Key   string
	Args  []any
}

// smsKept is how many texts SMSMemory keeps.
const smsKept = 50

// SMSMemory is the SMSSender of an installation without an SMS gateway,
// and of tests: it logs each text and keeps the last ones in memory, for
// the demo's administrators to read on /admin/texts (and tests to read
// the codes from). It sends nothing.
type SMSMemory struct {
	log *slog.Logger
	now func() time.Time

	mu    sync.Mutex
	texts []Text
}

// NewSMSMemory returns an SMSMemory that logs to log.
func NewSMSMemory(log *slog.Logger, now func() time.Time) *SMSMemory {
	return &SMSMemory{log: log, now: now}
}

// SendSMS logs the text, in English, and keeps it.
func (m *SMSMemory) SendSMS(ctx context.Context, phone, lang, key string, args ...any) error {
	m.log.InfoContext(ctx, "text message (no SMS gateway configured)", "phone", guanjia.MaskPhone(phone),
		"lang", lang, "text", fmt.Sprintf(key, args...))
	m.mu.Lock()
	defer m.mu.Unlock()
	m.texts = append(m.texts, Text{At: m.now(), Phone: phone, Lang: lang, Key: key, Args: slices.Clone(args)})
	if len(m.texts) > smsKept {
		m.texts = slices.Clone(m.texts[len(m.texts)-smsKept:])
	}
	return nil
}

// Texts returns the texts kept, newest first.
func (m *SMSMemory) Texts() []Text {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := slices.Clone(m.texts)
	slices.Reverse(out)
	return out
}

// Texts returns the text messages the app kept for want of an SMS gateway,
// newest first: administrators only (they hold residents' numbers and
// sign-in codes), and in a county not a town's (guanjia.Tree.SeesLog:
// texts have no town). With a gateway configured there are none.
func (a *App) Texts(actor guanjia.Actor) ([]Text, error) {
	if !guanjia.AdminRoles.Allows(actor.Role) {
		return nil, guanjia.Errorf(guanjia.EFORBIDDEN, "Your role may not do this.")
	}
	if m, ok := a.sms.(*SMSMemory); ok && a.ref.Load().tree.SeesLog(actor, "") {
		return m.Texts(), nil
	}
	return nil, nil // none kept, or none a town's staff may see (texts have no town)
}

// KeepsTexts reports whether the app keeps its texts in memory (SMSMemory)
// for want of another SMSSender.
func (a *App) KeepsTexts() bool {
	_, ok := a.sms.(*SMSMemory)
	return ok
}

// UseSMS makes s the app's SMSSender in place of Options.SMS, for a sender
// built on the app itself (the notifications' SMS channel). Call it before
// the app serves.
func (a *App) UseSMS(s SMSSender) {
	if s != nil {
		a.sms = s
	}
}
