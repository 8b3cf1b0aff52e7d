package guanjia

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// B&B inspections (民宿检查): checklists per kind, versioned by the
// administrators; inspections by the authorities' inspectors on a schedule
// (rounds) and self-inspections by owners; each failed item of an
// inspector's inspection becomes a rectification case addressed to the
// owner (bnb_rectify.go).

// Inspection kinds, each with its own checklist.
const (
	InspectFire     = "fire"     // 消防
	InspectSecurity = "security" // 治安（实名登记、监控）
	InspectHygiene  = "hygiene"  // 卫生
	InspectFood     = "food"     // 食品
	InspectPeer     = "peer"     // 协会互查
)

// InspectionKinds lists the kinds in order.
var InspectionKinds = []string{InspectFire, InspectSecurity, InspectHygiene, InspectFood, InspectPeer}

// Item results.
const (
	ItemPass = "pass"
	ItemFail = "fail"
	ItemNA   = "na"
)

// ChecklistItem is one thing an inspector checks. Serious items (a fire
// exit blocked, no extinguisher) get the short rectification deadline.
type ChecklistItem struct {
	Code    string `json:"code"`
	TextZH  string `json:"text_zh"`
	TextEN  string `json:"text_en"`
	Serious bool   `json:"serious,omitempty"`
}

// Text returns the item's text in a language ("zh" or "en").
func (i ChecklistItem) Text(lang string) string {
	if lang == "en" && i.TextEN != "" {
		return i.TextEN
	}
	return i.TextZH
}

// Checklist is one version of a kind's checklist. Versions are never
// changed: editing makes the next version, and each inspection keeps the
// version it used.
type Checklist struct {
	Kind      string          `json:"kind"`
	Version   int             `json:"version"`
	Items     []ChecklistItem `json:"items"`
	CreatedBy int64           `json:"created_by,omitempty"`
	CreatedAt time.Time       `json:"created_at"`
}

// Item returns the checklist's item with code.
func (c *Checklist) Item(code string) (ChecklistItem, bool) {
	for _, it := range c.Items {
		if it.Code == code {
			return it, true
		}
	}
	return ChecklistItem{}, false
}

// MaxChecklistItems bounds a checklist.
const MaxChecklistItems = 40

// CheckChecklist validates a checklist's kind and items and tidies them.
func CheckChecklist(c *Checklist) error {
	if !contains(InspectionKinds, c.Kind) {
		return FieldErrorf(EINVALID, "kind", "There is no inspection kind %q.", c.Kind)
	}
	if len(c.Items) == 0 || len(c.Items) > MaxChecklistItems {
		return FieldErrorf(EINVALID, "items", "A checklist has 1 to %d items.", MaxChecklistItems)
	}
	seen := map[string]bool{}
	for i := range c.Items {
		it := &c.Items[i]
		it.Code, it.TextZH, it.TextEN = strings.TrimSpace(it.Code), strings.TrimSpace(it.TextZH), strings.TrimSpace(it.TextEN)
		if err := CheckTexts("code", it.Code, "text_zh", it.TextZH, "text_en", it.TextEN); err != nil {
			return err
		}
		switch {
		case !validCode(it.Code):
			return FieldErrorf(EINVALID, "code", "An item's code is 1 to 30 lowercase letters, digits, - or _.")
		case seen[it.Code]:
			return FieldErrorf(EINVALID, "code", "Item %s is in the checklist twice.", it.Code)
		case it.TextZH == "" || it.TextEN == "":
			return FieldErrorf(EINVALID, "text_zh", "Give each item's text in Chinese and in English.")
		case utf8.RuneCountInString(it.TextZH) > 200 || utf8.RuneCountInString(it.TextEN) > 200:
			return FieldErrorf(EINVALID, "text_zh", "An item's text has at most 200 characters.")
		}
		seen[it.Code] = true
	}
	return nil
}

