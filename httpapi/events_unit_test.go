package httpapi

import (
	"testing"

	"github.com/guanjia/guanjia"
)

// TestStaffSeesUnit: a handler sees the messages of their unit's cases
// only, asked in turn for one message as the hub asks; a message of the
// same id but other bytes (the outbox handing ids out again after a
// failover) is read afresh; one whose payload cannot be read is seen by
// no handler.
func TestStaffSeesUnit(t *testing.T) {
	s := &Server{}
	water := guanjia.Actor{Role: guanjia.RoleHandler, Unit: "water"}
	sanitation := guanjia.Actor{Role: guanjia.RoleUnitLead, Unit: "sanitation"}
	none := guanjia.Actor{Role: guanjia.RoleHandler}
	dispatcher := guanjia.Actor{Role: guanjia.RoleDispatcher}
	for _, tt := range []struct {
		name                          string
		m                             guanjia.Message
		water, sanitation, none, disp bool
	}{
		{"water's case", guanjia.Message{ID: 7, Payload: []byte(`{"id":1,"unit":"water"}`)}, true, false, false, true},
		{"the same id, after a failover", guanjia.Message{ID: 7, Payload: []byte(`{"id":2,"unit":"sanitation"}`)}, false, true, false, true},
		{"the next message", guanjia.Message{ID: 8, Payload: []byte(`{"id":2,"unit":"sanitation"}`)}, false, true, false, true},
		{"a payload not read", guanjia.Message{ID: 9, Payload: []byte(`{"unit":`)}, false, false, false, true},
		{"no payload", guanjia.Message{ID: 10}, false, false, false, true},
	} {
		for range 2 { // the second time from what was kept
			for who, want := range map[*guanjia.Actor]bool{&water: tt.water, &sanitation: tt.sanitation, &none: tt.none, &dispatcher: tt.disp} {
				if got := s.staffSees(*who, tt.m); got != want {
					t.Errorf("%s: %s of %q sees it: %v, want %v", tt.name, who.Role, who.Unit, got, want)
				}
			}
		}
	}
}
