package app

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"fmt"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// A confirmation link lets the reporter of a resolved case confirm the fix
// (and rate it) or say it is not fixed, without signing in: the resolution
// text message carries it. Its token names the case and the resolution it
// was made for, and when it expires, signed with an HMAC under the
// installation's secret "confirm". It works once (used_links), for that
// resolution only, until the case would close by itself.
const (
	confirmVersion = 1
	confirmBody    = 1 + 8 + 8 + 8 // version, case id, resolved at, expires at
	confirmMAC     = 16
	// ConfirmPath is where confirmation links lead, followed by the token.
	ConfirmPath = "/confirm/"
)

var confirmEncoding = base64.RawURLEncoding.Strict()

// confirmClaim is what a confirmation link's token says.
type confirmClaim struct {
	CaseID   int64
	Resolved int64 // the case's resolved_at, Unix microseconds
	Expires  int64 // Unix seconds
}

// encode returns the claim's token, signed with key.
func (c confirmClaim) encode(key []byte) string {
	b := make([]byte, confirmBody, confirmBody+confirmMAC)
	b[0] = confirmVersion
	binary.BigEndian.PutUint64(b[1:], uint64(c.CaseID))
	binary.BigEndian.PutUint64(b[9:], uint64(c.Resolved))
	binary.BigEndian.PutUint64(b[17:], uint64(c.Expires))
	return confirmEncoding.EncodeToString(append(b, confirmSign(key, b)...))
}

func confirmSign(key, body []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("guanjia confirm link\x00"))
	m.Write(body)
	return m.Sum(nil)[:confirmMAC]
}

// errBadLink answers a link that is not one of ours: mistyped, cut short
// or tampered with.
func errBadLink() error {
	return guanjia.Errorf(guanjia.ENOTFOUND, "This link is not valid. Check that it was copied whole.")
}

// parseConfirmToken reads and checks a confirmation link's token. Any
// token it did not sign is ENOTFOUND; expiry is the caller's to check.
func parseConfirmToken(key []byte, s string) (confirmClaim, error) {
	if len(s) != confirmEncoding.EncodedLen(confirmBody+confirmMAC) {
		return confirmClaim{}, errBadLink()
	}
	b, err := confirmEncoding.DecodeString(s)
	if err != nil || len(b) != confirmBody+confirmMAC || b[0] != confirmVersion {
		return confirmClaim{}, errBadLink()
	}
	if !hmac.Equal(b[confirmBody:], confirmSign(key, b[:confirmBody])) {
		return confirmClaim{}, errBadLink()
	}
	c := confirmClaim{CaseID: int64(binary.BigEndian.Uint64(b[1:])), Resolved: int64(binary.BigEndian.Uint64(b[9:])),
		Expires: int64(binary.BigEndian.Uint64(b[17:]))}
	if c.CaseID <= 0 {
		return confirmClaim{}, errBadLink()
	}
	return c, nil
}

// ConfirmLink returns the path of the confirmation link of a resolved case
// (ConfirmPath and a token), for the message that tells its reporter of
// the resolution; the sender puts the site's address before it. It is the
// system's: no edge calls it. A case that is not resolved has none
// (EUNPROCESSABLE).
func (a *App) ConfirmLink(ctx context.Context, caseID int64) (string, error) {
	c, err := a.db.GetCase(ctx, caseID)
	if err != nil {
		return "", err
	}
	if c.Status != guanjia.StatusResolved || c.ResolvedAt == nil {
		return "", guanjia.Errorf(guanjia.EUNPROCESSABLE, "Case %s is not resolved; there is nothing to confirm.", c.Number)
	}
	claim := confirmClaim{CaseID: c.ID, Resolved: c.ResolvedAt.UnixMicro(),
		Expires: c.ResolvedAt.Add(a.opts.AutoCloseAfter).Unix()}
	return ConfirmPath + claim.encode(a.confirmKey), nil
}

// ConfirmCase returns, in its public view, the case a confirmation link
// is for, while the link may still be used: ENOTFOUND for a link that is
// not ours, EGONE for one used, expired, or for a resolution since undone.
func (a *App) ConfirmCase(ctx context.Context, token string) (*guanjia.Case, error) {
	claim, err := parseConfirmToken(a.confirmKey, token)
	if err != nil {
		return nil, err
	}
	if used, err := a.db.LinkUsed(ctx, HashSecret(token)); err != nil {
		return nil, err
	} else if used {
		return nil, errLinkUsed()
	}
	c, err := a.checkClaim(ctx, a.db, claim)
	if err != nil {
		return nil, err
	}
	pub := c.Public()
	return &pub, nil
}

// ConfirmByLink answers a confirmation link: the reporter's verify (fixed
// with a satisfaction score, or not fixed), taken as the case's reporter.
// The link is used up in the same transaction, so a second answer, or
// two at once, find it used (EGONE); an answer the lifecycle refuses
// (no score) leaves it unused. It returns the case in its public view.
func (a *App) ConfirmByLink(ctx context.Context, token string, cmd guanjia.Command) (*guanjia.Case, error) {
	cmd.Action = guanjia.ActionVerify
	reporter := guanjia.Actor{Role: guanjia.RoleAnonymous, Tracking: true}
	var out *guanjia.Case
	err := a.db.Tx(ctx, func(tx *store.Tx) error {
		claim, err := parseConfirmToken(a.confirmKey, token)
		if err != nil {
			return err
		}
		if fresh, err := tx.UseLink(ctx, HashSecret(token), claim.CaseID, a.now()); err != nil {
			return err
		} else if !fresh {
			return errLinkUsed()
		}
		if _, err := a.checkClaim(ctx, tx, claim); err != nil {
			return err
		}
		out, err = a.actIn(ctx, tx, reporter, claim.CaseID, cmd)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("confirm by link: %w", err)
	}
	a.notifyChanged()
	pub := out.Public()
	return &pub, nil
}

func errLinkUsed() error {
	return guanjia.Errorf(guanjia.EGONE, "This link was used already: the answer was recorded. Thank you.")
}

// checkClaim checks a signed claim's expiry, and that its case is still
// resolved by the resolution it was made for; it returns the case.
func (a *App) checkClaim(ctx context.Context, r caseGetter, claim confirmClaim) (*guanjia.Case, error) {
	if a.now().Unix() >= claim.Expires {
		return nil, guanjia.Errorf(guanjia.EGONE, "This link has expired. You can still follow the case by its number.")
	}
	c, err := r.GetCase(ctx, claim.CaseID)
	if guanjia.ErrorCode(err) == guanjia.ENOTFOUND {
		return nil, errBadLink()
	} else if err != nil {
		return nil, err
	}
	if c.Status != guanjia.StatusResolved || c.ResolvedAt == nil || c.ResolvedAt.UnixMicro() != claim.Resolved {
		return nil, guanjia.Errorf(guanjia.EGONE, "Case %s has moved on since this link was sent: it is %s now.", c.Number, c.Status)
	}
	return c, nil
}
