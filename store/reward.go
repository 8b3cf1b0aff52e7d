package store

import (
	"context"
	"fmt"
	"time"

	"github.com/guanjia/guanjia"
)

// Rewards and redemptions. Stock never goes below zero: taking one is a
// conditional update, and the schema checks it too.

const rewardColumns = "id, name, description, kind, partner, cost, stock, active, created_at, updated_at, version"

func scanReward(s scanner) (*guanjia.Reward, error) {
	w := &guanjia.Reward{}
	err := s.Scan(&w.ID, &w.Name, &w.Description, &w.Kind, &w.Partner, &w.Cost, &w.Stock, &w.Active,
		timeCol{&w.CreatedAt}, timeCol{&w.UpdatedAt}, &w.Version)
	if err != nil {
		return nil, err
	}
	return w, nil
}

// GetReward returns the reward with the given id.
func (r *reader) GetReward(ctx context.Context, id int64) (*guanjia.Reward, error) {
	w, err := one(ctx, r, guanjia.Errorf(guanjia.ENOTFOUND, "Reward %d not found.", id),
		"SELECT "+rewardColumns+" FROM rewards WHERE id = ?", []any{id}, scanReward)
	if err != nil {
		return nil, fmt.Errorf("get reward %d: %w", id, err)
	}
	return w, nil
}

// Rewards returns the catalogue by cost, only active rewards unless all.
func (r *reader) Rewards(ctx context.Context, all bool) ([]*guanjia.Reward, error) {
	query := "SELECT " + rewardColumns + " FROM rewards"
	if !all {
		query += " WHERE active"
	}
	ws, err := list(ctx, r, query+" ORDER BY cost, id", nil, scanReward)
	if err != nil {
		return nil, fmt.Errorf("rewards: %w", err)
	}
	return ws, nil
}

