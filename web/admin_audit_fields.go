package web

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/guanjia/guanjia"
)

// What an entry of the audit log changed, as its page says it: each field
// by its name in the reader's language, and for a value that is a word or
// a number, what it was and what it became.

// auditChange is a field an entry changed.
type auditChange struct {
	Field         string // the field's name in JSON, shown in the before and after
	Label         string // its name in the reader's language
	Before, After string // its values, shown when both are short ("" otherwise)
	Shown         bool   // whether Before and After are shown
}

// auditBookkeeping are the fields every change moves: left out of the
// summary of a change that changed something else.
var auditBookkeeping = map[string]bool{"updated_at": true, "updated_by": true, "version": true}

// auditValueMax is the longest value, in characters, shown in the summary:
// a longer one is a text, which the details show whole.
const auditValueMax = 40

// auditChanges says what e changed, in lang, naming the reference data's
// codes by r: nothing of a creation or a removal.
func auditChanges(lang string, r *ref, e *guanjia.AuditEntry) []auditChange {
	var before, after map[string]json.RawMessage
	_ = json.Unmarshal(e.Before, &before)
	_ = json.Unmarshal(e.After, &after)
	if before == nil || after == nil {
		return nil // a creation or a removal: its verb says it, the details show it
	}
	fields := e.Changed()
	if len(fields) > 0 {
		kept := fields[:0:0]
		for _, f := range fields {
			if !auditBookkeeping[strings.ToLower(f)] {
				kept = append(kept, f)
			}
		}
		if len(kept) > 0 {
			fields = kept
		}
	}
	out := make([]auditChange, 0, len(fields))
	for _, f := range fields {
		c := auditChange{Field: f, Label: auditFieldLabel(lang, e.Object, f)}
		var okB, okA bool
		c.Before, okB = auditValue(lang, r, e.Object, f, before[f])
		c.After, okA = auditValue(lang, r, e.Object, f, after[f])
		c.Shown = okB && okA
		out = append(out, c)
	}
	return out
}

// auditFieldLabel names field of object in lang, or gives the field
// itself. Entries written before a field had its JSON name hold it
// capitalised.
func auditFieldLabel(lang, object, field string) string {
	field = strings.ToLower(field)
	if l, ok := auditFieldNameOf[object+"."+field]; ok {
		return translate(lang, l)
	}
	if l, ok := auditFieldName[field]; ok {
		return translate(lang, l)
	}
	return field
}

// auditValue gives the value of field of object short enough for the
// summary, and whether it is: a word (a code by its name, a unit, a
// village, a grid, a town or a category by its name in r), a time (in the
// town's zone), a number, yes or no, or nothing.
func auditValue(lang string, r *ref, object, field string, raw json.RawMessage) (string, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "—", true
	}
	switch raw[0] {
	case '"':
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return "", false
		}
		if s == "" {
			return "—", true
		}
		if name := auditCodeName(object, field, s); name != "" {
			return translate(lang, name), true
		}
		if name := auditRefName(lang, r, field, s); name != "" {
			return name, true
		}
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return formatTime(t, "2006-01-02 15:04"), true // as the town reads it
		}
		if utf8.RuneCountInString(s) > auditValueMax {
			return "", false // a text: the details show it
		}
		return s, true
	case 't', 'f':
		b, err := strconv.ParseBool(string(raw))
		if err != nil {
			return "", false
		}
		if b {
			return translate(lang, "Yes"), true
		}
		return translate(lang, "No"), true
	case '{', '[':
		return "", false
	}
	if field == "priority" && priorityName[string(raw)] != "" {
		return translate(lang, priorityName[string(raw)]), true
	}
	return string(raw), true // a number
}

