package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// Limits on abuse.
const (
	SessionTTL       = 30 * 24 * time.Hour
	open311PerMinute = 600 // per api_key, unless Options say otherwise
)

// Login checks a username and password and starts a session. client
// identifies the caller (an IP address) for rate limiting: failures slow
// that account from that address, and that address, never the account
// from everywhere (see loginGuard). It returns the session token, to be
// sent as a cookie or a bearer token.
func (a *App) Login(ctx context.Context, username, password, client string) (string, *guanjia.User, error) {
	username = strings.TrimSpace(username)
	if err := guanjia.CheckText("username", username); err != nil {
		return "", nil, err
	}
	if err := a.loginWait(ctx, username, client, a.now()); err != nil {
		return "", nil, err
	}
	u, err := a.db.GetUserByUsername(ctx, username)
	if guanjia.ErrorCode(err) == guanjia.ENOTFOUND {
		CheckPassword(dummyHash, password)
		return "", nil, a.loginFailed(ctx, username, client, a.now(), guanjia.Errorf(guanjia.EUNAUTHORIZED, "Wrong username or password."))
	} else if err != nil {
		return "", nil, err
	}
	if !CheckPassword(u.PasswordHash, password) || u.Disabled {
		return "", nil, a.loginFailed(ctx, username, client, a.now(), guanjia.Errorf(guanjia.EUNAUTHORIZED, "Wrong username or password."))
	}
	if err := a.logins.succeed(ctx, username, client); err != nil {
		return "", nil, err
	}
	token, err := a.createToken(ctx, "session", u.ID, "login", SessionTTL)
	if err != nil {
		return "", nil, err
	}
	return token, u, nil
}

// loginWait refuses a sign-in to username (or a phone's guard) from
// client while its failures make it wait.
func (a *App) loginWait(ctx context.Context, username, client string, now time.Time) error {
	wait, err := a.logins.wait(ctx, username, client, now)
	if err != nil || wait <= 0 {
		return err
	}
	secs := int((wait + time.Second - 1) / time.Second)
	e := guanjia.Errorf(guanjia.ERATELIMIT, "Too many failed sign-ins from here. Try again in %d seconds.", secs)
	e.RetryAfter = time.Duration(secs) * time.Second
	return e
}

// loginFailed counts a failed sign-in and returns refused, or the error
// that kept it from being counted.
func (a *App) loginFailed(ctx context.Context, username, client string, now time.Time, refused error) error {
	if err := a.logins.fail(ctx, username, client, now); err != nil {
		return err
	}
	return refused
}

// Logout revokes a session token.
func (a *App) Logout(ctx context.Context, token string) error {
	t, err := a.db.TokenByHash(ctx, HashSecret(token), a.now())
	if err != nil {
		return nil
	}
	return a.db.Tx(ctx, func(tx *store.Tx) error { return tx.RevokeToken(ctx, t.ID, a.now()) })
}

// Authenticate returns the user a session or API token belongs to;
// EUNAUTHORIZED when it is unknown, expired or revoked.
func (a *App) Authenticate(ctx context.Context, token string) (*guanjia.User, error) {
	if token == "" {
		return nil, guanjia.Errorf(guanjia.EUNAUTHORIZED, "Sign in first.")
	}
	t, u, err := a.sessions.tokenUser(ctx, a.db, HashSecret(token), a.now())
	if guanjia.ErrorCode(err) == guanjia.ENOTFOUND || (err == nil && t.Kind == "open311") {
		return nil, guanjia.Errorf(guanjia.EUNAUTHORIZED, "Your session has expired or the token is not valid. Sign in again.")
	} else if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, guanjia.Errorf(guanjia.EUNAUTHORIZED, "This account is disabled.")
	}
	return u, nil
}

// CreateUser adds an account with a password (the command line, as the
// system).
func (a *App) CreateUser(ctx context.Context, u *guanjia.User, password string) error {
	return a.createUser(ctx, guanjia.SystemActor, u, password)
}

func (a *App) createUser(ctx context.Context, actor guanjia.Actor, u *guanjia.User, password string) error {
	if err := a.validateUser(u); err != nil {
		return err
	}
	if err := checkPasswordPolicy(u.Username, password); err != nil {
		return err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	u.PasswordHash = hash
	if u.CreatedAt.IsZero() {
		u.CreatedAt = a.now()
	}
	return a.db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.CreateUser(ctx, u); err != nil {
			return err
		}
		return a.audit(ctx, tx, actor, guanjia.AuditUser, "create", itoa(u.ID), u.Jurisdiction, nil, u)
	})
}

