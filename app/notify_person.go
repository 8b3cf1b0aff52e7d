package app

import (
	"context"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// Each person's own notification settings: how they are reached, quiet
// hours, language, and the areas whose new cases they hear of.

// MyNotifyPrefs returns actor's notification prefs.
func (a *App) MyNotifyPrefs(ctx context.Context, actor guanjia.Actor) (guanjia.NotifyPrefs, error) {
	if err := signedIn(actor); err != nil {
		return guanjia.NotifyPrefs{}, err
	}
	return a.db.NotifyPrefs(ctx, actor.UserID)
}

// SetMyNotifyPrefs sets actor's notification prefs.
func (a *App) SetMyNotifyPrefs(ctx context.Context, actor guanjia.Actor, p guanjia.NotifyPrefs) (guanjia.NotifyPrefs, error) {
	if err := signedIn(actor); err != nil {
		return p, err
	}
	p.UserID = actor.UserID
	if err := p.Check(); err != nil {
		return p, err
	}
	return p, a.db.Tx(ctx, func(tx *store.Tx) error { return tx.PutNotifyPrefs(ctx, p) })
}

// MyAreaAlerts returns actor's area alerts.
func (a *App) MyAreaAlerts(ctx context.Context, actor guanjia.Actor) ([]guanjia.AreaAlert, error) {
	if err := signedIn(actor); err != nil {
		return nil, err
	}
	return a.db.AreaAlerts(ctx, actor.UserID)
}

// maxAreaAlerts is how many alerts one person may keep.
const maxAreaAlerts = 20

// AddAreaAlert subscribes actor to new cases in a village or grid, of some
// categories or of all.
func (a *App) AddAreaAlert(ctx context.Context, actor guanjia.Actor, al guanjia.AreaAlert) (*guanjia.AreaAlert, error) {
	if err := signedIn(actor); err != nil {
		return nil, err
	}
	if err := guanjia.CheckTexts("village", al.Village, "grid", al.Grid); err != nil {
		return nil, err
	}
	ref := a.ref.Load()
	switch {
	case al.Village == "" && al.Grid == "":
		return nil, guanjia.FieldErrorf(guanjia.EINVALID, "village", "Choose a village or a grid.")
	case al.Village != "" && ref.villages[al.Village] == nil:
		return nil, guanjia.FieldErrorf(guanjia.EINVALID, "village", "There is no village %q.", al.Village)
	}
	if _, ok := a.grid(al.Grid); al.Grid != "" && !ok {
		return nil, guanjia.FieldErrorf(guanjia.EINVALID, "grid", "There is no grid %q.", al.Grid)
	}
	for _, c := range al.Categories {
		if ref.categories[c] == nil {
			return nil, guanjia.FieldErrorf(guanjia.EINVALID, "categories", "There is no category %q.", c)
		}
	}
	al.ID, al.UserID, al.CreatedAt = 0, actor.UserID, a.now()
	err := a.db.Tx(ctx, func(tx *store.Tx) error {
		have, err := tx.AreaAlerts(ctx, actor.UserID)
		if err != nil {
			return err
		}
		if len(have) >= maxAreaAlerts {
			return guanjia.Errorf(guanjia.ECONFLICT, "You follow %d areas already; remove one first.", maxAreaAlerts)
		}
		return tx.AddAreaAlert(ctx, &al)
	})
	if err != nil {
		return nil, err
	}
	return &al, nil
}

// DeleteAreaAlert removes one of actor's alerts; another's is not found.
func (a *App) DeleteAreaAlert(ctx context.Context, actor guanjia.Actor, id int64) error {
	if err := signedIn(actor); err != nil {
		return err
	}
	return a.db.Tx(ctx, func(tx *store.Tx) error { return tx.DeleteAreaAlert(ctx, actor.UserID, id) })
}
