package dbtest

import (
	"os"
	"os/exec"
	"testing"
)

// skipChromium is the message of browser tests skipped for want of Chromium.
const skipChromium = "browser tests: Chromium not found; run ./scripts/test to install it"

// Chromium returns the path of the Chromium binary browser tests drive:
// GUANJIA_TEST_CHROMIUM when set (the test fails if it is not executable),
// else /usr/bin/chromium or a chromium found on PATH. It skips the test when
// there is none.
func Chromium(tb testing.TB) string {
	tb.Helper()
	if path := os.Getenv(EnvChromium); path != "" {
		if _, err := exec.LookPath(path); err != nil {
			tb.Fatalf("dbtest: %s=%s: %v", EnvChromium, path, err)
		}
		return path
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	tb.Skip(skipChromium)
	return ""
}
