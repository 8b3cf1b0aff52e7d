package app

import (
	_ "embed"
	"strings"
	"unicode/utf8"

	"github.com/guanjia/guanjia"
)

// Password policy: long enough, not among the passwords people pick most,
// not the username.
const (
	minPasswordLength = 10  // characters
	maxPasswordLength = 256 // bytes: argon2 hashes any length, but no one types more
)

//go:embed common_passwords.txt
var commonPasswordList string

// commonPasswords holds the list, lower case.
var commonPasswords = func() map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(commonPasswordList, "\n") {
		if line != "" && !strings.HasPrefix(line, "#") {
			m[line] = true
		}
	}
	return m
}()

// checkPasswordPolicy returns an EINVALID error about the password field
// when password may not be username's password. Every password set through
// the API, the pages or the command line passes it; only the demo town's
// seeding, which writes its well-known password's hash directly, does not.
func checkPasswordPolicy(username, password string) error {
	lower := strings.ToLower(password)
	first, _ := utf8.DecodeRuneInString(lower)
	switch {
	case utf8.RuneCountInString(password) < minPasswordLength:
		return guanjia.FieldErrorf(guanjia.EINVALID, "password", "A password has at least %d characters.", minPasswordLength)
	case len(password) > maxPasswordLength:
		return guanjia.FieldErrorf(guanjia.EINVALID, "password", "A password has at most %d characters.", maxPasswordLength)
	case commonPasswords[lower] || strings.Trim(lower, string(first)) == "":
		return guanjia.FieldErrorf(guanjia.EINVALID, "password", "This password is one of the most common; choose another.")
	case len(username) >= 3 && strings.Contains(lower, strings.ToLower(username)):
		return guanjia.FieldErrorf(guanjia.EINVALID, "password", "A password may not contain the username.")
	}
	return nil
}
