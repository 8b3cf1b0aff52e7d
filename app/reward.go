package app

import (
	"context"
	"crypto/rand"
	"fmt"
	"strconv"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// Rewards returns the catalogue: what is on offer, or everything for admins.
func (a *App) Rewards(ctx context.Context, actor guanjia.Actor) ([]*guanjia.Reward, error) {
	ws, err := a.db.Rewards(ctx, guanjia.MayKeepRewards(actor))
	if ws == nil && err == nil {
		ws = []*guanjia.Reward{}
	}
	return ws, err
}

// PutReward adds a reward to the catalogue (w.ID 0) or changes one.
func (a *App) PutReward(ctx context.Context, actor guanjia.Actor, w *guanjia.Reward) error {
	if !guanjia.MayKeepRewards(actor) {
		return guanjia.Errorf(guanjia.EFORBIDDEN, "Only administrators keep the rewards catalogue.")
	}
	if err := a.ref.Load().tree.MayEdit(actor, ""); err != nil {
		return err // the catalogue is every town's (docs/county.md)
	}
	if err := w.Validate(); err != nil {
		return err
	}
	if _, ok := a.Unit(w.Partner); w.Partner != "" && !ok {
		return guanjia.FieldErrorf(guanjia.EINVALID, "partner", "There is no unit %q.", w.Partner)
	}
	w.UpdatedAt = a.now()
	return a.db.Tx(ctx, func(tx *store.Tx) error {
		var old *guanjia.Reward
		if w.ID != 0 {
			var err error
			if old, err = tx.GetReward(ctx, w.ID); err != nil {
				return err
			}
			w.CreatedAt = old.CreatedAt
			if w.Version == 0 {
				w.Version = old.Version // no version sent: no check
			}
		} else {
			w.CreatedAt = w.UpdatedAt
		}
		if err := tx.PutReward(ctx, w); err != nil {
			return err
		}
		return a.audit(ctx, tx, actor, guanjia.AuditReward, verb(old != nil), itoa(w.ID), "", old, w)
	})
}

// Redeem spends an approved housekeeper's points on a reward: one of its
// stock is taken, a negative ledger entry and a redemption with a receipt
// code are written, all in one transaction. Too few points or no stock
// left changes nothing.
func (a *App) Redeem(ctx context.Context, actor guanjia.Actor, rewardID int64) (*guanjia.Redemption, error) {
	var d *guanjia.Redemption
	err := a.db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := a.activeHousekeeper(ctx, tx, actor); err != nil {
			return err
		}
		if err := tx.LockPoints(ctx, actor.UserID); err != nil {
			return err
		}
		w, err := tx.GetReward(ctx, rewardID)
		if err != nil {
			return err
		}
		if err := a.canAfford(ctx, tx, actor.UserID, w); err != nil {
			return err
		}
		if ok, err := tx.TakeReward(ctx, w.ID); err != nil {
			return err
		} else if !ok {
			return guanjia.Errorf(guanjia.ECONFLICT, "%s is out of stock.", w.Name)
		}
		d, err = a.issue(ctx, tx, actor, w)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("redeem reward %d: %w", rewardID, err)
	}
	return d, nil
}

func (a *App) canAfford(ctx context.Context, tx *store.Tx, userID int64, w *guanjia.Reward) error {
	if !w.Active {
		return guanjia.Errorf(guanjia.EUNPROCESSABLE, "%s is no longer offered.", w.Name)
	}
	balance, err := tx.PointsBalance(ctx, userID)
	if err != nil {
		return err
	}
	if balance < w.Cost {
		return guanjia.Errorf(guanjia.EUNPROCESSABLE, "You have %d points; %s costs %d.", balance, w.Name, w.Cost)
	}
	return nil
}

