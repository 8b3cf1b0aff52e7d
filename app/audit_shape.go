package app

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/guanjia/guanjia"
)

// What the audit log records of each object is declared once, here: the
// types whose JSON its entries hold. audit refuses a value of another type,
// so a new field or a new object cannot reach the log unseen, and the log's
// page can name every field an entry may hold (AuditFields).

// auditShapes gives, for each audited object, a value of each type its
// entries record. A map's sample holds every key it may have.
var auditShapes = map[string][]any{
	guanjia.AuditUser:            {guanjia.User{}, passwordReset{}},
	guanjia.AuditUnit:            {guanjia.Unit{}},
	guanjia.AuditCategory:        {guanjia.Category{}},
	guanjia.AuditOverride:        {guanjia.CategoryOverride{}},
	guanjia.AuditRule:            {guanjia.Rule{}},
	guanjia.AuditCalendar:        {calendarAudit{}},
	guanjia.AuditGrid:            {gridImport{}},
	guanjia.AuditPlace:           {placeImport{}},
	guanjia.AuditKey:             {ClientKey{}},
	guanjia.AuditReply:           {guanjia.Reply{}},
	guanjia.AuditPoints:          {guanjia.PointRules{}},
	guanjia.AuditReward:          {guanjia.Reward{}},
	guanjia.AuditProjectTemplate: {map[string]string{"text": ""}},
	guanjia.AuditChannel:         {guanjia.NotifyChannel{}},
	guanjia.AuditNotifyRule:      {guanjia.NotifyRule{}},
	guanjia.AuditEvent:           {guanjia.Conference{}},
	guanjia.AuditChecklist:       {guanjia.Checklist{}},
	guanjia.AuditInspectionRound: {guanjia.InspectionRound{}},
	guanjia.AuditBnBLoad:         {map[string]int{"threshold": 0}},
	guanjia.AuditBnBRating:       {guanjia.GuestRating{}},
	guanjia.AuditHousekeeper:     {keeperAuditView{}},
}

// calendarAudit is what the log records of a day of a calendar.
type calendarAudit struct {
	Jurisdiction string `json:"jurisdiction,omitempty"` // "" for the county's
	Date         string `json:"date"`
	Kind         string `json:"kind"`
	Name         string `json:"name,omitempty"`
}

// checkAuditShape refuses a value (before or after) of object whose type
// auditShapes does not declare, or a map with a key its sample lacks.
func checkAuditShape(object string, v any) error {
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return nil
		}
		rv = rv.Elem()
	}
	if !rv.IsValid() {
		return nil
	}
	for _, s := range auditShapes[object] {
		sv := reflect.ValueOf(s)
		if sv.Type() != rv.Type() {
			continue
		}
		if rv.Kind() != reflect.Map {
			return nil
		}
		for _, k := range rv.MapKeys() {
			if !sv.MapIndex(k).IsValid() {
				return fmt.Errorf("audit %s: the key %v is not declared in auditShapes", object, k)
			}
		}
		return nil
	}
	return fmt.Errorf("audit %s: a %s is not declared in auditShapes", object, rv.Type())
}

// AuditFields lists, for each audited object, the top-level fields its
// entries may hold (secret ones left out), sorted.
func AuditFields() map[string][]string {
	out := map[string][]string{}
	for object, samples := range auditShapes {
		seen := map[string]bool{}
		for _, s := range samples {
			for _, f := range jsonFields(reflect.ValueOf(s)) {
				seen[f] = true
			}
		}
		for _, f := range guanjia.AuditSecretFields() {
			delete(seen, f)
		}
		fs := make([]string, 0, len(seen))
		for f := range seen {
			fs = append(fs, f)
		}
		sort.Strings(fs)
		out[object] = fs
	}
	return out
}

// jsonFields is the top-level names v has in JSON: a struct's fields
// (those of embedded structs too) or a map's keys.
func jsonFields(v reflect.Value) []string {
	if v.Kind() == reflect.Map {
		var out []string
		for _, k := range v.MapKeys() {
			out = append(out, fmt.Sprint(k.Interface()))
		}
		return out
	}
	return structFields(v.Type())
}

func structFields(t reflect.Type) []string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var out []string
	for f := range t.Fields() {
		if !f.IsExported() && !f.Anonymous {
			continue
		}
		tag := f.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		if name == "-" && !strings.HasPrefix(tag, "-,") {
			continue
		}
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if f.Anonymous && name == "" && ft.Kind() == reflect.Struct {
			out = append(out, structFields(ft)...)
			continue
		}
		if name == "" {
			name = f.Name
		}
		if !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out
}
