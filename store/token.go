package store

import (
	"context"
	"fmt"
	"time"

	"github.com/guanjia/guanjia"
)

// Token kinds.
const (
	TokenSession = "session" // a signed-in browser
	TokenAPI     = "api"     // a user's API key
	TokenOpen311 = "open311" // an Open311 client's api_key
)

// Token is a credential: only the SHA-256 of its secret is stored.
type Token struct {
	ID         int64
	Kind       string // "session", "api" or "open311"
	Hash       string // SHA-256 hex of the secret
	UserID     int64  // 0 for open311 client keys
	Name       string
	CreatedAt  time.Time
	ExpiresAt  *time.Time // nil: never
	RevokedAt  *time.Time
	LastUsedAt *time.Time
}

const tokenColumns = "id, kind, hash, COALESCE(user_id, 0), name, created_at, expires_at, revoked_at, last_used_at"

// tokenFields are where tokenColumns scan to.
func tokenFields(t *Token) []any {
	return []any{&t.ID, &t.Kind, &t.Hash, &t.UserID, &t.Name, timeCol{&t.CreatedAt},
		nullTimeCol{&t.ExpiresAt}, nullTimeCol{&t.RevokedAt}, nullTimeCol{&t.LastUsedAt}}
}

func scanToken(s scanner) (*Token, error) {
	t := &Token{}
	err := s.Scan(tokenFields(t)...)
	if err != nil {
		return nil, err
	}
	return t, nil
}

// TokenByHash returns the live token with the given hash at now. A token
// that does not exist, is revoked or has expired is ENOTFOUND.
func (r *reader) TokenByHash(ctx context.Context, hash string, now time.Time) (*Token, error) {
	t, err := one(ctx, r, guanjia.Errorf(guanjia.ENOTFOUND, "Token not found."),
		"SELECT "+tokenColumns+" FROM tokens WHERE hash = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)",
		[]any{hash, now}, scanToken)
	if err != nil {
		return nil, fmt.Errorf("token by hash: %w", err)
	}
	return t, nil
}

var tokenUserQuery = "SELECT t.id, t.kind, t.hash, t.user_id, t.name, t.created_at, t.expires_at, t.revoked_at, t.last_used_at, " +
	qualify("u", userColumns) + " FROM tokens t JOIN users u ON u.id = t.user_id" +
	" WHERE t.hash = ? AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > ?)"

// TokenUser returns the live token with the given hash at now and the
// user it belongs to, in one query: the check that every signed-in request
// makes. A token that does not exist, is revoked, has expired or belongs to
// no user is ENOTFOUND.
func (r *reader) TokenUser(ctx context.Context, hash string, now time.Time) (*Token, *guanjia.User, error) {
	type pair struct {
		t *Token
		u *guanjia.User
	}
	p, err := one(ctx, r, guanjia.Errorf(guanjia.ENOTFOUND, "Token not found."),
		tokenUserQuery,
		[]any{hash, now}, func(s scanner) (pair, error) {
			p := pair{&Token{}, &guanjia.User{}}
			return p, s.Scan(append(tokenFields(p.t), userFields(p.u)...)...)
		})
	if err != nil {
		return nil, nil, fmt.Errorf("token user: %w", err)
	}
	return p.t, p.u, nil
}

// CreateToken stores a token and sets t.ID. CreatedAt is set to the clock's
// time when zero; t's times are normalised.
func (tx *Tx) CreateToken(ctx context.Context, t *Token) error {
	if t.Hash == "" || t.Kind == "" {
		return guanjia.Errorf(guanjia.EINVALID, "A token needs a kind and a hash.")
	}
	if t.CreatedAt.IsZero() {
		t.CreatedAt = tx.now()
	}
	t.CreatedAt = norm(t.CreatedAt)
	t.ExpiresAt, t.RevokedAt, t.LastUsedAt = normp(t.ExpiresAt), normp(t.RevokedAt), normp(t.LastUsedAt)
	err := tx.queryRow(ctx, `INSERT INTO tokens (kind, hash, user_id, name, created_at, expires_at, revoked_at, last_used_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		t.Kind, t.Hash, nullID(t.UserID), t.Name, t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.LastUsedAt).Scan(&t.ID)
	if err != nil {
		return fmt.Errorf("create %s token: %w", t.Kind, err)
	}
	return nil
}

// RevokeToken revokes a token at now; a token revoked before keeps its
// first revocation time.
func (tx *Tx) RevokeToken(ctx context.Context, id int64, now time.Time) error {
	tx.authChanged()
	return tx.touch(ctx, "revoke", "UPDATE tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?", id, now)
}

func (tx *Tx) touch(ctx context.Context, what, query string, id int64, now time.Time) error {
	n, err := tx.affected(ctx, query, now, id)
	if err != nil {
		return fmt.Errorf("%s token %d: %w", what, id, err)
	} else if n == 0 {
		return guanjia.Errorf(guanjia.ENOTFOUND, "Token %d not found.", id)
	}
	return nil
}

// TokensOfKind returns every token of a kind, revoked ones too, newest
// first (the Open311 client keys an administrator keeps).
func (r *reader) TokensOfKind(ctx context.Context, kind string) ([]*Token, error) {
	ts, err := list(ctx, r, "SELECT "+tokenColumns+" FROM tokens WHERE kind = ? ORDER BY id DESC", []any{kind}, scanToken)
	if err != nil {
		return nil, fmt.Errorf("%s tokens: %w", kind, err)
	}
	return ts, nil
}

// GetToken returns a token by id, whatever its state.
func (r *reader) GetToken(ctx context.Context, id int64) (*Token, error) {
	t, err := one(ctx, r, guanjia.Errorf(guanjia.ENOTFOUND, "Token %d not found.", id),
		"SELECT "+tokenColumns+" FROM tokens WHERE id = ?", []any{id}, scanToken)
	if err != nil {
		return nil, fmt.Errorf("get token %d: %w", id, err)
	}
	return t, nil
}

// EndSessions revokes every live session of a user at now (after a new
// password, or when the account is disabled).
func (tx *Tx) EndSessions(ctx context.Context, userID int64, now time.Time) error {
	tx.authChanged()
	_, err := tx.exec(ctx, "UPDATE tokens SET revoked_at = ? WHERE user_id = ? AND kind = ? AND revoked_at IS NULL",
		norm(now), userID, TokenSession)
	if err != nil {
		return fmt.Errorf("end sessions of user %d: %w", userID, err)
	}
	return nil
}