// issue writes the redemption with a fresh receipt code and the entry that
// pays for it.
func (a *App) issue(ctx context.Context, tx *store.Tx, actor guanjia.Actor, w *guanjia.Reward) (*guanjia.Redemption, error) {
	now := a.now()
	d := &guanjia.Redemption{RewardID: w.ID, RewardName: w.Name, Partner: w.Partner, UserID: actor.UserID,
		UserName: actor.Name, Cost: w.Cost, Status: guanjia.RedemptionIssued, CreatedAt: now}
	for tries := 0; d.ID == 0; tries++ {
		if tries == 5 {
			return nil, fmt.Errorf("no free receipt code after %d tries", tries)
		}
		d.Code = newReceiptCode()
		if _, err := tx.CreateRedemption(ctx, d); err != nil {
			return nil, err
		}
	}
	e := &guanjia.PointEntry{UserID: actor.UserID, Kind: guanjia.PointsRedeem, SourceType: guanjia.SourceRedemption,
		SourceID: d.ID, Amount: -w.Cost, Reason: "Redeemed " + w.Name + ", receipt " + d.Code,
		ApprovedBy: actor.UserID, Day: guanjia.PointsDay(now), CreatedAt: now}
	if _, err := tx.AddPointEntry(ctx, e); err != nil {
		return nil, err
	}
	d.EntryID = e.ID
	return d, tx.SetRedemptionEntry(ctx, d.ID, e.ID)
}

func newReceiptCode() string {
	b := make([]byte, guanjia.ReceiptLength)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return guanjia.NewReceiptCode(b)
}

// receiptChecks bounds how many receipt codes one person may look up, so
// that codes cannot be guessed.
const receiptChecks = 60

// Receipt returns the redemption with a receipt code, for the partner who
// honours it (or the command center of the housekeeper's town or county)
// to check. Anyone else, and any code that does not exist, gets not
// found.
func (a *App) Receipt(ctx context.Context, actor guanjia.Actor, code string) (*guanjia.Redemption, error) {
	if wait, err := a.limiter.take(ctx, "receipt:"+strconv.FormatInt(actor.UserID, 10), receiptChecks, time.Hour); err != nil {
		return nil, err
	} else if wait > 0 {
		return nil, guanjia.Errorf(guanjia.ERATELIMIT, "Too many receipt checks. Try again later.")
	}
	norm, ok := guanjia.NormalizeReceiptCode(code)
	if !ok {
		return nil, guanjia.Errorf(guanjia.ENOTFOUND, "No receipt %s.", code)
	}
	d, err := a.db.GetRedemptionByCode(ctx, norm)
	if err != nil {
		return nil, err
	}
	if !guanjia.MayUseReceipt(actor, d.Partner) {
		return nil, guanjia.Errorf(guanjia.ENOTFOUND, "No receipt %s.", code)
	}
	if actor.Role == guanjia.RoleDispatcher || actor.Role == guanjia.RoleAdmin {
		// The command center hands over its own town's housekeepers'
		// rewards (the catalogue is the county's).
		u, err := a.db.GetUser(ctx, d.UserID)
		if err != nil {
			return nil, err
		}
		if !a.Reaches(actor.Jurisdiction, u.Jurisdiction) {
			return nil, guanjia.Errorf(guanjia.ENOTFOUND, "No receipt %s.", code)
		}
	}
	return d, nil
}

// UseReceipt marks a receipt used when the partner hands over the reward.
// A receipt used already is a conflict.
func (a *App) UseReceipt(ctx context.Context, actor guanjia.Actor, code string) (*guanjia.Redemption, error) {
	d, err := a.Receipt(ctx, actor, code)
	if err != nil {
		return nil, err
	}
	now := a.now()
	err = a.db.Tx(ctx, func(tx *store.Tx) error {
		if ok, err := tx.UseRedemption(ctx, d.ID, actor.UserID, now); err != nil {
			return err
		} else if !ok {
			return guanjia.Errorf(guanjia.ECONFLICT, "Receipt %s was used already.", d.Code)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("use receipt: %w", err)
	}
	d.Status, d.UsedAt, d.UsedBy = guanjia.RedemptionUsed, &now, actor.UserID
	return d, nil
}

// MyRedemptions returns the caller's receipts, newest first.
func (a *App) MyRedemptions(ctx context.Context, actor guanjia.Actor) ([]*guanjia.Redemption, error) {
	if err := signedIn(actor); err != nil {
		return nil, err
	}
	ds, err := a.db.Redemptions(ctx, actor.UserID)
	if ds == nil && err == nil {
		ds = []*guanjia.Redemption{}
	}
	return ds, err
}
