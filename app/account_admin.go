package app

import (
	"context"
	"strings"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// Administration of accounts, units and Open311 keys from the admin pages:
// a town's administrators keep their town's, the county's every town's
// (guanjia.Tree.MayEdit). Each change writes one entry of the audit log.

// UserFor returns an account actor administers: another town's is not found.
func (a *App) UserFor(ctx context.Context, actor guanjia.Actor, id int64) (*guanjia.User, error) {
	if !guanjia.MayEditReference(actor) {
		return nil, guanjia.Errorf(guanjia.EFORBIDDEN, "Only administrators may edit reference data.")
	}
	u, err := a.db.GetUser(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := a.ref.Load().tree.MayEdit(actor, u.Jurisdiction); err != nil {
		return nil, err
	}
	return u, nil
}

// UserChange is what an administrator changes of an account.
type UserChange struct {
	Name     string
	Phone    string
	Role     guanjia.Role
	Unit     string
	Grid     string
	Disabled bool
	// Version is the account's version the change was made against: an
	// older one than stored is refused (ECONFLICT); 0 skips the check.
	Version int
}

// UpdateUser changes an account's name, phone, role, unit, grid and
// whether it is disabled. Administrators may not disable their own
// account or give up their own role.
func (a *App) UpdateUser(ctx context.Context, actor guanjia.Actor, id int64, ch UserChange) (*guanjia.User, error) {
	if !guanjia.MayEditReference(actor) {
		return nil, guanjia.Errorf(guanjia.EFORBIDDEN, "Only administrators may edit reference data.")
	}
	ref := a.ref.Load()
	var out *guanjia.User
	err := a.db.Tx(ctx, func(tx *store.Tx) error {
		old, err := tx.GetUser(ctx, id)
		if err != nil {
			return err
		}
		if err := ref.tree.MayEdit(actor, old.Jurisdiction); err != nil {
			return err
		}
		if id == actor.UserID && (ch.Disabled || ch.Role != old.Role) {
			return guanjia.FieldErrorf(guanjia.EUNPROCESSABLE, "role", "You may not disable your own account or change your own role.")
		}
		u := *old
		if ch.Version != 0 {
			u.Version = ch.Version
		}
		u.Name, u.Phone, u.Role, u.Unit, u.Grid, u.Disabled = strings.TrimSpace(ch.Name), strings.TrimSpace(ch.Phone), ch.Role, ch.Unit, ch.Grid, ch.Disabled
		if u.Role != guanjia.RoleHandler && u.Role != guanjia.RoleUnitLead && u.Role != guanjia.RoleDispatcher && u.Role != guanjia.RoleAdmin && u.Role != guanjia.RoleInspector {
			u.Unit = ""
		}
		if err := a.mayUseUnit(u.Jurisdiction, u.Unit); err != nil {
			return err
		}
		if err := a.validateUser(&u); err != nil {
			return err
		}
		if err := guanjia.CheckTexts("name", u.Name, "phone", u.Phone); err != nil {
			return err
		}
		if err := tx.UpdateUser(ctx, &u); err != nil {
			return err
		}
		out = &u
		if u.Disabled && !old.Disabled {
			if err := tx.EndSessions(ctx, u.ID, a.now()); err != nil {
				return err
			}
		}
		return a.audit(ctx, tx, actor, guanjia.AuditUser, "update", itoa(u.ID), u.Jurisdiction, old, &u)
	})
	return out, err
}

// mayUseUnit checks that an account of town may belong to unit: none, a
// unit of the town or one of the county, which works in every town.
func (a *App) mayUseUnit(town, unit string) error {
	if unit == "" {
		return nil
	}
	ref := a.ref.Load()
	u, ok := ref.units[unit]
	if !ok || !ref.tree.Reaches(u.Jurisdiction, town) {
		return guanjia.FieldErrorf(guanjia.EINVALID, "unit", "There is no unit %q.", unit)
	}
	return nil
}

// passwordReset is what the log records of a new password: the account,
// and that its password changed (never the password or its hash).
type passwordReset struct {
	*guanjia.User
	PasswordReset bool `json:"password_reset"`
}

// ResetPassword gives an account a new password, which must pass the
// password policy; the account's sessions end.
func (a *App) ResetPassword(ctx context.Context, actor guanjia.Actor, id int64, password string) error {
	if !guanjia.MayEditReference(actor) {
		return guanjia.Errorf(guanjia.EFORBIDDEN, "Only administrators may edit reference data.")
	}
	return a.setPassword(ctx, actor, id, password, func(u *guanjia.User) error {
		return a.ref.Load().tree.MayEdit(actor, u.Jurisdiction)
	})
}

func (a *App) setPassword(ctx context.Context, actor guanjia.Actor, id int64, password string, may func(*guanjia.User) error) error {
	return a.db.Tx(ctx, func(tx *store.Tx) error {
		old, err := tx.GetUser(ctx, id)
		if err != nil {
			return err
		}
		if may != nil {
			if err := may(old); err != nil {
				return err
			}
		}
		if err := checkPasswordPolicy(old.Username, password); err != nil {
			return err
		}
		hash, err := HashPassword(password)
		if err != nil {
			return err
		}
		u := *old
		u.PasswordHash = hash
		if err := tx.UpdateUser(ctx, &u); err != nil {
			return err
		}
		if err := tx.EndSessions(ctx, u.ID, a.now()); err != nil {
			return err
		}
		return a.audit(ctx, tx, actor, guanjia.AuditUser, "password", itoa(u.ID), u.Jurisdiction,
			passwordReset{User: old}, passwordReset{User: &u, PasswordReset: true})
	})
}

// unitKinds are the kinds of unit an administrator may create.
var unitKinds = []string{guanjia.UnitDepartment, guanjia.UnitCommittee, guanjia.UnitCommand, guanjia.UnitPartner}

// PutUnit creates or changes a unit: a town's administrators their town's
// units, the county's any unit. A unit names no town only on an
// installation of one town.
func (a *App) PutUnit(ctx context.Context, actor guanjia.Actor, u *guanjia.Unit) error {
	if !guanjia.MayEditReference(actor) {
		return guanjia.Errorf(guanjia.EFORBIDDEN, "Only administrators may edit reference data.")
	}
	ref := a.ref.Load()
	u.Code, u.NameZH, u.NameEN = strings.TrimSpace(u.Code), strings.TrimSpace(u.NameZH), strings.TrimSpace(u.NameEN)
	if u.Jurisdiction == "" && ref.tree.UnderCounty(actor.Jurisdiction) {
		u.Jurisdiction = actor.Jurisdiction
	}
	if err := ref.tree.MayEdit(actor, u.Jurisdiction); err != nil {
		return err
	}
	var old *guanjia.Unit
	cached, existed := ref.units[u.Code]
	if existed {
		cp := *cached
		old = &cp
		if err := ref.tree.MayEdit(actor, old.Jurisdiction); err != nil {
			return err
		}
	}
	switch {
	case !validCode(u.Code):
		return guanjia.FieldErrorf(guanjia.EINVALID, "code", "A code is 1 to 64 letters, digits, '-' or '_'.")
	case u.NameZH == "" || u.NameEN == "":
		return guanjia.FieldErrorf(guanjia.EINVALID, "name_zh", "A unit needs a Chinese and an English name.")
	case !contains(unitKinds, u.Kind):
		return guanjia.FieldErrorf(guanjia.EINVALID, "kind", "Choose the kind of unit.")
	case u.Village != "" && ref.villages[u.Village] == nil:
		return guanjia.FieldErrorf(guanjia.EINVALID, "village", "There is no village %q.", u.Village)
	}
	if err := guanjia.CheckTexts("name_zh", u.NameZH, "name_en", u.NameEN, "phone", u.Phone); err != nil {
		return err
	}
	err := a.db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.PutUnit(ctx, u); err != nil {
			return err
		}
		return a.audit(ctx, tx, actor, guanjia.AuditUnit, verb(existed), u.Code, u.Jurisdiction, old, u)
	})
	if err != nil {
		return err
	}
	return a.Reload(ctx)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ClientKey is an Open311 client's api_key as administrators see it: its
// name and dates, never the key (shown once, when it is made).
type ClientKey struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
}

