package app

import (
	"bytes"
	"testing"
)

// FuzzParseConfirmToken: a token is accepted only as its claim encodes it
// under the key; anything else is refused, never a panic.
func FuzzParseConfirmToken(f *testing.F) {
	key := bytes.Repeat([]byte{7}, 32)
	good := confirmClaim{CaseID: 42, Resolved: 1_790_000_000_000_000, Expires: 1_790_600_000}.encode(key)
	for _, s := range []string{good, good[:len(good)-1] + "A", "", "AAAA", good + "=", "%00", string(bytes.Repeat([]byte("A"), len(good)))} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := parseConfirmToken(key, s)
		if err != nil {
			return
		}
		if again := c.encode(key); again != s {
			t.Fatalf("parseConfirmToken(%q) = %+v, which encodes as %q", s, c, again)
		}
		if c.CaseID <= 0 {
			t.Fatalf("parseConfirmToken(%q): case %d", s, c.CaseID)
		}
	})
}

// TestConfirmTokenKey: a token signed under another key, or changed in
// any one character, is refused.
func TestConfirmTokenKey(t *testing.T) {
	key, other := bytes.Repeat([]byte{7}, 32), bytes.Repeat([]byte{8}, 32)
	c := confirmClaim{CaseID: 42, Resolved: 1, Expires: 2}
	tok := c.encode(key)
	if got, err := parseConfirmToken(key, tok); err != nil || got != c {
		t.Fatalf("parseConfirmToken(own) = %+v, %v", got, err)
	}
	if _, err := parseConfirmToken(other, tok); err == nil {
		t.Error("a token under another key is accepted")
	}
	for i := range tok {
		b := []byte(tok)
		b[i] = map[bool]byte{true: 'B', false: 'A'}[b[i] == 'A']
		if _, err := parseConfirmToken(key, string(b)); err == nil {
			t.Errorf("the token changed at %d is accepted", i)
		}
	}
}
