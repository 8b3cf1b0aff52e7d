package guanjia

import (
	"slices"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// Text that people send. Every field of text that Guanjia stores or looks
// up is UTF-8 without control characters, except tab, line feed and
// carriage return: PostgreSQL refuses NUL and bytes that are not UTF-8,
// SQLite would keep them, and neither belongs on a page. The edges refuse
// such input where they decode it; the domain refuses it again so that
// nothing reaches the store by another way.

// ValidText reports whether s is UTF-8 without control characters other
// than tab, line feed and carriage return.
func ValidText(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || unicode.IsControl(r) {
			return false
		}
		i += n
	}
	return true
}

// CheckText returns an EINVALID error naming field when s is not valid
// text (see ValidText), else nil.
func CheckText(field, s string) error {
	if ValidText(s) {
		return nil
	}
	return TextError(field)
}

// TextError is the error about a field whose text holds a control
// character or is not UTF-8.
func TextError(field string) error {
	return FieldErrorf(EINVALID, field, "The field %s holds a control character (such as NUL) or bytes that are not UTF-8; remove them.", field)
}

// CheckTexts checks field–value pairs with CheckText and returns the first
// error.
func CheckTexts(pairs ...string) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		if err := CheckText(pairs[i], pairs[i+1]); err != nil {
			return err
		}
	}
	return nil
}

// CheckValues checks the names and values of a query or form (such as
// url.Values) with CheckText; the error names the first field at fault, in
// the order of their names.
func CheckValues(values map[string][]string) error {
	var bad []string
	for k, vs := range values {
		if !ValidText(k) || slices.ContainsFunc(vs, func(v string) bool { return !ValidText(v) }) {
			bad = append(bad, k)
		}
	}
	if len(bad) == 0 {
		return nil
	}
	slices.Sort(bad)
	if !ValidText(bad[0]) {
		return TextError(strconv.QuoteToASCII(bad[0]))
	}
	return TextError(bad[0])
}

// checkAny checks every string in v, a decoded JSON value (strings, lists
// and objects of them), naming field.
func checkAny(field string, v any) error {
	switch v := v.(type) {
	case string:
		return CheckText(field, v)
	case []any:
		for _, x := range v {
			if err := checkAny(field, x); err != nil {
				return err
			}
		}
	case []string:
		for _, x := range v {
			if err := CheckText(field, x); err != nil {
				return err
			}
		}
	case map[string]any:
		for k, x := range v {
			if err := CheckText(field, k); err != nil {
				return err
			}
			if err := checkAny(field+"."+k, x); err != nil {
				return err
			}
		}
	}
	return nil
}
