package guanjia

import (
	"strings"
	"time"
)

// RewardKind says what a reward is.
type RewardKind string

// Reward kinds.
const (
	RewardGoods   RewardKind = "goods"   // daily necessities, handed out by the committee
	RewardService RewardKind = "service" // a haircut, a health check, a repair
	RewardCoin    RewardKind = "coin"    // "civility coins" spent at partner shops
)

// RewardKinds lists every kind.
var RewardKinds = []RewardKind{RewardGoods, RewardService, RewardCoin}

// Reward is an entry of the catalogue housekeepers spend points on.
type Reward struct {
	ID          int64      `json:"id"`
	Name        string     `json:"name"`
	Description string     `json:"description,omitempty"`
	Kind        RewardKind `json:"kind"`
	// Partner is the unit that honours the reward (a partner shop or the
	// committee); its staff check and use receipts. "" is the command center.
	Partner string `json:"partner,omitempty"`
	Cost    int    `json:"cost"`  // points
	Stock   int    `json:"stock"` // left
	Active  bool   `json:"active"`
	// Version counts the reward's changes, each redemption's taking of
	// its stock among them; an update made against an older one is
	// refused (ECONFLICT). 0 in an update skips the check.
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Validate checks a reward's own fields.
func (r *Reward) Validate() error {
	r.Name, r.Description = strings.TrimSpace(r.Name), strings.TrimSpace(r.Description)
	if err := CheckTexts("name", r.Name, "description", r.Description); err != nil {
		return err
	}
	switch {
	case r.Name == "" || len([]rune(r.Name)) > 100:
		return FieldErrorf(EINVALID, "name", "A name of 1 to 100 characters is required.")
	case len([]rune(r.Description)) > 1000:
		return FieldErrorf(EINVALID, "description", "The text is too long.")
	case !member(RewardKinds, r.Kind):
		return FieldErrorf(EINVALID, "kind", "Unknown kind of reward %q.", r.Kind)
	case r.Cost < 1 || r.Cost > 100000:
		return FieldErrorf(EINVALID, "cost", "The cost is from 1 to 100000 points.")
	case r.Stock < 0 || r.Stock > 1000000:
		return FieldErrorf(EINVALID, "stock", "The stock is from 0 to 1000000.")
	}
	return nil
}

// Redemption statuses.
const (
	RedemptionIssued = "issued" // the receipt awaits the partner
	RedemptionUsed   = "used"   // the partner handed over the reward
)

// Redemption is points spent on a reward, with the receipt code the
// housekeeper shows the partner.
type Redemption struct {
	ID         int64      `json:"id"`
	Code       string     `json:"code"`
	RewardID   int64      `json:"reward_id"`
	RewardName string     `json:"reward_name"`
	Partner    string     `json:"partner,omitempty"`
	UserID     int64      `json:"user_id"`
	UserName   string     `json:"user_name,omitempty"`
	Cost       int        `json:"cost"`
	EntryID    int64      `json:"entry_id"` // the ledger entry that spent the points
	Status     string     `json:"status"`
	CreatedAt  time.Time  `json:"created_at"`
	UsedAt     *time.Time `json:"used_at,omitempty"`
	UsedBy     int64      `json:"used_by,omitempty"`
}

// ReceiptAlphabet is what receipt codes are made of: digits and capital
// letters without the ones easily confused (0 O, 1 I). 32 symbols, 5 bits each.
const ReceiptAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// ReceiptLength is the length of a receipt code: 40 random bits.
const ReceiptLength = 8

// NewReceiptCode makes a receipt code from ReceiptLength random bytes.
func NewReceiptCode(random []byte) string {
	b := make([]byte, ReceiptLength)
	for i := range b {
		b[i] = ReceiptAlphabet[random[i]&31]
	}
	return string(b)
}

// NormalizeReceiptCode returns a typed receipt code in its stored form:
// upper case, without spaces or dashes. It reports false when the result
// cannot be a code.
func NormalizeReceiptCode(s string) (string, bool) {
	s = strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(strings.TrimSpace(s)))
	if len(s) != ReceiptLength {
		return "", false
	}
	for i := 0; i < len(s); i++ {
		if !strings.ContainsRune(ReceiptAlphabet, rune(s[i])) {
			return "", false
		}
	}
	return s, true
}

// MayUseReceipt reports whether a may check and use a receipt for a reward
// honoured by partner: the command center, or staff of the partner unit.
func MayUseReceipt(a Actor, partner string) bool {
	switch a.Role {
	case RoleDispatcher, RoleAdmin:
		return true
	case RoleHandler, RoleUnitLead:
		return partner != "" && a.Unit == partner
	}
	return false
}

// MayKeepRewards reports whether a keeps the rewards catalogue (and sees
// the rewards no longer offered): administrators.
func MayKeepRewards(a Actor) bool {
	return a.Role == RoleAdmin
}
