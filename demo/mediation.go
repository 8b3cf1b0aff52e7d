package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/guanjia/guanjia"
)

// seedMediations records the mediation of some neighbour disputes: the
// parties, a session or two with the committee or the justice office, and
// for the closed ones the agreement or referral and a follow-up visit.
func (k *keeping) seedMediations(ctx context.Context) error {
	cases, _, err := k.db.FindCases(ctx, guanjia.CaseFilter{Category: []string{"neighbour-dispute"},
		Status: []guanjia.Status{guanjia.StatusAccepted, guanjia.StatusResolved, guanjia.StatusClosed}, Limit: 10})
	if err != nil {
		return err
	}
	for _, c := range cases {
		if err := k.mediate(ctx, c); err != nil {
			return err
		}
	}
	return nil
}

func (k *keeping) mediate(ctx context.Context, c *guanjia.Case) error {
	staff, err := actorOf(ctx, k.db, "handler-"+c.Unit)
	if err != nil || c.AcceptedAt == nil {
		return err
	}
	at := c.AcceptedAt.Add(2 * time.Hour)
	k.clock.Set(at)
	u := guanjia.MediationUpdate{Parties: []guanjia.Party{
		{Name: chineseName(k.r), Role: "applicant", Phone: fmt.Sprintf("1395730%04d", k.r.IntN(10000))},
		{Name: chineseName(k.r), Role: "respondent", Phone: fmt.Sprintf("1385730%04d", k.r.IntN(10000))}},
		Session: &guanjia.MediationSession{At: at, Mediator: guanjia.MediatorCommittee, MediatorName: staff.Name,
			Note: "双方到村委会当面沟通，各自陈述，情绪较激动。"}}
	if _, err := k.a.RecordMediation(ctx, staff, c.ID, u); err != nil {
		return err
	}
	if c.Status != guanjia.StatusClosed || c.ClosedAt == nil {
		return nil
	}
	k.clock.Set(c.ClosedAt.Add(-time.Hour))
	u = guanjia.MediationUpdate{Outcome: guanjia.OutcomeAgreement, Agreement: "楼上住户负责维修漏水管道，赔偿楼下粉刷费用 800 元。",
		Session: &guanjia.MediationSession{Mediator: guanjia.MediatorJustice, MediatorName: "司法所调解员", Note: "第二次调解，达成协议并签字。"}}
	if k.r.IntN(4) == 0 {
		u.Outcome, u.Agreement, u.Referral = guanjia.OutcomeReferral, "", guanjia.ReferralLegalAid
	}
	due := c.ClosedAt.AddDate(0, 0, 14)
	u.FollowUpDue = &due
	if _, err := k.a.RecordMediation(ctx, staff, c.ID, u); err != nil || due.After(k.now) {
		return err
	}
	k.clock.Set(due)
	_, err = k.a.RecordMediation(ctx, staff, c.ID, guanjia.MediationUpdate{FollowUp: &guanjia.FollowUp{At: due, Note: "回访：协议已履行，双方关系缓和。"}})
	return err
}
