package main

import (
	"bufio"
	"context"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// listeningRE finds the address in the program's "listening" log line.
var listeningRE = regexp.MustCompile(`msg=listening addr=(http://\S+)`)

// msgRE finds the message of a log line.
var msgRE = regexp.MustCompile(`msg=("(?:[^"\\]|\\.)*"|\S+)`)

// process is the program running as a child process, started again after
// each kill. Each start is a generation; clients learn from it whether a
// failed request failed because the program was killed.
type process struct {
	t    *testing.T
	bin  string
	args []string

	mu     sync.Mutex
	cmd    *exec.Cmd
	read   chan struct{}  // closed when the log of cmd is read to its end
	gen    int            // starts so far
	addr   string         // where generation gen listens
	killed bool           // generation gen was killed
	ready  chan struct{}  // closed when generation gen+1 listens
	tail   []string       // the last lines of the logs, for failures
	msgs   map[string]int // how many lines of each message the logs had
}

// start starts the program and waits until it listens.
func (p *process) start() {
	p.t.Helper()
	cmd := exec.Command(p.bin, p.args...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		p.t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		p.t.Fatal(err)
	}
	addr, read := make(chan string, 1), make(chan struct{})
	go func() {
		defer close(read)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			p.logLine(sc.Text())
			if m := listeningRE.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
	}()
	p.mu.Lock()
	p.cmd, p.read = cmd, read
	if p.ready == nil {
		p.ready = make(chan struct{})
	}
	p.mu.Unlock()
	select {
	case a := <-addr:
		p.mu.Lock()
		p.gen, p.addr, p.killed = p.gen+1, a, false
		close(p.ready)
		p.ready = make(chan struct{})
		p.mu.Unlock()
	case <-read:
		p.t.Fatalf("the program stopped before listening:\n%s", p.logs())
	case <-time.After(time.Minute):
		p.t.Fatalf("the program did not listen within a minute:\n%s", p.logs())
	}
}

// kill kills the program with SIGKILL, if it runs, and waits for it.
func (p *process) kill() {
	p.mu.Lock()
	cmd, read := p.cmd, p.read
	p.cmd, p.killed = nil, true
	p.mu.Unlock()
	if cmd == nil {
		return
	}
	cmd.Process.Kill()
	<-read
	cmd.Wait()
}

// current returns where the program listens and its generation.
func (p *process) current() (string, int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.addr, p.gen
}

// down reports whether generation gen was killed.
func (p *process) down(gen int) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.gen > gen || p.killed
}

// waitUp waits until a generation after gen listens, or ctx ends.
func (p *process) waitUp(ctx context.Context, gen int) {
	p.mu.Lock()
	if p.gen > gen {
		p.mu.Unlock()
		return
	}
	ready := p.ready
	p.mu.Unlock()
	select {
	case <-ready:
	case <-ctx.Done():
	}
}

func (p *process) logLine(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if m := msgRE.FindStringSubmatch(s); m != nil {
		if p.msgs == nil {
			p.msgs = map[string]int{}
		}
		msg, err := strconv.Unquote(m[1])
		if err != nil {
			msg = m[1]
		}
		p.msgs[msg]++
	}
	if p.tail = append(p.tail, s); len(p.tail) > 40 {
		p.tail = p.tail[1:]
	}
}

// logged returns how many times the program logged msg, in every generation.
func (p *process) logged(msg string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.msgs[msg]
}

// logs returns the last lines the program logged.
func (p *process) logs() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return strings.Join(p.tail, "\n")
}