func clientKeyOf(t *store.Token) *ClientKey {
	return &ClientKey{ID: t.ID, Name: t.Name, CreatedAt: t.CreatedAt, RevokedAt: t.RevokedAt, LastUsedAt: t.LastUsedAt}
}

// ClientKeys lists the Open311 client keys, revoked ones too. The keys
// serve the whole installation: administrators of the county (or of an
// installation of one town).
func (a *App) ClientKeys(ctx context.Context, actor guanjia.Actor) ([]*ClientKey, error) {
	if err := a.ref.Load().tree.MayEdit(actor, ""); err != nil {
		return nil, err
	}
	ts, err := a.db.TokensOfKind(ctx, store.TokenOpen311)
	if err != nil {
		return nil, err
	}
	out := make([]*ClientKey, len(ts))
	for i, t := range ts {
		out[i] = clientKeyOf(t)
	}
	return out, nil
}

// CreateClientKey makes a new Open311 client key and returns it: the only
// time anyone sees it.
func (a *App) CreateClientKey(ctx context.Context, actor guanjia.Actor, name string) (string, error) {
	if err := a.ref.Load().tree.MayEdit(actor, ""); err != nil {
		return "", err
	}
	name = strings.TrimSpace(name)
	if name == "" || len([]rune(name)) > 100 {
		return "", guanjia.FieldErrorf(guanjia.EINVALID, "name", "Name the client system (1 to 100 characters).")
	}
	if err := guanjia.CheckText("name", name); err != nil {
		return "", err
	}
	return a.createOpen311Key(ctx, actor, name, newSecret())
}

// RevokeClientKey ends an Open311 client key at once.
func (a *App) RevokeClientKey(ctx context.Context, actor guanjia.Actor, id int64) error {
	if err := a.ref.Load().tree.MayEdit(actor, ""); err != nil {
		return err
	}
	return a.db.Tx(ctx, func(tx *store.Tx) error {
		old, err := tx.GetToken(ctx, id)
		if err != nil || old.Kind != store.TokenOpen311 {
			return guanjia.Errorf(guanjia.ENOTFOUND, "There is no Open311 key %d.", id)
		}
		if old.RevokedAt != nil {
			return guanjia.Errorf(guanjia.ECONFLICT, "This key was revoked already.")
		}
		if err := tx.RevokeToken(ctx, id, a.now()); err != nil {
			return err
		}
		now := a.now().UTC().Truncate(time.Microsecond)
		after := *old
		after.RevokedAt = &now
		return a.audit(ctx, tx, actor, guanjia.AuditKey, "revoke", itoa(id), "", clientKeyOf(old), clientKeyOf(&after))
	})
}
