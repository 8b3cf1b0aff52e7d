package guanjia_test

import (
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
)

func TestValidText(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"", true},
		{"河边堆了垃圾", true},
		{"line one\nline two\r\n\tindented", true},
		{"NUL \x00 inside", false},
		{"\x00", false},
		{"bell \a", false},
		{"escape \x1b[31m", false},
		{"delete \x7f", false},
		{"C1 \u0085 next line", false},
		{"not UTF-8 \xff", false},
		{"truncated \xe6\xb2", false},
		{"replacement character \ufffd is text", true},
		{"emoji 🙂 and zero width \u200b", true},
	}
	for _, tt := range tests {
		if got := guanjia.ValidText(tt.in); got != tt.want {
			t.Errorf("ValidText(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// TestReportText: a report with a control character in any text field is
// refused with an error naming that field.
func TestReportText(t *testing.T) {
	ok := func() guanjia.Report {
		return guanjia.Report{Category: "garbage", Lat: 30.745, Lng: 120.487, Description: "河边堆了垃圾"}
	}
	tests := []struct {
		field string
		edit  func(r *guanjia.Report)
	}{
		{"description", func(r *guanjia.Report) { r.Description = "垃圾\x00" }},
		{"address", func(r *guanjia.Report) { r.Address = "\x00" }},
		{"name", func(r *guanjia.Report) { r.Name = "张\x00三" }},
		{"phone", func(r *guanjia.Report) { r.Phone = "138\x00" }},
		{"email", func(r *guanjia.Report) { r.Email = "a@b\x00" }},
		{"category", func(r *guanjia.Report) { r.Category = "garbage\x00" }},
		{"client_id", func(r *guanjia.Report) { r.ClientID = "\x00" }},
		{"jurisdiction", func(r *guanjia.Report) { r.Jurisdiction = "\x01" }},
		{"media_url", func(r *guanjia.Report) { r.MediaURL = "https://x/\x00" }},
		{"attributes.volume", func(r *guanjia.Report) { r.Attributes = map[string]any{"volume": "big\x00"} }},
		{"attributes.kinds", func(r *guanjia.Report) { r.Attributes = map[string]any{"kinds": []any{"a", "\x00"}} }},
		{"photos", func(r *guanjia.Report) { r.Photos = []string{"\x00"} }},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			r := ok()
			tt.edit(&r)
			err := r.Validate()
			var e *guanjia.Error
			if !asError(err, &e) {
				t.Fatalf("Validate() = %v, want an EINVALID error", err)
			}
			if diff := cmp.Diff([]string{guanjia.EINVALID, tt.field}, []string{e.Code, e.Field}); diff != "" {
				t.Errorf("code and field (-want +got):\n%s", diff)
			}
		})
	}
	r := ok()
	if err := r.Validate(); err != nil {
		t.Errorf("an honest report: %v", err)
	}
}

// TestApplyText: a command's note with a control character is refused.
func TestApplyText(t *testing.T) {
	c := guanjia.Case{ID: 1, Status: guanjia.StatusNew, Category: "garbage", Version: 1}
	cmd := guanjia.Command{Action: guanjia.ActionComment, Note: "note\x00"}
	actor := guanjia.Actor{UserID: 1, Role: guanjia.RoleDispatcher}
	_, _, err := guanjia.Apply(c, cmd, actor, guanjia.Env{})
	if guanjia.ErrorCode(err) != guanjia.EINVALID {
		t.Errorf("Apply with NUL in the note: %v, want EINVALID", err)
	}
}

// FuzzValidText compares ValidText with its definition, rune by rune.
func FuzzValidText(f *testing.F) {
	for _, s := range []string{"", "河边\n", "\x00", "\xff", "\u0085", "\t\r"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := utf8.ValidString(s)
		for _, r := range s {
			if unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' {
				want = false
			}
		}
		if got := guanjia.ValidText(s); got != want {
			t.Errorf("ValidText(%q) = %v, want %v", s, got, want)
		}
	})
}

func TestCheckValues(t *testing.T) {
	tests := []struct {
		name   string
		values map[string][]string
		field  string // "" for no error
	}{
		{"honest", map[string][]string{"q": {"石佛南路"}, "status": {"new", "open"}}, ""},
		{"value", map[string][]string{"q": {"a\x00"}, "status": {"new"}}, "q"},
		{"second value", map[string][]string{"status": {"new", "\x00"}}, "status"},
		{"first name in order", map[string][]string{"z": {"\x00"}, "a": {"\x01"}}, "a"},
		{"name", map[string][]string{"q\x00": {"x"}}, `"q\x00"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := guanjia.CheckValues(tt.values)
			var e *guanjia.Error
			got := ""
			if asError(err, &e) {
				got = e.Field
			} else if err != nil {
				t.Fatalf("CheckValues: %v, want a *guanjia.Error", err)
			}
			if got != tt.field {
				t.Errorf("field at fault %q, want %q", got, tt.field)
			}
		})
	}
}

// TestValidateText: each domain value that people write refuses a
// control character in its text before anything else, naming the field.
func TestValidateText(t *testing.T) {
	tests := []struct {
		field    string
		validate func() error
	}{
		{"note", (&guanjia.Application{Name: "王", Note: "\x00"}).Validate},
		{"stairwell", (&guanjia.Application{Stairwell: "3\x00"}).Validate},
		{"body", (&guanjia.Notice{Title: "停水", Body: "\x00"}).Validate},
		{"description", (&guanjia.Reward{Name: "米", Description: "\x1b"}).Validate},
		{"note", (&guanjia.MobiliseRequest{Note: "\x00"}).Validate},
	}
	for _, tt := range tests {
		var e *guanjia.Error
		if err := tt.validate(); !asError(err, &e) || e.Field != tt.field || e.Code != guanjia.EINVALID {
			t.Errorf("Validate() = %v, want EINVALID naming %s", err, tt.field)
		}
	}
}
