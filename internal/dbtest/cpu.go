package dbtest

import (
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// CPUPerOp reports, when the function it returns is called, the process's
// CPU time per operation since (cpu-µs/op): on a shared machine, steadier
// than the time on the clock. (The database's own processes, on
// PostgreSQL, are not counted.) Beside it go the read system calls per
// operation (reads/op, from /proc/self/io where there is one): on SQLite,
// outside sockets, the pages its page caches did not hold.
func CPUPerOp(b *testing.B) func() {
	start, reads := cpuTime(), readCalls()
	return func() {
		n := float64(max(b.N, 1))
		b.ReportMetric(float64((cpuTime()-start).Microseconds())/n, "cpu-µs/op")
		if r := readCalls(); r > 0 {
			b.ReportMetric(float64(r-reads)/n, "reads/op")
		}
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// readCalls returns the read system calls the process has made, 0 when
// unknown.
func readCalls() int64 {
	b, err := os.ReadFile("/proc/self/io")
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "syscr: "); ok {
			n, _ := strconv.ParseInt(v, 10, 64)
			return n
		}
	}
	return 0
}
