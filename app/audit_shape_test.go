package app

import (
	"slices"
	"testing"

	"github.com/guanjia/guanjia"
)

// TestAuditShapes: every audited object declares what its entries record,
// and the log refuses a value it did not declare, so that no field
// reaches the log without a name on its page (web's TestAuditFieldsNamed).
func TestAuditShapes(t *testing.T) {
	for _, o := range guanjia.AuditObjects {
		if len(auditShapes[o]) == 0 {
			t.Errorf("the audited object %q declares no shape", o)
		}
	}
	if len(auditShapes) != len(guanjia.AuditObjects) {
		t.Errorf("%d shapes for %d objects", len(auditShapes), len(guanjia.AuditObjects))
	}
	tests := []struct {
		name   string
		object string
		v      any
		ok     bool
	}{
		{"a declared type", guanjia.AuditUnit, guanjia.Unit{}, true},
		{"a pointer to it", guanjia.AuditUnit, &guanjia.Unit{}, true},
		{"nothing", guanjia.AuditUnit, nil, true},
		{"a nil pointer", guanjia.AuditUnit, (*guanjia.Unit)(nil), true},
		{"the second of two types", guanjia.AuditUser, passwordReset{}, true},
		{"another object's type", guanjia.AuditUnit, guanjia.Reward{}, false},
		{"a map with its keys", guanjia.AuditBnBLoad, map[string]int{"threshold": 80}, true},
		{"a map with another key", guanjia.AuditBnBLoad, map[string]int{"limit": 80}, false},
		{"a map of another type", guanjia.AuditBnBLoad, map[string]string{"threshold": "80"}, false},
		{"an undeclared object", "parking_lot", guanjia.Unit{}, false},
	}
	for _, tt := range tests {
		if err := checkAuditShape(tt.object, tt.v); (err == nil) != tt.ok {
			t.Errorf("%s: %v, want ok %v", tt.name, err, tt.ok)
		}
	}
	fs := AuditFields()
	for object, want := range map[string][]string{
		guanjia.AuditUser:     {"username", "role", "password_reset", "disabled"},
		guanjia.AuditCalendar: {"date", "kind", "name"},
		guanjia.AuditBnBLoad:  {"threshold"},
	} {
		for _, f := range want {
			if !slices.Contains(fs[object], f) {
				t.Errorf("%s's fields %v lack %q", object, fs[object], f)
			}
		}
	}
	for object, f := range fs {
		for _, secret := range guanjia.AuditSecretFields() {
			if slices.Contains(f, secret) {
				t.Errorf("%s lists the secret field %q", object, secret)
			}
		}
	}
}
