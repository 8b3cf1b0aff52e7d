package bench

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
)

// target is what a figure should reach on a 2-core machine with 1,000,000
// cases (the dashboard at 10,000,000).
type target struct {
	text string
	ok   func(r Result) bool
}

var targets = map[string]target{
	"intake": {"≥ 5,000 req/s, p99 ≤ 25 ms, ≥ 0.6 of floor", func(r Result) bool {
		return r.Value >= 5000 && r.P99 <= 25 && r.Ratio >= 0.6
	}},
	"queue":       {"p99 ≤ 5 ms", func(r Result) bool { return r.P99 <= 5 }},
	"case":        {"p99 ≤ 5 ms", func(r Result) bool { return r.P99 <= 5 }},
	"map":         {"p99 ≤ 30 ms", func(r Result) bool { return r.P99 <= 30 }},
	"search":      {"p99 ≤ 30 ms", func(r Result) bool { return r.P99 <= 30 }},
	"dashboard":   {"p99 ≤ 50 ms", func(r Result) bool { return r.P99 <= 50 }},
	"stats":       {"p99 ≤ 50 ms", func(r Result) bool { return r.Value > 0 && r.P99 <= 50 }},
	"locate_10k":  {"≥ 1,000,000 lookups/s", func(r Result) bool { return r.Value >= 1e6 }},
	"live":        {"p99 ≤ 200 ms", func(r Result) bool { return r.P99 <= 200 }},
	"live_across": {"p99 ≤ 200 ms", func(r Result) bool { return r.P99 <= 200 }},
	"peak_rss":    {"≤ 300 MB", func(r Result) bool { return r.Value <= 300 }},
}

// judge fills in each result's target and whether it is met: not with
// any failed request.
func judge(rs []Result) {
	for i := range rs {
		if t, ok := targets[rs[i].Name]; ok {
			met := t.ok(rs[i]) && rs[i].Errors == 0
			rs[i].Target, rs[i].Met = t.text, &met
		}
	}
}

// rssTrack follows the process's peak resident memory (VmHWM) step by step.
type rssTrack struct {
	peak float64 // MB
	step string  // the step during which it was reached
}

func (t *rssTrack) after(step string) {
	if mb := peakRSS(); mb > t.peak {
		t.peak, t.step = mb, step
	}
}

// result reports the peak: the server, the clients and the floors together.
func (t *rssTrack) result(engine string) Result {
	return Result{Name: "peak_rss", Engine: engine, Unit: "MB", Value: t.peak,
		Note: "whole process (server, clients, floors); reached during " + t.step}
}

// rssLines writes each line to w with the peak resident memory so far
// after it, so that a long load shows in which of its steps the peak
// came.
type rssLines struct{ w io.Writer }

func (l rssLines) Write(p []byte) (int, error) {
	if _, err := fmt.Fprintf(l.w, "%s [peak memory %.0f MB]\n", bytes.TrimSuffix(p, []byte("\n")), peakRSS()); err != nil {
		return 0, err
	}
	return len(p), nil
}

// peakRSS returns VmHWM in MB, 0 when unknown.
func peakRSS() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}

// WriteJSON writes one JSON object per result, a line each.
func WriteJSON(w io.Writer, rs []Result) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, r := range rs {
		if err := enc.Encode(r); err != nil {
			return err
		}
	}
	return nil
}

// WriteTable writes the results as an aligned table.
func WriteTable(w io.Writer, rs []Result) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "figure\tengine\tvalue\tunit\tp50 ms\tp99 ms\tfloor\tratio\ttarget\tmet\t")
	for _, r := range rs {
		met := ""
		if r.Met != nil {
			met = map[bool]string{true: "yes", false: "NO"}[*r.Met]
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", r.Name, r.Engine, num(r.Value), r.Unit,
			ms(r.P50), ms(r.P99), num(r.Floor), ratio(r.Ratio), r.Target, met)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, r := range rs {
		if r.Note != "" {
			fmt.Fprintf(w, "  %s: %s\n", r.Name, r.Note)
		}
	}
	return nil
}

func num(v float64) string {
	switch {
	case v == 0:
		return "-"
	case v >= 100:
		return commas(int64(v + 0.5))
	case v >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

func ms(v float64) string {
	if v == 0 {
		return "-"
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

func ratio(v float64) string {
	if v == 0 {
		return "-"
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

// commas writes n with thousands separators.
func commas(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
