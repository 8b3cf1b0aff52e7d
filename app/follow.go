package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// Tracked is a report that a browser made without an account and kept:
// its case number and tracking token.
type Tracked struct {
	Number string `json:"number"`
	Token  string `json:"token"`
}

// maxTracked is how many kept reports one call looks at.
const maxTracked = 100

// ClaimReports makes actor, who just signed in, the reporter of the
// reports in list that were made without an account, each proven by its
// tracking token: "my reports" then lists them on any device, and the
// phone that signed in becomes their contact number where they had none.
// Unknown tokens and reports that already belong to an account are passed
// over, so nothing of another person's is taken. It returns how many it
// claimed.
func (a *App) ClaimReports(ctx context.Context, actor guanjia.Actor, list []Tracked) (int, error) {
	if !guanjia.MayClaimReports(actor) {
		return 0, guanjia.Errorf(guanjia.EFORBIDDEN, "Your role may not do this.")
	}
	u, err := a.db.GetUser(ctx, actor.UserID)
	if err != nil {
		return 0, err
	}
	if len(list) > maxTracked {
		list = list[:maxTracked]
	}
	n := 0
	for _, t := range list {
		c, err := a.CaseByTracking(ctx, t.Number, t.Token)
		if err != nil || c.ReporterID != 0 {
			continue
		}
		err = a.db.Tx(ctx, func(tx *store.Tx) error {
			c, err := tx.GetCase(ctx, c.ID)
			if err != nil || c.ReporterID != 0 {
				return err
			}
			dropped, err := tx.LinkFollower(ctx, c.ID, u.ID, c.TrackingHash)
			if err != nil {
				return err
			}
			prev := c.Version
			c.ReporterID, c.Followers, c.Version = u.ID, c.Followers-dropped, c.Version+1
			if c.ReporterPhone == "" {
				c.ReporterPhone = u.Phone
			}
			n++
			return tx.UpdateCase(ctx, c, prev)
		})
		if err != nil {
			return n, fmt.Errorf("claim report %s: %w", t.Number, err)
		}
	}
	return n, nil
}

// Follow makes actor a follower of the case with this number ("I have
// this too"): they are told of its progress, and the case's count of
// followers, shown on its public page, grows by one — in place, without a
// new version, so that staff working the case need not reload for it.
// Following twice is following once. Closed cases are not followed. It
// returns the case in its public view.
func (a *App) Follow(ctx context.Context, actor guanjia.Actor, number string) (*guanjia.Case, error) {
	if !actor.SignedIn() {
		return nil, guanjia.Errorf(guanjia.EFORBIDDEN, "Sign in with your phone number to follow a case.")
	} else if !guanjia.MayFollow(actor) {
		return nil, guanjia.Errorf(guanjia.EFORBIDDEN, "Your role may not do this.")
	}
	c, err := a.CaseByNumber(ctx, actor, strings.ToUpper(strings.TrimSpace(number)))
	if err != nil {
		return nil, err
	}
	if !c.Status.Open() || c.MergedInto != 0 {
		return nil, guanjia.Errorf(guanjia.EUNPROCESSABLE, "Case %s is %s; only open cases can be followed.", c.Number, c.Status)
	}
	var out *guanjia.Case
	err = a.db.Tx(ctx, func(tx *store.Tx) error {
		added, err := tx.AddFollower(ctx, &store.Follower{CaseID: c.ID, UserID: actor.UserID,
			Kind: store.FollowerFollower, CreatedAt: a.now()})
		if err == nil && added {
			err = tx.CountFollower(ctx, c.ID)
		}
		if err != nil {
			return err
		}
		out, err = tx.GetCase(ctx, c.ID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("follow case %s: %w", number, err)
	}
	pub := out.Public()
	return &pub, nil
}

// Follows reports whether actor follows case id, as its reporter or not.
func (a *App) Follows(ctx context.Context, actor guanjia.Actor, id int64) (bool, error) {
	if !actor.SignedIn() {
		return false, nil
	}
	return a.db.Follows(ctx, id, actor.UserID)
}

// FollowedCases returns, in their public view, the cases actor follows
// without having reported them, the newest first: "my reports" lists them.
func (a *App) FollowedCases(ctx context.Context, actor guanjia.Actor) ([]*guanjia.Case, error) {
	if !actor.SignedIn() {
		return nil, nil
	}
	cs, err := a.db.FollowedCases(ctx, actor.UserID, 50)
	if err != nil {
		return nil, err
	}
	for i, c := range cs {
		pub := c.Public()
		cs[i] = &pub
	}
	return cs, nil
}
