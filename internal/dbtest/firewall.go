package dbtest

import (
	"os"
	"os/exec"
	"strconv"
	"testing"
)

// EnvIPTables names iptables, with which a test that runs as root cuts a
// server off the network (Firewall): ./scripts/test installs Debian's and
// sets it when it runs as root.
const EnvIPTables = "GUANJIA_TEST_IPTABLES"

// A Wall drops packets on loopback, as a network partition or a machine
// that lost its power would: no reset, no refusal, only silence.
type Wall struct {
	tb  testing.TB
	bin string
}

// Firewall returns a Wall for the test, whose rules it removes when the
// test ends. It skips the test unless GUANJIA_TEST_IPTABLES is set and the
// test runs as root.
func Firewall(tb testing.TB) *Wall {
	tb.Helper()
	bin := os.Getenv(EnvIPTables)
	if bin == "" || os.Geteuid() != 0 {
		tb.Skipf("a network partition: needs root and %s (./scripts/test sets it as root)", EnvIPTables)
	}
	return &Wall{tb: tb, bin: bin}
}

// Cut drops every TCP packet to and from port on loopback until the test
// ends: connections open to it hang, new ones are never answered.
func (w *Wall) Cut(port int) {
	w.tb.Helper()
	p := strconv.Itoa(port)
	for _, rule := range [][]string{
		{"INPUT", "-i", "lo", "-p", "tcp", "--dport", p, "-j", "DROP"},
		{"OUTPUT", "-o", "lo", "-p", "tcp", "--sport", p, "-j", "DROP"},
	} {
		if out, err := exec.Command(w.bin, append([]string{"-w", "-I"}, rule...)...).CombinedOutput(); err != nil {
			w.tb.Fatalf("dbtest: iptables -I %v: %v\n%s", rule, err, out)
		}
		w.tb.Cleanup(func() {
			if out, err := exec.Command(w.bin, append([]string{"-w", "-D"}, rule...)...).CombinedOutput(); err != nil {
				w.tb.Errorf("dbtest: iptables -D %v: %v\n%s", rule, err, out)
			}
		})
	}
}
