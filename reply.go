package guanjia

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Standard replies and the knowledge base: for each category, approved
// answers to what callers ask and templates of the text a unit writes when
// it resolves a case. Each edit is a new version; the current one is used.
// A template's placeholders ({case_number}, {place}, {unit}, ...) are
// filled from the case it is used on.

// Reply kinds.
const (
	ReplyAnswer   = "answer"   // an approved answer to a question
	ReplyTemplate = "template" // a resolution template
)

// ReplyKinds lists the kinds.
var ReplyKinds = []string{ReplyAnswer, ReplyTemplate}

// Reply is the current version of a standard reply.
type Reply struct {
	ID       int64  `json:"id"`
	Category string `json:"category"`
	Kind     string `json:"kind"`
	// Jurisdiction is "" for the county's replies, offered in every town,
	// or the one town whose reply it is.
	Jurisdiction string    `json:"jurisdiction"`
	Title        string    `json:"title"`
	Body         string    `json:"body"`
	Version      int       `json:"version"`
	Active       bool      `json:"active"`
	UpdatedBy    int64     `json:"updated_by"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// ReplyVersion is one version of a reply, as it was written.
type ReplyVersion struct {
	Version   int       `json:"version"`
	Title     string    `json:"title"`
	Body      string    `json:"body"`
	Active    bool      `json:"active"`
	CreatedBy int64     `json:"created_by"`
	ByName    string    `json:"by_name"`
	CreatedAt time.Time `json:"created_at"`
}

// Placeholders a reply may hold, filled from a case.
var ReplyPlaceholders = []string{"case_number", "category", "place", "unit", "date", "town"}

var placeholderRE = regexp.MustCompile(`\{([a-z_]+)\}`)

// Limits of a reply's text.
const (
	maxReplyTitle = 100  // characters
	maxReplyBody  = 4000 // characters
)

// Validate checks a reply before it is stored: a kind, a title and a body
// of bounded length, and no placeholder but the known ones.
func (r *Reply) Validate() error {
	r.Title, r.Body = strings.TrimSpace(r.Title), strings.TrimSpace(r.Body)
	switch {
	case r.Kind != ReplyAnswer && r.Kind != ReplyTemplate:
		return FieldErrorf(EINVALID, "kind", "A reply is an answer or a resolution template.")
	case r.Category == "":
		return FieldErrorf(EINVALID, "category", "Choose a category.")
	case r.Title == "" || utf8.RuneCountInString(r.Title) > maxReplyTitle:
		return FieldErrorf(EINVALID, "title", "A title has 1 to %d characters.", maxReplyTitle)
	case r.Body == "" || utf8.RuneCountInString(r.Body) > maxReplyBody:
		return FieldErrorf(EINVALID, "body", "A text has 1 to %d characters.", maxReplyBody)
	}
	if err := CheckTexts("title", r.Title, "body", r.Body); err != nil {
		return err
	}
	for _, m := range placeholderRE.FindAllStringSubmatch(r.Body, -1) {
		if !knownPlaceholder(m[1]) {
			return FieldErrorf(EINVALID, "body", "Unknown placeholder {%s}; use %s.", m[1], placeholderList())
		}
	}
	return nil
}

func knownPlaceholder(name string) bool {
	for _, p := range ReplyPlaceholders {
		if p == name {
			return true
		}
	}
	return false
}

func placeholderList() string {
	out := make([]string, len(ReplyPlaceholders))
	for i, p := range ReplyPlaceholders {
		out[i] = "{" + p + "}"
	}
	return strings.Join(out, " ")
}

// Fill returns body with each known placeholder replaced by its value in
// values; a placeholder without a value is left as written, for the person
// to fill in.
func Fill(body string, values map[string]string) string {
	return placeholderRE.ReplaceAllStringFunc(body, func(m string) string {
		name := m[1 : len(m)-1]
		if v, ok := values[name]; ok && v != "" && knownPlaceholder(name) {
			return v
		}
		return m
	})
}

// Changes reports whether an edit of r to next changes anything that a
// new version records.
func (r *Reply) Changes(next *Reply) bool {
	return r.Title != next.Title || r.Body != next.Body || r.Active != next.Active ||
		r.Kind != next.Kind || r.Category != next.Category
}

// ReplyFilter selects replies. Empty fields do not filter.
type ReplyFilter struct {
	Category string
	Kind     string
	Q        string // words in the title or the text
	// Towns are the jurisdictions whose replies are wanted ("" for the
	// county's); nil is every one.
	Towns    []string
	Inactive bool // include replies taken out of use
	Limit    int
}

// MayEditReplies reports whether a may write standard replies:
// administrators (and the system, which seeds them).
func MayEditReplies(a Actor) bool { return MayEditReference(a) }

// MayReadReplies reports whether a may read the standard replies: the staff.
func MayReadReplies(a Actor) bool { return a.Role.IsStaff() }
