package guanjia

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// Audit log: every administrative change (accounts, units, the catalogue,
// routing rules, the calendar, grids, Open311 keys, standard replies, the
// points rules and rewards) is written, in the transaction that makes it,
// as one AuditEntry: who, when, from which address, what object, and the
// object before and after. The log is append-only.

// AuditEntry is one administrative change.
type AuditEntry struct {
	ID        int64     `json:"id"`
	At        time.Time `json:"at"`
	ActorID   int64     `json:"actor_id"`
	ActorName string    `json:"actor_name"`
	ActorRole Role      `json:"actor_role"`
	Addr      string    `json:"addr"` // the client's address, "" from the command line
	// Jurisdiction is the town the object belongs to, "" for what applies
	// county-wide (the catalogue, the calendar, Open311 keys).
	Jurisdiction string          `json:"jurisdiction"`
	Action       string          `json:"action"` // e.g. "user.create"
	Object       string          `json:"object"` // e.g. "user"
	ObjectID     string          `json:"object_id"`
	Before       json.RawMessage `json:"before,omitempty"` // nil before a creation
	After        json.RawMessage `json:"after,omitempty"`  // nil after a removal
}

// Audited objects.
const (
	AuditUser     = "user"
	AuditUnit     = "unit"
	AuditCategory = "category"
	AuditOverride = "category_override"
	AuditRule     = "rule"
	AuditCalendar = "calendar_day"
	AuditGrid     = "grid"
	AuditPlace    = "place"
	AuditKey      = "open311_key"
	AuditReply    = "reply"
	AuditPoints   = "point_rules"
	AuditReward   = "reward"
	// AuditProjectTemplate is a town's template of investment projects.
	AuditProjectTemplate = "project_template"
	AuditChannel         = "notify_channel"
	AuditNotifyRule      = "notify_rule"
	AuditEvent           = "event"
	AuditChecklist       = "checklist"
	// AuditInspectionRound is how often a unit inspects B&Bs of a kind.
	AuditInspectionRound = "inspection_round"
	// AuditBnBLoad is a village's threshold of B&B guests a night.
	AuditBnBLoad   = "bnb_load"
	AuditBnBRating = "bnb_rating"
	// AuditHousekeeper is a committee's decision about a housekeeper,
	// which changes their account's role.
	AuditHousekeeper = "housekeeper"
)

// AuditObjects lists the audited objects, for the log's filter
// (TestAuditObjectsListed keeps it whole).
var AuditObjects = []string{AuditUser, AuditUnit, AuditCategory, AuditOverride, AuditRule, AuditCalendar,
	AuditGrid, AuditPlace, AuditKey, AuditReply, AuditPoints, AuditReward, AuditProjectTemplate,
	AuditChannel, AuditNotifyRule, AuditEvent, AuditChecklist, AuditInspectionRound, AuditBnBLoad, AuditBnBRating,
	AuditHousekeeper}

// secretFields are never written to the log, whatever object holds them.
var secretFields = []string{"password", "password_hash", "hash", "key", "secret"}

// AuditSecretFields lists the fields the log never holds.
func AuditSecretFields() []string { return slices.Clone(secretFields) }

// NewAudit builds the entry of a change by actor to an object of town
// (object id id) through action, from before to after (nil for none). Both
// are encoded as JSON objects without their secret fields. A change that
// changes nothing is refused: it has nothing to record.
func NewAudit(actor Actor, at time.Time, action, object, id, town string, before, after any) (*AuditEntry, error) {
	if action == "" || object == "" {
		return nil, fmt.Errorf("audit: an entry needs an action and an object")
	}
	e := &AuditEntry{At: at, ActorID: actor.UserID, ActorName: actor.Name, ActorRole: actor.Role,
		Jurisdiction: town, Action: action, Object: object, ObjectID: id}
	var err error
	if e.Before, err = auditJSON(before); err != nil {
		return nil, err
	}
	if e.After, err = auditJSON(after); err != nil {
		return nil, err
	}
	if e.Before == nil && e.After == nil {
		return nil, fmt.Errorf("audit %s: neither before nor after", action)
	}
	return e, nil
}

// auditJSON encodes v for the log: nil (or a nil pointer) is nil, secret
// fields of an object are left out.
func auditJSON(v any) (json.RawMessage, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	if string(b) == "null" {
		return nil, nil
	}
	var m map[string]any
	if json.Unmarshal(b, &m) != nil {
		return b, nil // not an object: kept as it is
	}
	for _, f := range secretFields {
		delete(m, f)
	}
	return json.Marshal(m)
}

// Changed returns the top-level fields whose values differ between the
// entry's before and after, sorted: what the log's page shows of a change.
// A creation or removal changes every field it has.
func (e *AuditEntry) Changed() []string {
	var before, after map[string]json.RawMessage
	_ = json.Unmarshal(e.Before, &before)
	_ = json.Unmarshal(e.After, &after)
	seen := map[string]bool{}
	for k, v := range before {
		if w, ok := after[k]; !ok || !bytes.Equal(compact(v), compact(w)) {
			seen[k] = true
		}
	}
	for k := range after {
		if _, ok := before[k]; !ok {
			seen[k] = true
		}
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func compact(b json.RawMessage) []byte {
	var buf bytes.Buffer
	if json.Compact(&buf, b) != nil {
		return b
	}
	return buf.Bytes()
}

// AuditFilter selects entries of the log, newest first. Empty fields do
// not filter.
type AuditFilter struct {
	Object   string
	ObjectID string
	Actor    string // part of the actor's name, any case
	// Towns limits the entries to those of these jurisdictions (a town's
	// administrators: their town's); nil is every one.
	Towns  []string
	From   *time.Time
	To     *time.Time // exclusive
	Before int64      // entries with a smaller id: the next page
	Limit  int
}

// CountyWide names, where a town is asked for (AuditFilter.InTown), what
// applies county-wide and belongs to no town (the catalogue, the calendar,
// Open311 keys).
const CountyWide = "county"

// InTown narrows f to the entries of town, or with CountyWide to those
// of what applies county-wide; "" does not narrow it.
func (f *AuditFilter) InTown(town string) {
	switch town {
	case "":
	case CountyWide:
		f.Towns = []string{""}
	default:
		f.Towns = []string{town}
	}
}

// MayReadAudit reports whether a may read the audit log: administrators
// (a town's, of their own town).
func MayReadAudit(a Actor) bool { return a.Role == RoleAdmin }

// AuditAction names an action on an object: "user.create".
func AuditAction(object, verb string) string { return object + "." + strings.ToLower(verb) }
