package testenv_test

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/guanjia/guanjia/internal/testenv"
)

// TestWaitFor checks that WaitFor returns once the condition holds, having
// checked it until then.
func TestWaitFor(t *testing.T) {
	calls := 0
	testenv.WaitFor(t, time.Minute, "the third call", func() bool { calls++; return calls == 3 })
	if calls != 3 {
		t.Errorf("WaitFor returned after %d calls, want 3", calls)
	}
}

// TestWaitForFails checks that WaitFor fails a test whose condition never
// holds, once the time is up.
func TestWaitForFails(t *testing.T) {
	ft := &fatalT{T: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		testenv.WaitFor(ft, 20*time.Millisecond, "nothing", func() bool { return false })
	}()
	<-done
	if ft.msg != "waited 20ms for nothing" {
		t.Errorf("WaitFor failed with %q, want %q", ft.msg, "waited 20ms for nothing")
	}
}

// fatalT records a Fatalf instead of failing the test.
type fatalT struct {
	*testing.T
	msg string
}

func (f *fatalT) Fatalf(format string, args ...any) {
	f.msg = fmt.Sprintf(format, args...)
	runtime.Goexit()
}
