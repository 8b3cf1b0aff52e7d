package app

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/big"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// Residents sign in with their phone number and a one-time code sent by
// text message; there is no password to forget.
const (
	CodeTTL         = 5 * time.Minute // how long a code may be used
	codeTries       = 5               // wrong codes that use a code up
	codeGap         = time.Minute     // the least time between two codes to one phone
	codesPerPhone   = 5               // codes to one phone in codePeriod
	codesPerAddress = 20              // codes asked for from one address in codePeriod
	codesInAll      = 1000            // codes sent in codePeriod (by all the instances on one PostgreSQL), against a bill run up from many addresses
	codePeriod      = time.Hour
)

// CodeText is the text message that carries a sign-in code: its i18n key,
// whose arguments are the code and the minutes it is valid.
const CodeText = "Your Guanjia sign-in code is %s, valid for %d minutes. Do not tell it to anyone."

// initResidents sets the SMS sender and reads the secrets that codes and
// confirmation links are signed with.
func (a *App) initResidents(ctx context.Context) error {
	a.sms = a.opts.SMS
	if a.sms == nil {
		a.sms = NewSMSMemory(a.log, a.now)
	}
	var err error
	if a.codeKey, err = a.db.Secret(ctx, "phone_code"); err != nil {
		return err
	}
	a.confirmKey, err = a.db.Secret(ctx, "confirm")
	return err
}

// SendCode sends a sign-in code to phone (as typed) by text message, in
// lang, and returns the number as read. It answers the same whether or not
// the number has an account: the account is made when the code is used.
// client is the caller's address: codes are limited per address and per
// phone, and one phone gets at most one a minute.
func (a *App) SendCode(ctx context.Context, phone, lang, client string) (string, error) {
	phone, err := guanjia.ParsePhone(phone)
	if err != nil {
		return "", err
	}
	for _, l := range []struct {
		key    string
		max    int
		period time.Duration
		format string
	}{
		{"code-addr:" + client, codesPerAddress, codePeriod, "Too many codes asked for from here. Try again in %d minutes."},
		{"code-gap:" + phone, 1, codeGap, "A code was sent to this number just now. Wait %d seconds before asking again."},
		{"code-phone:" + phone, codesPerPhone, codePeriod, "Too many codes sent to this number. Try again in %d minutes."},
		{"code-all", codesInAll, codePeriod, "Too many codes are being asked for just now. Try again in %d minutes."},
	} {
		wait, err := a.limiter.take(ctx, l.key, l.max, l.period)
		if err != nil {
			return "", err
		}
		if wait > 0 {
			n := int((wait + time.Minute - 1) / time.Minute)
			if l.period == codeGap {
				n = int((wait + time.Second - 1) / time.Second)
			}
			e := guanjia.Errorf(guanjia.ERATELIMIT, l.format, n)
			e.RetryAfter = wait
			return "", e
		}
	}
	code := newCode()
	now := a.now()
	err = a.db.Tx(ctx, func(tx *store.Tx) error {
		return tx.PutPhoneCode(ctx, phone, a.codeHash(phone, code), now, now.Add(CodeTTL))
	})
	if err != nil {
		return "", err
	}
	if err := a.sms.SendSMS(ctx, phone, lang, CodeText, code, int(CodeTTL/time.Minute)); err != nil {
		a.log.Warn("send sign-in code", "phone", guanjia.MaskPhone(phone), "err", err)
		return "", guanjia.Errorf(guanjia.EUNAVAILABLE, "The text message could not be sent. Try again in a minute.")
	}
	return phone, nil
}

