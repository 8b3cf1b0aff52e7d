package guanjia_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
)

// TestMediationApply records a mediation step by step, as a committee
// handler and a housekeeper may.
func TestMediationApply(t *testing.T) {
	staff := guanjia.Actor{UserID: 4, Name: "陈调解", Role: guanjia.RoleHandler, Unit: "hongqiao"}
	keeper := guanjia.Actor{UserID: 8, Name: "李师傅", Role: guanjia.RoleHousekeeper, Grid: "g1"}
	m := guanjia.Mediation{CaseID: 7}
	parties := []guanjia.Party{{Name: " 张三 ", Role: "applicant"}, {Name: "李四", Role: "respondent"}}
	m, s, err := m.Apply(guanjia.MediationUpdate{Parties: parties, Session: &guanjia.MediationSession{
		Mediator: guanjia.MediatorCommittee, MediatorName: "村调委会", Note: "初次调解"}}, staff, t0)
	if err != nil {
		t.Fatal(err)
	}
	if m.Version != 1 || m.Parties[0].Name != "张三" || s == nil || !s.At.Equal(t0) || s.CaseID != 7 || s.CreatedBy != 4 {
		t.Fatalf("first step: %+v, session %+v", m, s)
	}
	// A housekeeper adds a session as themselves, and nothing else.
	_, s, err = m.Apply(guanjia.MediationUpdate{Session: &guanjia.MediationSession{Mediator: guanjia.MediatorJustice,
		MediatorName: "someone else", Note: "上门劝说"}}, keeper, t0)
	if err != nil || s.Mediator != guanjia.MediatorHousekeeper || s.MediatorID != 8 || s.MediatorName != "李师傅" {
		t.Fatalf("housekeeper's session: %+v %v", s, err)
	}
	if _, _, err := m.Apply(guanjia.MediationUpdate{Outcome: guanjia.OutcomeAgreement, Agreement: "x"}, keeper, t0); guanjia.ErrorCode(err) != guanjia.EFORBIDDEN {
		t.Errorf("housekeeper records an outcome: %v", err)
	}
	if _, _, err := m.Apply(guanjia.MediationUpdate{Outcome: guanjia.OutcomeAgreement, Agreement: "x"}, actors["leader"], t0); guanjia.ErrorCode(err) != guanjia.EFORBIDDEN {
		t.Errorf("a leader records an outcome: %v", err)
	}
	// An outcome written against the record as it was before the
	// housekeeper's session is refused; a session against it is taken, and
	// so is an outcome against the record as it is now.
	now, _, err := m.Apply(guanjia.MediationUpdate{Session: &guanjia.MediationSession{Mediator: guanjia.MediatorCommittee,
		MediatorName: "村调委会", Note: "再谈"}, Version: m.Version}, staff, t0)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := now.Apply(guanjia.MediationUpdate{Outcome: guanjia.OutcomeAgreement, Agreement: "x", Version: m.Version}, staff, t0); guanjia.ErrorCode(err) != guanjia.ECONFLICT {
		t.Errorf("an outcome against version %d of %d: %v", m.Version, now.Version, err)
	}
	if _, _, err := now.Apply(guanjia.MediationUpdate{Session: &guanjia.MediationSession{Mediator: guanjia.MediatorCommittee,
		MediatorName: "村调委会", Note: "三谈"}, Version: m.Version}, staff, t0); err != nil {
		t.Errorf("a session against an older version: %v", err)
	}
	if _, _, err := now.Apply(guanjia.MediationUpdate{Outcome: guanjia.OutcomeAgreement, Agreement: "x", Version: now.Version}, staff, t0); err != nil {
		t.Errorf("an outcome against the current version: %v", err)
	}
	due := t0.AddDate(0, 0, 14)
	tests := []struct {
		name  string
		u     guanjia.MediationUpdate
		field string
		code  string
	}{
		{"follow-up before an outcome", guanjia.MediationUpdate{FollowUp: &guanjia.FollowUp{At: due, Note: "ok"}}, "", guanjia.ECONFLICT},
		{"agreement without its text", guanjia.MediationUpdate{Outcome: guanjia.OutcomeAgreement}, "agreement", guanjia.EINVALID},
		{"referral to nowhere", guanjia.MediationUpdate{Outcome: guanjia.OutcomeReferral, Referral: "police"}, "referral", guanjia.EINVALID},
		{"unknown outcome", guanjia.MediationUpdate{Outcome: "peace"}, "outcome", guanjia.EINVALID},
		{"session without a mediator", guanjia.MediationUpdate{Session: &guanjia.MediationSession{Mediator: guanjia.MediatorCommittee}}, "session", guanjia.EINVALID},
	}
	for _, tt := range tests {
		_, _, err := m.Apply(tt.u, staff, t0)
		if guanjia.ErrorCode(err) != tt.code || fieldOf(err) != tt.field {
			t.Errorf("%s: %v, want %s on %q", tt.name, err, tt.code, tt.field)
		}
	}
	m, _, err = m.Apply(guanjia.MediationUpdate{Outcome: guanjia.OutcomeReferral, Referral: guanjia.ReferralCourt, FollowUpDue: &due}, staff, t0)
	if err != nil {
		t.Fatal(err)
	}
	at := due.Add(time.Hour)
	m, _, err = m.Apply(guanjia.MediationUpdate{FollowUp: &guanjia.FollowUp{At: at, Note: " 已起诉 "}}, staff, t0)
	if err != nil {
		t.Fatal(err)
	}
	want := guanjia.Mediation{CaseID: 7, Parties: []guanjia.Party{{Name: "张三", Role: "applicant"}, {Name: "李四", Role: "respondent"}},
		Outcome: guanjia.OutcomeReferral, Referral: guanjia.ReferralCourt, FollowUpDue: &due, FollowedUpAt: &at,
		FollowUpNote: "已起诉", Version: 3, UpdatedAt: t0}
	if diff := cmp.Diff(want, m); diff != "" {
		t.Errorf("mediation (-want +got):\n%s", diff)
	}
}

func TestMayMediate(t *testing.T) {
	c := caseIn(guanjia.StatusAccepted) // with sanitation, in g1, reported by 10
	for name, want := range map[string]bool{"dispatcher": true, "handler": true, "handler-other": false,
		"housekeeper": true, "housekeeper-far": false, "reporter": false, "leader": true, "anonymous": false} {
		if got := guanjia.MayMediate(actors[name], &c); got != want {
			t.Errorf("%s: %v, want %v", name, got, want)
		}
	}
	far := actors["housekeeper-far"]
	far.UserID = c.ReporterID
	if guanjia.MayMediate(far, &c) {
		t.Error("a housekeeper of another grid who reported the dispute may mediate it")
	}
}
