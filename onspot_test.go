package guanjia_test

import (
	"testing"

	"github.com/guanjia/guanjia"
)

// TestHandleOnSpot: the housekeeper who reported a problem may handle it
// on the spot with before and after photos; someone else must confirm.
func TestHandleOnSpot(t *testing.T) {
	keeper := guanjia.Actor{UserID: 8, Role: guanjia.RoleHousekeeper, Grid: "g1"}
	other := guanjia.Actor{UserID: 9, Role: guanjia.RoleHousekeeper, Grid: "g1"}
	reported := func() guanjia.Case {
		c := caseIn(guanjia.StatusDispatched)
		c.ReporterID, c.Photos = 8, []string{"before"}
		return c
	}
	handle := guanjia.Command{Action: guanjia.ActionHandle, Note: "已清理", Photos: []string{"after"}}
	tests := []struct {
		name  string
		c     func() guanjia.Case
		actor guanjia.Actor
		cmd   guanjia.Command
		code  string
	}{
		{"the reporting housekeeper", reported, keeper, handle, ""},
		{"another housekeeper", reported, other, handle, guanjia.EFORBIDDEN},
		{"a resident reporter", func() guanjia.Case { c := reported(); c.ReporterID = 10; return c }, actors["reporter"], handle, guanjia.EFORBIDDEN},
		{"no photo after", reported, keeper, guanjia.Command{Action: guanjia.ActionHandle, Note: "已清理"}, guanjia.EINVALID},
		{"no photo before", func() guanjia.Case { c := reported(); c.Photos = nil; return c }, keeper, handle, guanjia.EINVALID},
		{"no note", reported, keeper, guanjia.Command{Action: guanjia.ActionHandle, Photos: []string{"after"}}, guanjia.EINVALID},
		{"accepted by a unit already", func() guanjia.Case {
			c := caseIn(guanjia.StatusAccepted)
			c.ReporterID = 8
			c.Photos = []string{"b"}
			return c
		}, keeper, handle, guanjia.ECONFLICT},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, e, err := guanjia.Apply(tt.c(), tt.cmd, tt.actor, env(t0))
			if code := guanjia.ErrorCode(err); code != tt.code {
				t.Fatalf("code %q (%v), want %q", code, err, tt.code)
			}
			if err == nil && (got.Status != guanjia.StatusResolved || got.Unit != "" || got.SignDueAt != nil || !got.HandledOnSpot() || e.Data["on_spot"] != true) {
				t.Errorf("handled: %+v, event %+v", got, e)
			}
		})
	}

	c, _, err := guanjia.Apply(reported(), handle, keeper, env(t0))
	if err != nil {
		t.Fatal(err)
	}
	yes, no := true, false
	verify := guanjia.Command{Action: guanjia.ActionVerify, Fixed: &yes, Satisfaction: 5}
	if _, _, err := guanjia.Apply(c, verify, keeper, env(t0)); guanjia.ErrorCode(err) != guanjia.EFORBIDDEN {
		t.Errorf("self-confirmation: %v, want forbidden", err)
	}
	if guanjia.Allowed(&c, guanjia.ActionVerify, keeper) {
		t.Errorf("Allowed offers self-confirmation")
	}
	for _, who := range []guanjia.Actor{other, actors["dispatcher"], actors["admin"]} {
		if got, _, err := guanjia.Apply(c, verify, who, env(t0)); err != nil || got.Status != guanjia.StatusClosed {
			t.Errorf("%s confirms: %v %s", who.Role, err, got.Status)
		}
	}
	notFixed := guanjia.Command{Action: guanjia.ActionVerify, Fixed: &no, Note: "还在"}
	if got, _, err := guanjia.Apply(c, notFixed, other, env(t0)); err != nil || got.Status != guanjia.StatusNew || got.Reopened != 1 {
		t.Errorf("not fixed: %v %s, want back to new for the dispatcher", err, got.Status)
	}
}
