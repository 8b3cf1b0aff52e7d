package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/geo"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
)

// TestBnBComplaints: a B&B complaint naming its B&B (bnb_id) is linked to
// it as chosen, a number of no B&B is refused naming the attribute, one at
// a lone B&B's door is linked by place; the staff relink and unlink; the
// owner sees the cases, the public page counts them (open, past, upheld
// and by category) and upheld counts a complaint resolved and confirmed.
func TestBnBComplaints(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, _, _ := testenv.App(t, dsn)
		ctx := context.Background()
		owner, dispatcher := actor(t, a, "owner"), actor(t, a, "dispatcher")
		all, err := a.BnBs(ctx, dispatcher, guanjia.BnBFilter{Status: guanjia.BnBOperating})
		if err != nil {
			t.Fatal(err)
		}
		mine, _ := a.BnBs(ctx, owner, guanjia.BnBFilter{})
		b := mine[0]
		var lone *guanjia.BnB // a B&B with no other within 15 m
		for _, x := range all {
			alone := true
			for _, y := range all {
				if y.ID != x.ID && geo.Distance(x.Lat, x.Lng, y.Lat, y.Lng) <= 2*guanjia.BnBLinkMetres {
					alone = false
				}
			}
			if alone && x.ID != b.ID {
				lone = x
				break
			}
		}
		if lone == nil {
			t.Fatal("no lone B&B in the demo")
		}
		report := func(attrs map[string]any, lat, lng float64) (*guanjia.Receipt, error) {
			if attrs == nil {
				attrs = map[string]any{}
			}
			attrs["bnb"] = "某民宿"
			return a.Report(ctx, resident, guanjia.Report{Category: guanjia.BnBComplaintCategory, Lat: lat, Lng: lng,
				Description: "房间与网上图片不符。", Attributes: attrs})
		}
		chosen, err := report(map[string]any{"bnb_id": float64(b.ID)}, b.Lat+0.002, b.Lng)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := report(map[string]any{"bnb_id": "999999"}, b.Lat, b.Lng); guanjia.ErrorCode(err) != guanjia.EINVALID {
			t.Errorf("a B&B number of none: %v, want invalid", err)
		}
		placed, err := report(nil, lone.Lat, lone.Lng+0.00005) // about 5 m away
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			id      int64
			bnb     int64
			how     string
			comment string
		}{{chosen.Case.ID, b.ID, guanjia.BnBLinkChosen, "chosen"}, {placed.Case.ID, lone.ID, guanjia.BnBLinkPlace, "by place"}} {
			l, _, err := a.CaseBnB(ctx, dispatcher, c.id)
			if err != nil || l == nil || l.BnBID != c.bnb || l.How != c.how {
				t.Errorf("%s: link %+v, %v; want B&B %d %s", c.comment, l, err, c.bnb, c.how)
			}
		}
		// The staff move the placed one to the owner's B&B, then unlink it.
		if err := a.LinkCaseBnB(ctx, owner, placed.Case.ID, b.ID); guanjia.ErrorCode(err) != guanjia.EFORBIDDEN {
			t.Errorf("an owner links: %v", err)
		}
		if err := a.LinkCaseBnB(ctx, dispatcher, placed.Case.ID, b.ID); err != nil {
			t.Fatal(err)
		}
		if cs, err := a.BnBComplaints(ctx, owner, b.ID); err != nil || len(cs) != 2 {
			t.Errorf("the owner sees %d complaints, %v; want 2", len(cs), err)
		}
		if err := a.LinkCaseBnB(ctx, dispatcher, placed.Case.ID, 0); err != nil {
			t.Fatal(err)
		}
		if l, _, _ := a.CaseBnB(ctx, dispatcher, placed.Case.ID); l != nil {
			t.Errorf("unlinked, still %+v", l)
		}

		// Upheld: resolved, then confirmed by the reporter.
		id := chosen.Case.ID
		handler := actor(t, a, "handler-market")
		fixed := true
		for _, s := range []struct {
			who guanjia.Actor
			cmd guanjia.Command
		}{
			{dispatcher, guanjia.Command{Action: guanjia.ActionDispatch, Unit: "market"}},
			{handler, guanjia.Command{Action: guanjia.ActionAccept}},
			{handler, guanjia.Command{Action: guanjia.ActionResolve, Note: "已协调退款。"}},
			{resident, guanjia.Command{Action: guanjia.ActionVerify, Fixed: &fixed, Satisfaction: 5}},
		} {
			if _, err := a.Act(ctx, s.who, id, s.cmd); err != nil {
				t.Fatalf("%s: %v", s.cmd.Action, err)
			}
		}
		p, counts, err := a.PublicBnBComplaints(ctx, b.ID)
		if err != nil || p.ID != b.ID || counts.Past != 1 || counts.Open != 0 || counts.Upheld != 1 || counts.Categories[guanjia.BnBComplaintCategory] != 1 {
			t.Errorf("public counts %+v, %v", counts, err)
		}
		upheld, err := a.UpheldComplaints(ctx, b.Jurisdiction, a.Now().Add(-time.Hour), a.Now().Add(time.Hour))
		if err != nil || upheld[b.ID] != 1 || len(upheld) != 1 {
			t.Errorf("upheld per B&B: %v, %v", upheld, err)
		}
		// The reputation's complaints part counts it.
		rep, err := a.Reputation(ctx, b.ID)
		if err != nil || rep.Parts.ComplaintsUpheld != 1 || rep.Complaints != 100-guanjia.ComplaintPenalty {
			t.Errorf("reputation %+v, %v; want one upheld complaint", rep, err)
		}
	})
}