func (a *App) validateUser(u *guanjia.User) error {
	u.Username = strings.TrimSpace(u.Username)
	switch {
	case !validCode(u.Username):
		return guanjia.FieldErrorf(guanjia.EINVALID, "username", "A username is 1 to 64 letters, digits, '-' or '_'.")
	case !u.Role.Valid():
		return guanjia.FieldErrorf(guanjia.EINVALID, "role", "Unknown role %q.", u.Role)
	case (u.Role == guanjia.RoleHandler || u.Role == guanjia.RoleUnitLead) && u.Unit == "":
		return guanjia.FieldErrorf(guanjia.EINVALID, "unit", "Handlers and unit leads belong to a unit.")
	case u.Role == guanjia.RoleInspector && u.Unit == "":
		return guanjia.FieldErrorf(guanjia.EINVALID, "unit", "An inspector belongs to the unit they inspect for.")
	}
	if u.Unit != "" {
		if _, ok := a.Unit(u.Unit); !ok {
			return guanjia.FieldErrorf(guanjia.EINVALID, "unit", "There is no unit %q.", u.Unit)
		}
	}
	if u.Jurisdiction == "" {
		u.Jurisdiction = a.ref.Load().home
	}
	if _, ok := a.gridWithin(u.Jurisdiction, u.Grid); u.Grid != "" && !ok {
		return guanjia.FieldErrorf(guanjia.EINVALID, "grid", "There is no grid %q.", u.Grid)
	}
	if u.Name == "" {
		u.Name = u.Username
	}
	return nil
}

// SetPassword replaces a user's password (the command line, as the
// system).
func (a *App) SetPassword(ctx context.Context, username, password string) error {
	u, err := a.db.GetUserByUsername(ctx, username)
	if err != nil {
		return err
	}
	return a.setPassword(ctx, guanjia.SystemActor, u.ID, password, nil)
}

// CreateAPIToken issues a bearer token for a machine client acting as a user.
func (a *App) CreateAPIToken(ctx context.Context, username, name string) (string, error) {
	u, err := a.db.GetUserByUsername(ctx, username)
	if err != nil {
		return "", err
	}
	return a.createToken(ctx, "api", u.ID, name, 0)
}

// CreateOpen311Key issues an Open311 api_key for a client system. When key
// is not empty it is used as given (the demo's well-known key).
func (a *App) CreateOpen311Key(ctx context.Context, name, key string) (string, error) {
	if key == "" {
		key = newSecret()
	}
	return a.createOpen311Key(ctx, guanjia.SystemActor, name, key)
}

func (a *App) createOpen311Key(ctx context.Context, actor guanjia.Actor, name, key string) (string, error) {
	t := &store.Token{Kind: "open311", Hash: HashSecret(key), Name: name, CreatedAt: a.now()}
	err := a.db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.CreateToken(ctx, t); err != nil {
			return err
		}
		return a.audit(ctx, tx, actor, guanjia.AuditKey, "create", itoa(t.ID), "", nil, clientKeyOf(t))
	})
	if err != nil {
		return "", fmt.Errorf("create open311 key: %w", err)
	}
	return key, nil
}

// Client checks an Open311 api_key and rate-limits its client.
func (a *App) Client(ctx context.Context, apiKey string) (guanjia.Actor, error) {
	if apiKey == "" {
		return guanjia.Actor{}, guanjia.Errorf(guanjia.EFORBIDDEN, "An api_key is required.")
	}
	t, err := a.sessions.token(ctx, a.db, HashSecret(apiKey), a.now())
	if guanjia.ErrorCode(err) == guanjia.ENOTFOUND || (err == nil && t.Kind != "open311") {
		return guanjia.Actor{}, guanjia.Errorf(guanjia.EFORBIDDEN, "The api_key is not valid.")
	} else if err != nil {
		return guanjia.Actor{}, err
	}
	if wait, err := a.limiter.take(ctx, fmt.Sprintf("open311:%d", t.ID), a.opts.Open311PerMinute, time.Minute); err != nil {
		return guanjia.Actor{}, err
	} else if wait > 0 {
		return guanjia.Actor{}, guanjia.Errorf(guanjia.ERATELIMIT, "Too many requests for this api_key. Slow down.")
	}
	return guanjia.Actor{Role: guanjia.RoleSystem, Name: "open311:" + t.Name}, nil
}

func (a *App) createToken(ctx context.Context, kind string, userID int64, name string, ttl time.Duration) (string, error) {
	secret := newSecret()
	now := a.now()
	t := &store.Token{Kind: kind, Hash: HashSecret(secret), UserID: userID, Name: name, CreatedAt: now}
	if ttl > 0 {
		exp := now.Add(ttl)
		t.ExpiresAt = &exp
	}
	if err := a.db.Tx(ctx, func(tx *store.Tx) error { return tx.CreateToken(ctx, t) }); err != nil {
		return "", fmt.Errorf("create %s token: %w", kind, err)
	}
	return secret, nil
}

// Users lists the accounts.
func (a *App) Users(ctx context.Context) ([]*guanjia.User, error) {
	return a.db.Users(ctx, guanjia.UserFilter{Limit: 100000})
}
