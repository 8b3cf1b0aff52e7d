package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/guanjia/guanjia"
)

// What configures notifications: channels, rules, each person's prefs and
// area alerts, and who follows a case.

const channelColumns = "id, kind, name, jurisdiction, unit, url, secret, settings, active, created_at, updated_at, version"

func scanChannel(s scanner) (guanjia.NotifyChannel, error) {
	var ch guanjia.NotifyChannel
	err := s.Scan(&ch.ID, &ch.Kind, &ch.Name, &ch.Jurisdiction, &ch.Unit, &ch.URL, &ch.Secret, jsonCol{&ch.Settings},
		&ch.Active, timeCol{&ch.CreatedAt}, timeCol{&ch.UpdatedAt}, &ch.Version)
	return ch, err
}

// Channels returns every configured channel, by id.
func (r *reader) Channels(ctx context.Context) ([]guanjia.NotifyChannel, error) {
	chs, err := list(ctx, r, "SELECT "+channelColumns+" FROM notify_channels ORDER BY id", nil, scanChannel)
	if err != nil {
		return nil, fmt.Errorf("channels: %w", err)
	}
	return chs, nil
}

// GetChannel returns one channel.
func (r *reader) GetChannel(ctx context.Context, id int64) (*guanjia.NotifyChannel, error) {
	ch, err := one(ctx, r, guanjia.Errorf(guanjia.ENOTFOUND, "Channel %d not found.", id),
		"SELECT "+channelColumns+" FROM notify_channels WHERE id = ?", []any{id}, scanChannel)
	if err != nil {
		return nil, err
	}
	return &ch, nil
}

// PutChannel creates ch (ID 0, and sets it) or replaces it if it is still
// at ch.Version, counting the change in ch.Version; a channel changed
// since is ECONFLICT.
func (tx *Tx) PutChannel(ctx context.Context, ch *guanjia.NotifyChannel) error {
	now := norm(tx.now())
	if ch.CreatedAt.IsZero() {
		ch.CreatedAt = now
	}
	ch.CreatedAt, ch.UpdatedAt = norm(ch.CreatedAt), now
	settings, err := jsonArg(ch.Settings)
	if err != nil {
		return err
	}
	if ch.ID == 0 {
		ch.Version = 0 // counted to 1 below
		ch.ID, err = tx.insert(ctx, `INSERT INTO notify_channels (kind, name, jurisdiction, unit, url, secret, settings,
			active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			ch.Kind, ch.Name, ch.Jurisdiction, ch.Unit, ch.URL, ch.Secret, settings, ch.Active, ch.CreatedAt, ch.UpdatedAt)
	} else {
		var n int64
		n, err = tx.affected(ctx, `UPDATE notify_channels SET kind = ?, name = ?, jurisdiction = ?, unit = ?, url = ?,
			secret = ?, settings = ?, active = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			ch.Kind, ch.Name, ch.Jurisdiction, ch.Unit, ch.URL, ch.Secret, settings, ch.Active, ch.UpdatedAt, ch.ID, ch.Version)
		if err == nil && n == 0 {
			return guanjia.Errorf(guanjia.ECONFLICT, "The channel has changed since you loaded it. Reload and try again.")
		}
	}
	if err != nil {
		return fmt.Errorf("put channel %q: %w", ch.Name, err)
	}
	ch.Version++
	return nil
}

// DeleteChannel removes a channel. Its log stays.
func (tx *Tx) DeleteChannel(ctx context.Context, id int64) error {
	n, err := tx.affected(ctx, "DELETE FROM notify_channels WHERE id = ?", id)
	if err != nil {
		return fmt.Errorf("delete channel %d: %w", id, err)
	} else if n == 0 {
		return guanjia.Errorf(guanjia.ENOTFOUND, "Channel %d not found.", id)
	}
	return nil
}

// NotifyRules returns the administrators' rules.
func (r *reader) NotifyRules(ctx context.Context) ([]guanjia.NotifyRule, error) {
	rs, err := list(ctx, r, "SELECT event, audience, unit, enabled FROM notify_rules ORDER BY unit, event, audience", nil,
		func(s scanner) (guanjia.NotifyRule, error) {
			var x guanjia.NotifyRule
			err := s.Scan(&x.Event, &x.Audience, &x.Unit, &x.Enabled)
			return x, err
		})
	if err != nil {
		return nil, fmt.Errorf("notify rules: %w", err)
	}
	return rs, nil
}

// PutNotifyRule sets one rule.
func (tx *Tx) PutNotifyRule(ctx context.Context, x guanjia.NotifyRule) error {
	_, err := tx.exec(ctx, `INSERT INTO notify_rules (event, audience, unit, enabled) VALUES (?, ?, ?, ?)
		ON CONFLICT (event, audience, unit) DO UPDATE SET enabled = excluded.enabled`, x.Event, x.Audience, x.Unit, x.Enabled)
	if err != nil {
		return fmt.Errorf("put notify rule: %w", err)
	}
	return nil
}

