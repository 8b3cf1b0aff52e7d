package web

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
)

// TestJobsAndChannelsNamed: every background job and channel kind has a
// name the pages show in the reader's language, not its code.
func TestJobsAndChannelsNamed(t *testing.T) {
	for _, j := range app.Jobs() {
		if named("zh", "job", j) == j {
			t.Errorf("job %q has no name", j)
		}
	}
	for _, k := range guanjia.ChannelKinds {
		if _, ok := codeNames["channel:"+string(k)]; !ok {
			t.Errorf("channel kind %q has no name", k)
		}
	}
}

// TestAuditNamed: the audit log's page names every audited object, and
// every verb the app logs, in the reader's language.
func TestAuditNamed(t *testing.T) {
	for _, o := range guanjia.AuditObjects {
		if auditObjectName[o] == "" {
			t.Errorf("the audited object %q has no name", o)
		}
	}
	re := regexp.MustCompile(`a\.audit\(ctx, tx, actor, [^,]+, "([a-z_-]+)"`)
	files, _ := filepath.Glob("../app/*.go")
	verbs := map[string]bool{"create": true, "update": true} // app's verb()
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			verbs[m[1]] = true
		}
	}
	if len(verbs) < 8 {
		t.Fatalf("found the verbs %v only; is the scan broken?", verbs)
	}
	for v := range verbs {
		if got := auditVerb("zh", "x."+v); got == "x."+v {
			t.Errorf("the verb %q has no name", v)
		}
	}
}

// TestNotSentExplained: why a notification was not sent reads in Chinese
// on the outbox page.
func TestNotSentExplained(t *testing.T) {
	for _, why := range []string{app.KeptNoGateway, app.ChannelGone} {
		if translate("zh", why) == why {
			t.Errorf("%q has no Chinese", why)
		}
	}
}

// TestBnBGradesNamed: each B&B grade reads in the reader's language.
func TestBnBGradesNamed(t *testing.T) {
	for _, g := range append(append([]string(nil), guanjia.BnBGrades...), guanjia.BnBZJGrades...) {
		if en := named("en", "grade", g); en == g {
			t.Errorf("the grade %q has no English name", g)
		}
		if zh := named("zh", "grade", g); !strings.Contains(zh, g) {
			t.Errorf("the grade %q reads %q in Chinese", g, zh)
		}
	}
}

// TestStatsChannelsNamed: the statistics by channel name every channel a
// case can come in by, the desk's included, in the reader's language.
func TestStatsChannelsNamed(t *testing.T) {
	for ch, want := range map[guanjia.Channel][2]string{
		guanjia.ChannelWalkIn: {"Walk-in", "来访"}, guanjia.ChannelHotline: {"12345 hotline", "12345热线"},
		"wechat": {"WeChat", "微信"}, "letter": {"Letter", "来信"}, guanjia.ChannelApp: {"App", "手机"},
	} {
		if en, zh := statsKeyName("en", nil, "channel", string(ch)), statsKeyName("zh", nil, "channel", string(ch)); en != want[0] || zh != want[1] {
			t.Errorf("the channel %s reads %q and %q, want %q and %q", ch, en, zh, want[0], want[1])
		}
	}
}

// TestLabelTablesTranslated: the tables of English labels the pages
// translate when they show them (which the scan of literal strings in
// TestEveryStringTranslated does not reach) have Chinese, and the desk's
// codes have Chinese under their own keys.
func TestLabelTablesTranslated(t *testing.T) {
	check := func(s string) {
		if s != "" && translate("zh", s) == s {
			t.Errorf("no Chinese for %q", s)
		}
	}
	for _, f := range figureDefs {
		check(f.Label)
		check(f.Tip)
		check(f.ListCaption())
	}
	for _, m := range []map[string]string{statsByLabels, auditObjectName, auditVerbName, replyKindName, dayKindName,
		doneMessages, priorityName, unitKindName, auditFieldName, auditFieldNameOf} {
		for _, v := range m {
			check(v)
		}
	}
	for _, v := range eventNames {
		check(v)
	}
	for _, v := range audienceNames {
		check(v)
	}
	for k := range deskLabels {
		if k != "channel:open311" {
			check(k)
		}
	}
}
