package guanjia

import (
	"errors"
	"strings"
	"testing"
)

func TestReplyValidate(t *testing.T) {
	ok := func() Reply {
		return Reply{Category: "garbage", Kind: ReplyTemplate, Title: "清运完毕", Body: "您反映的{place}垃圾已由{unit}清运（{case_number}）。"}
	}
	tests := []struct {
		name  string
		edit  func(*Reply)
		field string // "" for valid
	}{
		{"valid", func(*Reply) {}, ""},
		{"answer", func(r *Reply) { r.Kind = ReplyAnswer }, ""},
		{"unknown kind", func(r *Reply) { r.Kind = "memo" }, "kind"},
		{"no category", func(r *Reply) { r.Category = "" }, "category"},
		{"blank title", func(r *Reply) { r.Title = "  " }, "title"},
		{"long title", func(r *Reply) { r.Title = strings.Repeat("字", 101) }, "title"},
		{"no body", func(r *Reply) { r.Body = "" }, "body"},
		{"long body", func(r *Reply) { r.Body = strings.Repeat("a", 4001) }, "body"},
		{"unknown placeholder", func(r *Reply) { r.Body = "Dear {name}" }, "body"},
		{"control character", func(r *Reply) { r.Body = "a\x00b" }, "body"},
		{"braces that are no placeholder", func(r *Reply) { r.Body = "{ 中文 } {Place}" }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ok()
			tt.edit(&r)
			err := r.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			var e *Error
			if err == nil || !errors.As(err, &e) || e.Field != tt.field {
				t.Fatalf("Validate() = %v, want an error about %s", err, tt.field)
			}
		})
	}
}

func TestFill(t *testing.T) {
	values := map[string]string{"case_number": "WZ-20261203-0001", "place": "西栅大街", "unit": "", "name": "x"}
	tests := []struct{ in, want string }{
		{"{case_number} 已办结", "WZ-20261203-0001 已办结"},
		{"{place}{place}", "西栅大街西栅大街"},
		{"由{unit}处理", "由{unit}处理"}, // no value: left to fill in
		{"{name}", "{name}"},       // not a placeholder
		{"{date} {town}", "{date} {town}"},
		{"no placeholders", "no placeholders"},
	}
	for _, tt := range tests {
		if got := Fill(tt.in, values); got != tt.want {
			t.Errorf("Fill(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestReplyChanges(t *testing.T) {
	r := Reply{Category: "c", Kind: ReplyAnswer, Title: "t", Body: "b", Active: true}
	same, title, off := r, r, r
	title.Title = "t2"
	off.Active = false
	for _, tt := range []struct {
		next Reply
		want bool
	}{{same, false}, {title, true}, {off, true}} {
		if got := r.Changes(&tt.next); got != tt.want {
			t.Errorf("Changes(%+v) = %v, want %v", tt.next, got, tt.want)
		}
	}
}

// FuzzReply: validating and filling any text never panics, and filling
// with no values changes nothing.
func FuzzReply(f *testing.F) {
	for _, s := range []string{"{case_number} 已办结", "{place}{", "{{unit}}", "}{", "{name}", "\x00{date}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		r := Reply{Category: "c", Kind: ReplyAnswer, Title: "t", Body: body}
		_ = r.Validate()
		if got := Fill(body, nil); got != body {
			t.Errorf("Fill(%q, nil) = %q", body, got)
		}
		Fill(body, map[string]string{"place": "{place}", "unit": "x"})
	})
}
