package guanjia

import "strings"

// ParsePhone reads a mainland China mobile number as a person types it:
// 11 digits beginning with 1 and then 3 to 9, with an optional country
// code (+86, 86 or 0086) and spaces or hyphens between groups. It returns
// the 11 digits; an EINVALID error on the field "phone" otherwise.
func ParsePhone(s string) (string, error) {
	bad := FieldErrorf(EINVALID, "phone", "Enter a mainland mobile number: 11 digits, starting with 1.")
	if len(s) > 40 {
		return "", bad
	}
	var b strings.Builder
	for i, r := range strings.TrimSpace(s) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0:
			b.WriteRune(r)
		case r == ' ' || r == '-':
		default:
			return "", bad
		}
	}
	n := b.String()
	for _, prefix := range []string{"+86", "0086", "86"} {
		if rest, ok := strings.CutPrefix(n, prefix); ok && len(rest) == 11 {
			n = rest
			break
		}
	}
	if len(n) != 11 || n[0] != '1' || n[1] < '3' || n[1] > '9' {
		return "", bad
	}
	return n, nil
}

// MaskPhone returns a phone number as it may be shown beside a person's
// name: the first three and last four digits, as 138****8000.
func MaskPhone(phone string) string {
	if len(phone) != 11 {
		return "****"
	}
	return phone[:3] + "****" + phone[7:]
}

// MayFollow reports whether a may follow a case ("I have this too"):
// residents and housekeepers with an account, who are then told of its
// progress. Staff work cases rather than follow them.
func MayFollow(a Actor) bool {
	return a.SignedIn() && MemberRoles.Allows(a.Role)
}

// MayClaimReports reports whether a may take as their own the reports made
// without an account from the browser they signed in on: residents and
// housekeepers, whose "my reports" then list them on any device.
func MayClaimReports(a Actor) bool {
	return a.SignedIn() && MemberRoles.Allows(a.Role)
}
