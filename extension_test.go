package guanjia_test

import (
	"strings"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
)

// TestExtension: requested and approved only before the limit lapses.
func TestExtension(t *testing.T) {
	c := caseIn(guanjia.StatusAccepted)
	c.PendingExtension = nil
	until := c.ResolveDueAt.Add(24 * time.Hour)
	ext := guanjia.Command{Action: guanjia.ActionExtend, Reason: "waiting for parts", Until: until}
	late := c.ResolveDueAt.Add(time.Minute)
	if _, _, err := guanjia.Apply(c, ext, actors["handler"], env(late)); guanjia.ErrorCode(err) != guanjia.ECONFLICT {
		t.Fatalf("extend after lapse: %v", err)
	}
	c = mustApply(t, c, ext, "handler", t0)
	if _, _, err := guanjia.Apply(c, ext, actors["handler"], env(t0)); guanjia.ErrorCode(err) != guanjia.ECONFLICT {
		t.Fatalf("second pending extension: %v", err)
	}
	if _, _, err := guanjia.Apply(c, guanjia.Command{Action: guanjia.ActionApproveExtension}, actors["lead"], env(late)); guanjia.ErrorCode(err) != guanjia.ECONFLICT {
		t.Fatalf("approve after lapse: %v", err)
	}
	c = mustApply(t, c, guanjia.Command{Action: guanjia.ActionApproveExtension}, "lead", t0)
	if c.PendingExtension != nil || !c.ResolveDueAt.Equal(until) {
		t.Fatalf("approved: pending=%v due=%v", c.PendingExtension, c.ResolveDueAt)
	}
}

// TestExtensionDecidedByAnother: a request for more time is decided by the
// unit's leads or the command center at the case's level, never by the one
// who asked (an audit found a lead approving their own request, and a unit
// whose only lead asked with nobody to decide).
func TestExtensionDecidedByAnother(t *testing.T) {
	town := guanjia.Actor{UserID: 12, Role: guanjia.RoleDispatcher, Jurisdiction: "t1"}
	county := guanjia.Actor{UserID: 13, Role: guanjia.RoleDispatcher, Jurisdiction: "county"}
	yes, no := true, false
	for _, tc := range []struct {
		name    string
		by      string
		decider guanjia.Actor
		approve *bool
		want    string // the error code, "" when decided
	}{
		{"lead approves own", "lead", actors["lead"], &yes, guanjia.EFORBIDDEN},
		{"lead denies own", "lead", actors["lead"], &no, guanjia.EFORBIDDEN},
		{"dispatcher approves a handler's", "handler", actors["dispatcher"], &yes, ""},
		{"dispatcher approves a lead's", "lead", actors["dispatcher"], &yes, ""},
		{"admin denies a lead's", "lead", actors["admin"], &no, ""},
		{"lead approves a handler's", "handler", actors["lead"], &yes, ""},
		{"town's dispatcher", "handler", town, &yes, ""},
		{"county's dispatcher, case not referred", "handler", county, &yes, guanjia.EFORBIDDEN},
		{"another unit's lead", "handler", actors["lead-other"], &yes, guanjia.EFORBIDDEN},
		{"handler who asked", "handler", actors["handler"], &yes, guanjia.EFORBIDDEN},
		{"leader", "handler", actors["leader"], &yes, guanjia.EFORBIDDEN},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := caseIn(guanjia.StatusAccepted)
			c.Jurisdiction, c.PendingExtension = "t1", nil
			until := c.ResolveDueAt.Add(24 * time.Hour)
			due := *c.ResolveDueAt
			c = mustApply(t, c, guanjia.Command{Action: guanjia.ActionExtend, Reason: "parts", Until: until}, tc.by, t0)
			if allowed := guanjia.Allowed(&c, guanjia.ActionApproveExtension, tc.decider); allowed != (tc.want == "") {
				t.Errorf("Allowed = %v", allowed)
			}
			got, e, err := guanjia.Apply(c, guanjia.Command{Action: guanjia.ActionApproveExtension, Approve: tc.approve}, tc.decider, env(t0))
			if code := guanjia.ErrorCode(err); code != tc.want {
				t.Fatalf("error code = %q (%v), want %q", code, err, tc.want)
			}
			if tc.want != "" {
				return
			}
			wantDue := due
			if *tc.approve {
				wantDue = until
			}
			if got.PendingExtension != nil || !got.ResolveDueAt.Equal(wantDue) || e.Data["approved"] != *tc.approve {
				t.Errorf("decided: pending %v, due %v (want %v), event %v", got.PendingExtension, got.ResolveDueAt, wantDue, e.Data)
			}
		})
	}
}

// TestOwnExtensionMessage: one who decides on their own request is told
// why, not only that they may not.
func TestOwnExtensionMessage(t *testing.T) {
	c := caseIn(guanjia.StatusAccepted)
	c.PendingExtension = nil
	c = mustApply(t, c, guanjia.Command{Action: guanjia.ActionExtend, Reason: "parts", Until: c.ResolveDueAt.Add(time.Hour)}, "lead", t0)
	_, _, err := guanjia.Apply(c, guanjia.Command{Action: guanjia.ActionApproveExtension}, actors["lead"], env(t0))
	if guanjia.ErrorCode(err) != guanjia.EFORBIDDEN || !strings.Contains(err.Error(), "Someone else must decide") {
		t.Errorf("own request: %v, want EFORBIDDEN saying someone else must decide", err)
	}
}
