package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
)

// Secret returns the installation's secret called name: 32 random bytes,
// made the first time any instance asks for it and kept in the database,
// so that every instance sharing the database, and every restart, uses
// the same.
func (db *DB) Secret(ctx context.Context, name string) ([]byte, error) {
	fresh := make([]byte, 32)
	rand.Read(fresh) // never fails on supported platforms
	var value string
	err := db.Tx(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, "INSERT INTO secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
			name, hex.EncodeToString(fresh))
		if err != nil {
			return err
		}
		return tx.queryRow(ctx, "SELECT value FROM secrets WHERE name = ?", name).Scan(&value)
	})
	if err != nil {
		return nil, fmt.Errorf("secret %s: %w", name, err)
	}
	b, err := hex.DecodeString(value)
	if err != nil || len(b) < 16 {
		return nil, fmt.Errorf("secret %s: stored value is not hex of at least 16 bytes", name)
	}
	return b, nil
}
