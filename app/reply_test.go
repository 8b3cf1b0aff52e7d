package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestReplies: the staff read the county's replies and their town's, never
// another town's; a template for a case has its placeholders filled from
// the case; the public may not read them; a town's administrator writes
// replies of their town, and every edit is a new version.
func TestReplies(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, _ := newApp(t, dsn)
		ctx := context.Background()
		puyuanAdmin := actor(t, a, "puyuan-admin")
		own := &guanjia.Reply{Category: "garbage", Kind: guanjia.ReplyTemplate, Title: "濮院专用", Body: "{town}：{place}已清理。", Active: true}
		if err := a.PutReply(ctx, puyuanAdmin, own); err != nil {
			t.Fatal(err)
		}
		if own.Jurisdiction != puyuan || own.Version != 1 {
			t.Fatalf("a Puyuan administrator's reply: town %q version %d", own.Jurisdiction, own.Version)
		}
		titles := func(who string) map[string]bool {
			rs, err := a.Replies(ctx, actor(t, a, who), guanjia.ReplyFilter{Category: "garbage"})
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]bool{}
			for _, r := range rs {
				out[r.Title] = true
			}
			return out
		}
		if got := titles("puyuan-dispatcher"); !got["濮院专用"] || !got["垃圾已清运"] {
			t.Errorf("Puyuan's dispatcher reads %v, want the county's and Puyuan's", got)
		}
		if got := titles("dispatcher"); got["濮院专用"] || !got["垃圾已清运"] {
			t.Errorf("Wuzhen's dispatcher reads %v, want the county's only", got)
		}
		if _, err := a.Replies(ctx, resident, guanjia.ReplyFilter{}); guanjia.ErrorCode(err) != guanjia.EFORBIDDEN {
			t.Errorf("a resident reads replies: %v", err)
		}
		rec := mustReport(t, a, guanjia.Report{Category: "garbage", Lat: 30.7452, Lng: 120.4871, Address: "西栅大街 12 号"})
		rs, err := a.RepliesFor(ctx, actor(t, a, "dispatcher"), rec.Case.ID, guanjia.ReplyTemplate, "清运", "zh")
		if err != nil || len(rs) != 1 {
			t.Fatalf("templates for the case: %v, %v", rs, err)
		}
		if b := rs[0].Body; !strings.Contains(b, rec.Case.Number) || !strings.Contains(b, "西栅大街 12 号") || strings.Contains(b, "{case_number}") {
			t.Errorf("filled template %q, want the case number and the place", b)
		}
		if _, err := a.RepliesFor(ctx, actor(t, a, "puyuan-dispatcher"), rec.Case.ID, "", "", "zh"); guanjia.ErrorCode(err) != guanjia.ENOTFOUND {
			t.Errorf("another town's case: %v, want not found", err)
		}
		own.Body = "{town}：{place}的垃圾已清理。"
		if err := a.PutReply(ctx, puyuanAdmin, own); err != nil || own.Version != 2 {
			t.Fatalf("second version: %d, %v", own.Version, err)
		}
		if err := a.PutReply(ctx, puyuanAdmin, own); guanjia.ErrorCode(err) != guanjia.EUNPROCESSABLE {
			t.Errorf("an edit that changes nothing: %v", err)
		}
		_, vs, err := a.Reply(ctx, puyuanAdmin, own.ID)
		if err != nil || len(vs) != 2 || vs[1].Body != "{town}：{place}已清理。" {
			t.Errorf("history %+v, %v", vs, err)
		}
		if _, _, err := a.Reply(ctx, actor(t, a, "admin"), own.ID); guanjia.ErrorCode(err) != guanjia.ENOTFOUND {
			t.Errorf("Wuzhen's administrator opens Puyuan's reply: %v", err)
		}
		county, _ := a.Replies(ctx, actor(t, a, "admin"), guanjia.ReplyFilter{Category: "garbage", Kind: guanjia.ReplyTemplate, Q: "清运"})
		if len(county) == 0 {
			t.Fatal("no county template")
		}
		county[0].Body += "!"
		if err := a.PutReply(ctx, actor(t, a, "admin"), county[0]); guanjia.ErrorCode(err) != guanjia.EFORBIDDEN {
			t.Errorf("a town's administrator edits the county's reply: %v", err)
		}
	})
}