// PutReward inserts w when w.ID is 0 (setting it) and otherwise updates
// it if it is still at w.Version, counting the change in w.Version; a
// reward changed since (a redemption took of its stock) is ECONFLICT.
func (tx *Tx) PutReward(ctx context.Context, w *guanjia.Reward) error {
	if w.CreatedAt.IsZero() {
		w.CreatedAt = tx.now()
	}
	if w.UpdatedAt.IsZero() {
		w.UpdatedAt = w.CreatedAt
	}
	w.CreatedAt, w.UpdatedAt = norm(w.CreatedAt), norm(w.UpdatedAt)
	if w.ID == 0 {
		err := tx.queryRow(ctx, `INSERT INTO rewards (name, description, kind, partner, cost, stock, active,
			created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			w.Name, w.Description, w.Kind, w.Partner, w.Cost, w.Stock, w.Active, w.CreatedAt, w.UpdatedAt).Scan(&w.ID)
		if err != nil {
			return fmt.Errorf("create reward: %w", err)
		}
		w.Version = 1
		return nil
	}
	n, err := tx.affected(ctx, `UPDATE rewards SET name = ?, description = ?, kind = ?, partner = ?, cost = ?,
		stock = ?, active = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
		w.Name, w.Description, w.Kind, w.Partner, w.Cost, w.Stock, w.Active, w.UpdatedAt, w.ID, w.Version)
	if err != nil {
		return fmt.Errorf("update reward %d: %w", w.ID, err)
	} else if n == 0 {
		return guanjia.Errorf(guanjia.ECONFLICT, "The reward has changed since you loaded it. Reload and try again.")
	}
	w.Version++
	return nil
}

// TakeReward takes one of a reward's stock. It reports false, changing
// nothing, when none is left or the reward is withdrawn.
func (tx *Tx) TakeReward(ctx context.Context, id int64) (bool, error) {
	n, err := tx.affected(ctx, "UPDATE rewards SET stock = stock - 1, version = version + 1 WHERE id = ? AND stock > 0 AND active", id)
	if err != nil {
		return false, fmt.Errorf("take reward %d: %w", id, err)
	}
	return n == 1, nil
}

const redemptionColumns = "d.id, d.code, d.reward_id, w.name, w.partner, d.user_id, u.name, d.cost, d.entry_id, " +
	"d.status, d.created_at, d.used_at, d.used_by"

const redemptionFrom = " FROM redemptions d JOIN rewards w ON w.id = d.reward_id JOIN users u ON u.id = d.user_id"

func scanRedemption(s scanner) (*guanjia.Redemption, error) {
	d := &guanjia.Redemption{}
	err := s.Scan(&d.ID, &d.Code, &d.RewardID, &d.RewardName, &d.Partner, &d.UserID, &d.UserName, &d.Cost,
		&d.EntryID, &d.Status, timeCol{&d.CreatedAt}, nullTimeCol{&d.UsedAt}, &d.UsedBy)
	if err != nil {
		return nil, err
	}
	return d, nil
}

// CreateRedemption stores d and sets d.ID. It reports false, writing
// nothing, when d.Code is taken, so the caller can draw another.
func (tx *Tx) CreateRedemption(ctx context.Context, d *guanjia.Redemption) (bool, error) {
	if d.CreatedAt.IsZero() {
		d.CreatedAt = tx.now()
	}
	d.CreatedAt = norm(d.CreatedAt)
	rows, err := tx.query(ctx, `INSERT INTO redemptions (code, reward_id, user_id, cost, entry_id, status, created_at, jurisdiction)
		VALUES (?, ?, ?, ?, ?, ?, ?, `+townOfKeeper+`) ON CONFLICT DO NOTHING RETURNING id`,
		d.Code, d.RewardID, d.UserID, d.Cost, d.EntryID, d.Status, d.CreatedAt, d.UserID)
	if err != nil {
		return false, fmt.Errorf("create redemption: %w", err)
	}
	defer rows.Close()
	if !rows.Next() {
		return false, rows.Err()
	}
	if err := rows.Scan(&d.ID); err != nil {
		return false, fmt.Errorf("create redemption: %w", err)
	}
	return true, rows.Close()
}

// SetRedemptionEntry records the ledger entry that paid for redemption id.
func (tx *Tx) SetRedemptionEntry(ctx context.Context, id, entryID int64) error {
	if _, err := tx.exec(ctx, "UPDATE redemptions SET entry_id = ? WHERE id = ?", entryID, id); err != nil {
		return fmt.Errorf("set redemption %d entry: %w", id, err)
	}
	return nil
}

// GetRedemptionByCode returns the redemption with a receipt code.
func (r *reader) GetRedemptionByCode(ctx context.Context, code string) (*guanjia.Redemption, error) {
	d, err := one(ctx, r, guanjia.Errorf(guanjia.ENOTFOUND, "No receipt %s.", code),
		"SELECT "+redemptionColumns+redemptionFrom+" WHERE d.code = ?", []any{code}, scanRedemption)
	if err != nil {
		return nil, fmt.Errorf("get redemption: %w", err)
	}
	return d, nil
}

// Redemptions returns a person's redemptions, newest first.
func (r *reader) Redemptions(ctx context.Context, userID int64) ([]*guanjia.Redemption, error) {
	ds, err := list(ctx, r, "SELECT "+redemptionColumns+redemptionFrom+" WHERE d.user_id = ? ORDER BY d.id DESC",
		[]any{userID}, scanRedemption)
	if err != nil {
		return nil, fmt.Errorf("redemptions of user %d: %w", userID, err)
	}
	return ds, nil
}

// UseRedemption marks an issued redemption used. It reports false when it
// was used already.
func (tx *Tx) UseRedemption(ctx context.Context, id, by int64, at time.Time) (bool, error) {
	n, err := tx.affected(ctx, "UPDATE redemptions SET status = ?, used_at = ?, used_by = ? WHERE id = ? AND status = ?",
		guanjia.RedemptionUsed, norm(at), by, id, guanjia.RedemptionIssued)
	if err != nil {
		return false, fmt.Errorf("use redemption %d: %w", id, err)
	}
	return n == 1, nil
}