// PhoneSignIn checks the code sent to phone and starts a session for the
// phone's resident account, made now if it has none. A code works once,
// for CodeTTL, and not after codeTries wrong tries; wrong codes also slow
// that phone from that address, as wrong passwords do. It returns the
// session token and the account.
func (a *App) PhoneSignIn(ctx context.Context, phone, code, client string) (string, *guanjia.User, error) {
	phone, err := guanjia.ParsePhone(phone)
	if err != nil {
		return "", nil, err
	}
	if !validCodeForm(code) {
		return "", nil, guanjia.FieldErrorf(guanjia.EINVALID, "code", "The code is the 6 digits in the text message.")
	}
	guard := "phone:" + phone
	now := a.now()
	if err := a.loginWait(ctx, guard, client, now); err != nil {
		return "", nil, err
	}
	var ok, last bool
	err = a.db.Tx(ctx, func(tx *store.Tx) error {
		pc, err := tx.TakePhoneTry(ctx, phone, codeTries)
		if guanjia.ErrorCode(err) == guanjia.ENOTFOUND {
			return nil
		} else if err != nil {
			return err
		}
		ok = now.Before(pc.ExpiresAt) && equalHash(pc.Hash, a.codeHash(phone, code))
		last = pc.Tries >= codeTries
		if ok || !now.Before(pc.ExpiresAt) {
			return tx.DeletePhoneCode(ctx, phone)
		}
		return nil
	})
	if err != nil {
		return "", nil, err
	}
	if !ok {
		refused := guanjia.FieldErrorf(guanjia.EUNAUTHORIZED, "code", "The code is wrong or has expired. Check it, or ask for a new one.")
		if last {
			refused = guanjia.FieldErrorf(guanjia.EUNAUTHORIZED, "code", "Too many wrong codes: this one no longer works. Ask for a new one.")
		}
		return "", nil, a.loginFailed(ctx, guard, client, now, refused)
	}
	if err := a.logins.succeed(ctx, guard, client); err != nil {
		return "", nil, err
	}
	u, err := a.residentByPhone(ctx, phone)
	if err != nil {
		return "", nil, err
	}
	token, err := a.createToken(ctx, "session", u.ID, "phone", SessionTTL)
	if err != nil {
		return "", nil, err
	}
	return token, u, nil
}

// residentByPhone returns the account of the resident with this phone,
// making it the first time: a resident, with no password, named by the
// masked number. An account that a phone signs in to is never staff's:
// staff sign in with a password.
func (a *App) residentByPhone(ctx context.Context, phone string) (*guanjia.User, error) {
	username := "phone-" + phone
	u, err := a.db.GetUserByUsername(ctx, username)
	if guanjia.ErrorCode(err) == guanjia.ENOTFOUND {
		u = &guanjia.User{Username: username, Name: guanjia.MaskPhone(phone), Phone: phone,
			Role: guanjia.RoleResident, Jurisdiction: a.ref.Load().home, CreatedAt: a.now()}
		err = a.db.Tx(ctx, func(tx *store.Tx) error { return tx.CreateUser(ctx, u) })
		if guanjia.ErrorCode(err) == guanjia.ECONFLICT { // made at the same moment
			u, err = a.db.GetUserByUsername(ctx, username)
		}
	}
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, guanjia.Errorf(guanjia.EUNAUTHORIZED, "This account is disabled.")
	}
	if u.Role.IsStaff() {
		return nil, guanjia.Errorf(guanjia.EUNAUTHORIZED, "Staff sign in with their username and password.")
	}
	return u, nil
}

// codeHash is what is kept of a code: an HMAC of the phone and the code
// under the installation's secret, so that a copy of the database does
// not give the codes away by trying the million of them.
func (a *App) codeHash(phone, code string) string {
	m := hmac.New(sha256.New, a.codeKey)
	m.Write([]byte("guanjia sign-in code\x00" + phone + "\x00" + code))
	return hex.EncodeToString(m.Sum(nil))
}

// newCode returns 6 random digits.
func newCode() string {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return fmt.Sprintf("%06d", n.Int64())
}

// validCodeForm reports whether s is 6 ASCII digits.
func validCodeForm(s string) bool {
	if len(s) != 6 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
