package guanjia_test

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/guanjia/guanjia"
)

// TestProjectTemplate: the default template parses, writes back to text
// that parses to the same, and makes items whose prerequisites name
// earlier items; bad lines are refused naming the line.
func TestProjectTemplate(t *testing.T) {
	tp, err := guanjia.ParseProjectTemplate(guanjia.DefaultProjectTemplate)
	if err != nil {
		t.Fatal(err)
	}
	if len(tp.Stages) != 4 || tp.Stages[0].Name != "立项用地规划许可" || tp.Stages[3].Name != "竣工验收" {
		t.Fatalf("stages: %+v", tp.Stages)
	}
	again, err := guanjia.ParseProjectTemplate(tp.Text())
	if err != nil || again.Text() != tp.Text() {
		t.Fatalf("the template's text does not read back: %v", err)
	}
	_, items := tp.NewItems()
	for _, it := range items {
		for _, s := range it.Prereqs {
			if s >= it.Seq {
				t.Errorf("item %s waits for a later item %d", it.Name, s)
			}
		}
	}
	for _, bad := range []string{"", "a | b | c", "a | b | urban | 0 |", "a | b | urban | 5 | nope", "a | b | urban | 5\na | b | urban | 5"} {
		if _, err := guanjia.ParseProjectTemplate(bad); guanjia.ErrorCode(err) != guanjia.EINVALID {
			t.Errorf("template %q: %v, want invalid", bad, err)
		}
	}
}

// TestMentions: names after @ or ＠, each once, ended by spaces and
// punctuation; resolved to members by username, name, or name before a
// bracket.
func TestMentions(t *testing.T) {
	got := guanjia.ParseMentions("@沈涛，请看 ＠steward 和@沈涛 a@b. @")
	if want := []string{"沈涛", "steward", "b"}; !slices.Equal(got, want) {
		t.Errorf("ParseMentions: %q, want %q", got, want)
	}
	members := []guanjia.ProjectMember{{UserID: 1, Username: "steward", Name: "沈涛（项目管家）"}, {UserID: 2, Username: "investor", Name: "周志远"}}
	if ids := guanjia.ResolveMentions([]string{"沈涛", "steward", "周志远", "nobody"}, members); !slices.Equal(ids, []int64{1, 2}) {
		t.Errorf("ResolveMentions: %v", ids)
	}
}

func FuzzParseMentions(f *testing.F) {
	for _, s := range []string{"@沈涛 你好", "＠a@b@@c", "@" + strings.Repeat("x", 40), "\xff@\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		names := guanjia.ParseMentions(s)
		if len(names) > 20 {
			t.Fatalf("%d names", len(names))
		}
		for _, n := range names {
			if c := utf8.RuneCountInString(n); c < 1 || c > 32 || !utf8.ValidString(n) || strings.ContainsAny(n, " @") {
				t.Fatalf("name %q", n)
			}
		}
	})
}

func FuzzParseProjectTemplate(f *testing.F) {
	f.Add(guanjia.DefaultProjectTemplate)
	f.Add("a | b | c | 1 |\na | d | c | 2 | b; b")
	f.Add("# x\n | | | |")
	f.Fuzz(func(t *testing.T, s string) {
		tp, err := guanjia.ParseProjectTemplate(s)
		if err != nil {
			return
		}
		again, err := guanjia.ParseProjectTemplate(tp.Text())
		if err != nil || again.Text() != tp.Text() {
			t.Fatalf("%q: its text %q does not read back: %v", s, tp.Text(), err)
		}
	})
}
