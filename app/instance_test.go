package app

import (
	"regexp"
	"testing"
)

// TestRelease: a binary names its release by its commit, its module
// version or, when the build records neither, a digest of itself, the
// same at every call.
func TestRelease(t *testing.T) {
	r := Release()
	if !regexp.MustCompile(`^([0-9a-f]{12}(-modified)?|v\d.*|build-[0-9a-f]{12})$`).MatchString(r) {
		t.Errorf("Release() = %q, want a commit, a version or build- and a digest", r)
	}
	if again := Release(); again != r {
		t.Errorf("Release() = %q, then %q", r, again)
	}
}