// NotifyPrefs returns a person's prefs; the defaults when they set none.
func (r *reader) NotifyPrefs(ctx context.Context, userID int64) (guanjia.NotifyPrefs, error) {
	p := guanjia.NotifyPrefs{UserID: userID, Via: "auto", Quiet: guanjia.DefaultQuietHours, Lang: "zh"}
	got, err := one(ctx, r, nil, "SELECT via, quiet_start, quiet_end, lang FROM notify_prefs WHERE user_id = ?", []any{userID},
		func(s scanner) (guanjia.NotifyPrefs, error) {
			q := p
			err := s.Scan(&q.Via, &q.Quiet.Start, &q.Quiet.End, &q.Lang)
			return q, err
		})
	if err != nil {
		return p, fmt.Errorf("notify prefs of %d: %w", userID, err)
	}
	if got.UserID == 0 {
		return p, nil
	}
	return got, nil
}

// PutNotifyPrefs sets a person's prefs.
func (tx *Tx) PutNotifyPrefs(ctx context.Context, p guanjia.NotifyPrefs) error {
	_, err := tx.exec(ctx, `INSERT INTO notify_prefs (user_id, via, quiet_start, quiet_end, lang) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET via = excluded.via, quiet_start = excluded.quiet_start,
		quiet_end = excluded.quiet_end, lang = excluded.lang`, p.UserID, p.Via, p.Quiet.Start, p.Quiet.End, p.Lang)
	if err != nil {
		return fmt.Errorf("put notify prefs of %d: %w", p.UserID, err)
	}
	return nil
}

const alertColumns = "id, user_id, village, grid, categories, created_at"

func scanAlert(s scanner) (guanjia.AreaAlert, error) {
	var al guanjia.AreaAlert
	var cats string
	err := s.Scan(&al.ID, &al.UserID, &al.Village, &al.Grid, &cats, timeCol{&al.CreatedAt})
	if cats != "" {
		al.Categories = strings.Split(cats, ",")
	}
	return al, err
}

// AreaAlerts returns a person's alerts, by id.
func (r *reader) AreaAlerts(ctx context.Context, userID int64) ([]guanjia.AreaAlert, error) {
	als, err := list(ctx, r, "SELECT "+alertColumns+" FROM area_alerts WHERE user_id = ? ORDER BY id", []any{userID}, scanAlert)
	if err != nil {
		return nil, fmt.Errorf("area alerts: %w", err)
	}
	return als, nil
}

// AreaAlertsAt returns, in one query, the alerts of everyone's areas that
// are one of villages or grids, by id.
func (r *reader) AreaAlertsAt(ctx context.Context, villages, grids []string) ([]guanjia.AreaAlert, error) {
	if len(villages)+len(grids) == 0 {
		return nil, nil
	}
	inVillage, vs := inList(r.d, "village", villages)
	inGrid, gs := inList(r.d, "grid", grids)
	als, err := list(ctx, r, "SELECT "+alertColumns+" FROM area_alerts WHERE ("+inVillage+" AND village <> '') OR ("+
		inGrid+" AND grid <> '') ORDER BY id", []any{vs, gs}, scanAlert)
	if err != nil {
		return nil, fmt.Errorf("area alerts: %w", err)
	}
	return als, nil
}

// AddAreaAlert stores al and sets its ID.
func (tx *Tx) AddAreaAlert(ctx context.Context, al *guanjia.AreaAlert) error {
	if al.CreatedAt.IsZero() {
		al.CreatedAt = tx.now()
	}
	al.CreatedAt = norm(al.CreatedAt)
	var err error
	al.ID, err = tx.insert(ctx, `INSERT INTO area_alerts (user_id, village, grid, categories, created_at) VALUES (?, ?, ?, ?, ?)`,
		al.UserID, al.Village, al.Grid, strings.Join(al.Categories, ","), al.CreatedAt)
	if err != nil {
		return fmt.Errorf("add area alert: %w", err)
	}
	return nil
}

// DeleteAreaAlert removes a person's alert; another's is not found.
func (tx *Tx) DeleteAreaAlert(ctx context.Context, userID, id int64) error {
	n, err := tx.affected(ctx, "DELETE FROM area_alerts WHERE id = ? AND user_id = ?", id, userID)
	if err != nil {
		return fmt.Errorf("delete area alert %d: %w", id, err)
	} else if n == 0 {
		return guanjia.Errorf(guanjia.ENOTFOUND, "Alert %d not found.", id)
	}
	return nil
}

// FollowerUsers returns the accounts that follow a case, of a kind
// (FollowerReporter or FollowerFollower).
func (r *reader) FollowerUsers(ctx context.Context, caseID int64, kind string) ([]int64, error) {
	ids, err := list(ctx, r, "SELECT user_id FROM followers WHERE case_id = ? AND kind = ? AND user_id <> 0 ORDER BY user_id",
		[]any{caseID, kind}, func(s scanner) (int64, error) {
			var id int64
			err := s.Scan(&id)
			return id, err
		})
	if err != nil {
		return nil, fmt.Errorf("followers of case %d: %w", caseID, err)
	}
	return ids, nil
}
