package guanjia_test

import (
	"fmt"
	"testing"

	"github.com/guanjia/guanjia"
)

// TestNoteText: a system note is rendered from its key in the reader's
// language; older system notes stored as English text are recognised; a
// person's note is never taken for a key.
func TestNoteText(t *testing.T) {
	zh := map[string]string{
		guanjia.NoteAutoClosed:    "自动结案",
		guanjia.NoteAutoEscalated: "自动升级",
		guanjia.NoteMerged:        "案件 %s 已合并",
	}
	tr := func(format string, args ...any) string { return fmt.Sprintf(zh[format], args...) }
	sys := guanjia.RoleSystem
	for _, tc := range []struct {
		name string
		e    guanjia.Event
		want string
	}{
		{"key", guanjia.Event{ActorRole: sys, NoteKey: guanjia.NoteAutoClosed}, "自动结案"},
		{"key with args", guanjia.Event{ActorRole: sys, NoteKey: guanjia.NoteMerged, NoteArgs: []string{"WZ-1"}}, "案件 WZ-1 已合并"},
		{"legacy close", guanjia.Event{ActorRole: sys, Note: guanjia.NoteAutoClosed}, "自动结案"},
		{"legacy escalate", guanjia.Event{ActorRole: sys, Note: guanjia.NoteAutoEscalated}, "自动升级"},
		{"legacy merge", guanjia.Event{ActorRole: sys, Note: "Case WZ-20261128-0007 was merged into this case."}, "案件 WZ-20261128-0007 已合并"},
		{"not a merge", guanjia.Event{ActorRole: sys, Note: "Case a b was merged into this case."}, "Case a b was merged into this case."},
		{"person's words", guanjia.Event{ActorRole: guanjia.RoleHandler, Note: guanjia.NoteAutoClosed}, guanjia.NoteAutoClosed},
		{"plain note", guanjia.Event{ActorRole: guanjia.RoleHandler, Note: "已修好"}, "已修好"},
	} {
		if got := tc.e.NoteText(tr); got != tc.want {
			t.Errorf("%s: NoteText = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestReopenClearsResolution: a case sent back after a fix, or reopened,
// no longer carries the old fix as its result.
func TestReopenClearsResolution(t *testing.T) {
	no := false
	for _, tc := range []struct {
		name  string
		from  guanjia.Status
		cmd   guanjia.Command
		actor string
	}{
		{"not fixed", guanjia.StatusResolved, guanjia.Command{Action: guanjia.ActionVerify, Fixed: &no}, "reporter"},
		{"reopened", guanjia.StatusClosed, guanjia.Command{Action: guanjia.ActionReopen, Reason: "又坏了"}, "dispatcher"},
	} {
		c := caseIn(tc.from)
		c.Resolution = "已修好"
		got, _, err := guanjia.Apply(c, tc.cmd, actors[tc.actor], env(t0))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got.Resolution != "" {
			t.Errorf("%s: resolution = %q after %s, want none", tc.name, got.Resolution, got.Status)
		}
	}
}

// FuzzNoteText: any stored note, as a system note or a person's, renders
// without panicking; a person's note is always shown as written.
func FuzzNoteText(f *testing.F) {
	for _, s := range []string{guanjia.NoteAutoClosed, "Case WZ-1 was merged into this case.", "Case  was merged into this case.", "Case %s%d was merged into this case.", "已修好"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, note string) {
		tr := func(format string, args ...any) string { return fmt.Sprintf(format, args...) }
		_ = guanjia.Event{ActorRole: guanjia.RoleSystem, Note: note}.NoteText(tr)
		if got := (guanjia.Event{ActorRole: guanjia.RoleHandler, Note: note}).NoteText(tr); got != note {
			t.Errorf("a handler's note %q shows as %q", note, got)
		}
	})
}
