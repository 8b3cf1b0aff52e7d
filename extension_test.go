package guanjia_test

import (
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