func validCode(s string) bool {
	if s == "" || len(s) > 30 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// ItemResult is what an inspection found of one item.
type ItemResult struct {
	Code   string `json:"code"`
	Result string `json:"result"`          // pass, fail or na
	Note   string `json:"note,omitempty"`  // at most 500 characters
	Photo  string `json:"photo,omitempty"` // a media hash
	// Case is the rectification case a failed item became.
	Case int64 `json:"case,omitempty"`
}

// Inspection is one visit to a B&B with one checklist.
type Inspection struct {
	ID           int64        `json:"id"`
	BnBID        int64        `json:"bnb_id"`
	Jurisdiction string       `json:"jurisdiction"`
	Kind         string       `json:"kind"`
	Version      int          `json:"version"` // of the checklist used
	InspectorID  int64        `json:"inspector_id"`
	Inspector    string       `json:"inspector,omitempty"`
	Unit         string       `json:"unit,omitempty"` // the inspector's authority; "" for a self-inspection
	Self         bool         `json:"self"`           // by the owner
	Results      []ItemResult `json:"results"`
	Passed       int          `json:"passed"`
	Failed       int          `json:"failed"`
	ClientID     string       `json:"-"` // makes a retried submission idempotent
	At           time.Time    `json:"at"`
}

// InspectionInput is what an inspector or owner submits: the kind, the
// checklist version shown to them, and a result per item.
type InspectionInput struct {
	Kind     string       `json:"kind"`
	Version  int          `json:"version"`
	Results  []ItemResult `json:"results"`
	ClientID string       `json:"client_id,omitempty"`
}

// CheckInspection checks in's results against the checklist cl it names:
// every item answered once with pass, fail or na, no unknown item, notes
// short and clean. It returns the inspection's results in the checklist's
// order, with the counts.
func CheckInspection(in *InspectionInput, cl *Checklist) ([]ItemResult, int, int, error) {
	if in.Kind != cl.Kind || in.Version != cl.Version {
		return nil, 0, 0, FieldErrorf(EUNPROCESSABLE, "version", "The checklist has changed; reload the form.")
	}
	if err := CheckText("client_id", in.ClientID); err != nil {
		return nil, 0, 0, err
	}
	if len(in.ClientID) > 64 {
		return nil, 0, 0, FieldErrorf(EINVALID, "client_id", "A client_id has at most 64 characters.")
	}
	got := map[string]ItemResult{}
	for _, r := range in.Results {
		r.Note = strings.TrimSpace(r.Note)
		if err := CheckTexts("code", r.Code, "note", r.Note, "photo", r.Photo); err != nil {
			return nil, 0, 0, err
		}
		if _, ok := cl.Item(r.Code); !ok {
			return nil, 0, 0, FieldErrorf(EINVALID, "results", "There is no item %q in this checklist.", r.Code)
		}
		if _, dup := got[r.Code]; dup {
			return nil, 0, 0, FieldErrorf(EINVALID, "results", "Item %s is answered twice.", r.Code)
		}
		if r.Result != ItemPass && r.Result != ItemFail && r.Result != ItemNA {
			return nil, 0, 0, FieldErrorf(EINVALID, "results", "Mark each item pass, fail or n/a.")
		}
		if utf8.RuneCountInString(r.Note) > 500 {
			return nil, 0, 0, FieldErrorf(EINVALID, "results", "A note has at most 500 characters.")
		}
		if r.Photo != "" && !validHash(r.Photo) {
			return nil, 0, 0, FieldErrorf(EINVALID, "results", "Photo %s was not uploaded.", r.Photo)
		}
		r.Case = 0
		got[r.Code] = r
	}
	out := make([]ItemResult, 0, len(cl.Items))
	passed, failed := 0, 0
	for _, it := range cl.Items {
		r, ok := got[it.Code]
		if !ok {
			return nil, 0, 0, FieldErrorf(EINVALID, "results", "Mark every item: %s is not marked.", it.Code)
		}
		switch r.Result {
		case ItemPass:
			passed++
		case ItemFail:
			failed++
		}
		out = append(out, r)
	}
	return out, passed, failed, nil
}

func validHash(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f') {
			return false
		}
	}
	return true
}

// InspectionRound is a schedule: each operating B&B (the association's
// members only, for the peer round) gets an inspection of Kind by Unit every
// EveryDays days.
type InspectionRound struct {
	Kind        string `json:"kind"`
	Unit        string `json:"unit"`
	EveryDays   int    `json:"every_days"`
	MembersOnly bool   `json:"members_only"`
}

// CheckRound validates a round.
func CheckRound(r *InspectionRound) error {
	switch {
	case !contains(InspectionKinds, r.Kind):
		return FieldErrorf(EINVALID, "kind", "There is no inspection kind %q.", r.Kind)
	case r.Unit == "":
		return FieldErrorf(EINVALID, "unit", "Choose the unit that inspects.")
	case r.EveryDays < 7 || r.EveryDays > 1096:
		return FieldErrorf(EINVALID, "every_days", "A round repeats every 7 to 1096 days.")
	}
	return nil
}

// DueInspection is a B&B's next inspection of a round.
type DueInspection struct {
	BnBID   int64      `json:"bnb_id"`
	BnBName string     `json:"bnb_name"`
	Village string     `json:"village"`
	Kind    string     `json:"kind"`
	Unit    string     `json:"unit"`
	Last    *time.Time `json:"last_inspected_at,omitempty"`
	Due     time.Time  `json:"due_at"`
	Overdue bool       `json:"overdue"`
}

// NextDue returns when a B&B registered at since and last inspected at
// last (nil if never) is due under round r: a round's interval after the
// last inspection, or after its registration when it has none.
func NextDue(r InspectionRound, since time.Time, last *time.Time) time.Time {
	from := since
	if last != nil {
		from = *last
	}
	return from.AddDate(0, 0, r.EveryDays)
}

// RoundApplies reports whether round r covers B&B b.
func RoundApplies(r InspectionRound, b *BnB) bool {
	return b.Status == BnBOperating && (!r.MembersOnly || b.Member) && r.Kind != ""
}

// MayInspect reports whether a may inspect b with kind: an inspector of a
// unit that has a round of that kind for b (rounds are the rounds whose
// unit reaches b's town; a round of members only, the association's peer
// review, is not for a B&B outside it) — or b's owner, inspecting
// themselves (self).
func MayInspect(a Actor, b *BnB, kind string, rounds []InspectionRound, self bool) bool {
	if self {
		return a.Role == RoleOwner && a.UserID != 0 && a.UserID == b.OwnerID
	}
	if a.Role != RoleInspector || a.Unit == "" || a.UserID == 0 {
		return false
	}
	for _, r := range rounds {
		if r.Unit == a.Unit && r.Kind == kind && (!r.MembersOnly || b.Member) {
			return true
		}
	}
	return false
}

// MayEditChecklist reports whether a may make a new checklist version:
// administrators.
func MayEditChecklist(a Actor) bool { return a.Role == RoleAdmin || a.Role == RoleSystem }

// KindName returns an inspection kind's name as a catalogue key.
func KindName(kind string) string {
	switch kind {
	case InspectFire:
		return "Fire safety"
	case InspectSecurity:
		return "Public security"
	case InspectHygiene:
		return "Hygiene"
	case InspectFood:
		return "Food safety"
	case InspectPeer:
		return "Association peer review"
	}
	return fmt.Sprint(kind)
}
