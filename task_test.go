package guanjia_test

import (
	"testing"
	"time"

	"github.com/guanjia/guanjia"
)

func newTask() guanjia.Task {
	return guanjia.Task{ID: 1, Title: "河道巡查", Kind: guanjia.TaskPatrol, Lat: 30.745, Lng: 120.487, Radius: 200,
		StartsAt: t0.Add(2 * time.Hour), EndsAt: t0.Add(4 * time.Hour), Needed: 5, Points: 10}
}

func TestTaskStateAndClaim(t *testing.T) {
	tests := []struct {
		name string
		mod  func(*guanjia.Task)
		at   time.Time
		want guanjia.TaskState
	}{
		{"open", func(*guanjia.Task) {}, t0, guanjia.TaskOpen},
		{"running and not full", func(*guanjia.Task) {}, t0.Add(3 * time.Hour), guanjia.TaskOpen},
		{"full", func(t *guanjia.Task) { t.Claimed = 5 }, t0, guanjia.TaskFull},
		{"ended", func(*guanjia.Task) {}, t0.Add(4 * time.Hour), guanjia.TaskEnded},
		{"cancelled", func(t *guanjia.Task) { t.Cancelled = true }, t0, guanjia.TaskCancelled},
	}
	for _, tt := range tests {
		task := newTask()
		tt.mod(&task)
		if got := task.StateAt(tt.at); got != tt.want {
			t.Errorf("%s: state %s, want %s", tt.name, got, tt.want)
		}
		if err := guanjia.CanClaim(&task, tt.at); (err == nil) != (tt.want == guanjia.TaskOpen) {
			t.Errorf("%s: CanClaim = %v", tt.name, err)
		}
	}
}

func TestTaskValidate(t *testing.T) {
	tests := []struct {
		name  string
		mod   func(*guanjia.Task)
		field string
	}{
		{"good", func(*guanjia.Task) {}, ""},
		{"no title", func(t *guanjia.Task) { t.Title = " " }, "title"},
		{"unknown kind", func(t *guanjia.Task) { t.Kind = "party" }, "kind"},
		{"ends before it starts", func(t *guanjia.Task) { t.EndsAt = t.StartsAt }, "ends_at"},
		{"nobody needed", func(t *guanjia.Task) { t.Needed = 0 }, "needed"},
		{"too many points", func(t *guanjia.Task) { t.Points = 51 }, "points"},
	}
	for _, tt := range tests {
		task := newTask()
		tt.mod(&task)
		if got := fieldOf(task.Validate(50)); got != tt.field {
			t.Errorf("%s: field %q, want %q", tt.name, got, tt.field)
		}
	}
}

// TestClaimSteps: check in on the spot within the window, complete with
// proof, and have someone else confirm.
func TestClaimSteps(t *testing.T) {
	task := newTask()
	c := guanjia.TaskClaim{TaskID: 1, UserID: 8, Status: guanjia.ClaimClaimed, Version: 1}
	checkins := []struct {
		name string
		at   time.Time
		dist float64
		code string
	}{
		{"too early", t0, 0, guanjia.ECONFLICT},
		{"too far", t0.Add(90 * time.Minute), 400, guanjia.EUNPROCESSABLE},
		{"after the end", t0.Add(4 * time.Hour), 0, guanjia.ECONFLICT},
		{"an hour early, close by", t0.Add(time.Hour), 250, ""},
	}
	for _, tt := range checkins {
		_, err := guanjia.Checkin(&task, c, 30.745, 120.487, tt.dist, tt.at)
		if code := guanjia.ErrorCode(err); code != tt.code {
			t.Errorf("check in %s: %q (%v), want %q", tt.name, code, err, tt.code)
		}
	}
	if _, err := guanjia.Complete(c, []string{"p"}, "done", t0); guanjia.ErrorCode(err) != guanjia.ECONFLICT {
		t.Errorf("complete before checking in: %v", err)
	}
	in, err := guanjia.Checkin(&task, c, 30.745, 120.487, 10, t0.Add(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := guanjia.Complete(in, nil, "done", t0); fieldOf(err) != "photos" {
		t.Errorf("complete without a photo: %v", err)
	}
	done, err := guanjia.Complete(in, []string{"p"}, " 已巡查 ", t0.Add(3*time.Hour))
	if err != nil || done.Status != guanjia.ClaimCompleted || done.Note != "已巡查" || done.Version != 3 {
		t.Fatalf("complete: %+v %v", done, err)
	}
	if _, err := guanjia.Confirm(done, true, "", guanjia.Actor{UserID: 8, Role: guanjia.RoleDispatcher}, t0); guanjia.ErrorCode(err) != guanjia.EFORBIDDEN {
		t.Errorf("confirming one's own work: %v", err)
	}
	staff := guanjia.Actor{UserID: 1, Role: guanjia.RoleDispatcher}
	if _, err := guanjia.Confirm(done, false, "", staff, t0); fieldOf(err) != "reason" {
		t.Errorf("reject without a reason: %v", err)
	}
	ok, err := guanjia.Confirm(done, true, "", staff, t0)
	if err != nil || ok.Status != guanjia.ClaimConfirmed || ok.ConfirmedBy != 1 {
		t.Errorf("confirm: %+v %v", ok, err)
	}
	if _, err := guanjia.Confirm(ok, true, "", staff, t0); guanjia.ErrorCode(err) != guanjia.ECONFLICT {
		t.Errorf("confirm twice: %v", err)
	}
}

func TestMayPublishTask(t *testing.T) {
	for _, tt := range []struct {
		actor guanjia.Actor
		unit  string
		want  bool
	}{
		{actors["dispatcher"], "", true},
		{actors["admin"], "sanitation", true},
		{actors["handler"], "sanitation", true},
		{actors["lead-other"], "sanitation", false},
		{actors["handler"], "", false},
		{actors["housekeeper"], "", false},
		{actors["leader"], "", false},
	} {
		if got := guanjia.MayPublishTask(tt.actor, tt.unit); got != tt.want {
			t.Errorf("%+v for %q: %v, want %v", tt.actor, tt.unit, got, tt.want)
		}
	}
}
