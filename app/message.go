package app

import (
	"context"

	"github.com/guanjia/guanjia"
)

// Messages returns up to limit committed outbox messages after afterID,
// oldest first: what a live subscriber missed. App is a live.Source.
func (a *App) Messages(ctx context.Context, afterID int64, limit int) ([]guanjia.Message, error) {
	return a.db.Messages(ctx, afterID, limit)
}

// LastMessageID returns the id of the newest committed outbox message, 0
// when there is none.
func (a *App) LastMessageID(ctx context.Context) (int64, error) {
	return a.db.LastMessageID(ctx)
}

// ListenOutbox wakes the caller when any instance sharing the database
// commits outbox messages (PostgreSQL LISTEN/NOTIFY; see
// store.DB.ListenOutbox), which makes App a live.Listener too. On SQLite it
// returns errors.ErrUnsupported.
func (a *App) ListenOutbox(ctx context.Context, wake func()) error {
	return a.db.ListenOutbox(ctx, wake)
}