// auditCodeName is the English name of a code that field of object holds,
// or "".
func auditCodeName(object, field, code string) string {
	switch field {
	case "role":
		return roleName[guanjia.Role(code)]
	case "status":
		if object == guanjia.AuditHousekeeper {
			return codeNames["keeper:"+code]
		}
	case "event":
		return eventNames[guanjia.NotifyEvent(code)]
	case "audience":
		return audienceNames[guanjia.Audience(code)]
	case "kind":
		switch object {
		case guanjia.AuditUnit:
			return unitKindName[code]
		case guanjia.AuditReply:
			return replyKindName[code]
		case guanjia.AuditCalendar:
			return dayKindName[code]
		case guanjia.AuditChannel:
			return codeNames["channel:"+code]
		case guanjia.AuditReward:
			return codeNames["reward:"+code]
		}
	}
	return ""
}

// auditRefName names in lang the unit, village, grid, town, category or
// area whose code field holds, or gives "" when field holds none of them or r
// does not know the code (one removed since: the code is shown).
func auditRefName(lang string, r *ref, field, code string) string {
	var name string
	switch field {
	case "unit", "post_unit":
		name = r.unitName(lang, code)
	case "village":
		name = r.villageName(lang, code)
	case "grid":
		name = r.gridName(code)
	case "jurisdiction":
		name = r.townName(lang, code)
	case "category":
		name = r.categoryName(lang, code)
	case "area": // a routing rule's: a grid, a village or a town
		for _, n := range []string{r.gridName(code), r.villageName(lang, code), r.townName(lang, code)} {
			if n != code {
				return n
			}
		}
	}
	if name == code {
		return ""
	}
	return name
}

// auditFieldName names the fields the log's entries hold
// (app.AuditFields; TestAuditFieldsNamed keeps it whole).
var auditFieldName = map[string]string{
	"active": "Switched on", "area": "Area", "attributes": "Questions to the reporter", "audience": "Whom to tell",
	"auto_dispatch": "Auto-dispatch", "average": "Average rating", "bnb_id": "B&B", "body": "Text",
	"category": "Category", "code": "Code", "cost": "Cost in points", "count": "Number of ratings",
	"created_at": "Created", "created_by": "Created by", "daily_cap": "Points a day at most", "date": "Date",
	"description": "Description", "description_en": "Description in English", "description_zh": "Description in Chinese",
	"disabled": "Disabled", "email": "Email", "enabled": "Switched on", "end": "Ends", "event": "When",
	"every_days": "Every how many days", "grid": "Grid", "grids": "Grids", "group": "Group", "icon": "Icon",
	"id": "Number", "items": "Items", "jurisdiction": "Town", "keywords": "Keywords", "kind": "Kind",
	"kinds": "Points by kind of work", "last_used_at": "Last used", "max_task_points": "Points a task at most",
	"members_only": "Members only", "name": "Name", "name_en": "Name in English", "name_zh": "Name in Chinese",
	"partner": "Handed out by", "password_reset": "Password reset", "phone": "Phone", "places": "Places",
	"post_unit": "On-site command post", "priority": "Priority", "reason": "Reason",
	"refer_after": "To the county after", "resolve_limit": "Resolve within", "revoked_at": "Revoked",
	"role": "Role", "roster": "Staff on duty", "settings": "Settings", "setup_from": "Build-up from",
	"sign_limit": "Sign for within", "sort": "Order", "source": "Source", "start": "Starts",
	"status": "Status", "stock": "Stock", "teardown_until": "Teardown until", "text": "Text",
	"threshold": "Load (%)", "title": "Title", "triage_limit": "Time to dispatch", "unit": "Unit",
	"updated_at": "Changed at", "updated_by": "Updated by", "urgent": "Categories that become urgent",
	"url": "Web address", "user_id": "Account", "username": "Username", "version": "Version",
	"village": "Village", "villages": "Villages",
}

// auditFieldNameOf names the fields whose name depends on the object
// ("object.field"): a person's name and a thing's are different words in
// Chinese.
var auditFieldNameOf = map[string]string{
	guanjia.AuditChannel + ".name": "Channel name", guanjia.AuditKey + ".name": "Name of the client system",
	guanjia.AuditReward + ".name": "Reward name", guanjia.AuditCalendar + ".name": "Name of the day",
	guanjia.AuditEvent + ".name": "Event name",
}
