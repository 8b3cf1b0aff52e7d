package guanjia

import (
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// A project's channel: one thread for its members (the investor, the
// steward and the staff of the units involved), with attachments and
// @mentions. Nothing of it is visible to anyone else.

// ProjectMessage is a message in a project's channel.
type ProjectMessage struct {
	ID         int64        `json:"id"`
	ProjectID  int64        `json:"project_id"`
	AuthorID   int64        `json:"author_id"`
	AuthorName string       `json:"author_name"`
	Body       string       `json:"body"`
	File       *ProjectFile `json:"file,omitempty"`
	Mentions   []int64      `json:"mentions,omitempty"` // the members it mentions
	CreatedAt  time.Time    `json:"created_at"`
}

// ProjectFile is an attachment of a project's channel: a picture
// re-encoded without its metadata, or a PDF.
type ProjectFile struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Type string `json:"type"` // image/jpeg, image/png or application/pdf
	Size int64  `json:"size"`
}

// ProjectMember is someone who may read a project's channel.
type ProjectMember struct {
	UserID   int64  `json:"user_id"`
	Username string `json:"username"`
	Name     string `json:"name"`
	Role     Role   `json:"role"`
	Unit     string `json:"unit,omitempty"`
}

// MaxProjectMessage is the longest message, in characters.
const MaxProjectMessage = 2000

// CheckProjectMessage checks a message's text; a message with an
// attachment may have none.
func CheckProjectMessage(body string, withFile bool) error {
	if err := CheckText("body", body); err != nil {
		return err
	}
	switch n := utf8.RuneCountInString(strings.TrimSpace(body)); {
	case n == 0 && !withFile:
		return FieldErrorf(EINVALID, "body", "Write a message or attach a file.")
	case n > MaxProjectMessage:
		return FieldErrorf(EINVALID, "body", "A message has at most %d characters.", MaxProjectMessage)
	}
	return nil
}

// maxMentions is how many names one message may mention.
const maxMentions = 20

// mentionEnd reports whether r ends a mentioned name.
func mentionEnd(r rune) bool {
	return unicode.IsSpace(r) || r == '@' || r == '＠' || strings.ContainsRune(",.;:!?，。；：！？、()（）[]【】<>《》\"'“”", r)
}

// ParseMentions returns the names mentioned in body with @ (or the
// full-width ＠), each once, in order: up to 20, each of 1 to 32
// characters.
func ParseMentions(body string) []string {
	var out []string
	for i := 0; i < len(body) && len(out) < maxMentions; {
		r, w := utf8.DecodeRuneInString(body[i:])
		i += w
		if r != '@' && r != '＠' {
			continue
		}
		j := i
		for j < len(body) {
			r, w := utf8.DecodeRuneInString(body[j:])
			if mentionEnd(r) {
				break
			}
			j += w
		}
		name := body[i:j]
		if n := utf8.RuneCountInString(name); n >= 1 && n <= 32 && utf8.ValidString(name) && !slices.Contains(out, name) {
			out = append(out, name)
		}
		i = j
	}
	return out
}

// ResolveMentions returns the members that names mention, each once: a
// name matches a member's username, their name, or their name before a
// bracket ("沈美玲" for "沈美玲（投资方）").
func ResolveMentions(names []string, members []ProjectMember) []int64 {
	var out []int64
	for _, n := range names {
		for _, m := range members {
			short, _, _ := strings.Cut(m.Name, "（")
			short, _, _ = strings.Cut(short, "(")
			if (n == m.Username || n == m.Name || n == strings.TrimSpace(short)) && !slices.Contains(out, m.UserID) {
				out = append(out, m.UserID)
			}
		}
	}
	return out
}
