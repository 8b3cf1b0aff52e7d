// Package bench measures Guanjia against the machine's own limits. It loads
// a town's worth of realistic cases, runs the real server in-process on
// loopback, drives it with concurrent HTTP clients, and measures beside
// each figure a floor: the best the same machine does at the same work
// with nothing of Guanjia in the way (a bare net/http handler writing the
// same-size row with the same durability, the same SQL issued directly, a
// point-in-polygon test that already knows its polygon). Absolute times are
// noisy on shared machines; the ratio to the floor, measured in the same
// run, is what to compare between runs and machines.
//
// `guanjia bench` is the command that runs it; see Options for the knobs.
package bench

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
	"slices"
	"time"
)

// Options tune a run.
type Options struct {
	// DSN is "" for a new SQLite database in a temporary directory, or the
	// postgres:// URL of a server on which the run creates (and drops) two
	// scratch databases. Existing data is never touched.
	DSN string
	// Dir is where SQLite scratch files go; "" for the system's temp dir.
	Dir string
	// Cases is how many cases to load before measuring.
	Cases int
	// Clients is how many HTTP clients drive the server at once.
	Clients int
	// Phase is how long each measurement runs, after a short warm-up.
	Phase time.Duration
	// Subscribers is how many live-console subscribers listen.
	Subscribers int
	// Progress, when set, receives a line as each step starts.
	Progress io.Writer
	// Keep leaves the SQLite scratch files in place, for a look afterwards.
	Keep bool
	// Only, when not empty, names the steps to run (load always runs):
	// load, locate, queue, case, map, search, dashboard, intake,
	// intake_api, act, live, live_across.
	Only []string
	// ProfileDir, when set, receives a CPU profile of each step, named
	// after it (load.pprof, intake.pprof ...), for go tool pprof.
	ProfileDir string
	// TraceDir, when set, receives an execution trace (runtime/trace) of
	// the half-rate part of each step that has one (queue.trace ...), for
	// go tool trace: where the slow requests waited.
	TraceDir string
	// Reuse, when set, measures a town loaded by an earlier run with Keep
	// instead of loading one: the path of its SQLite file, or the name of
	// its database on the server DSN names. Pending migrations are applied
	// to it, the load step is skipped, and the database is left in place.
	Reuse string
}

// Quick are the options of `guanjia bench --quick`: a routine check that
// finishes in under a minute.
func Quick() Options {
	return Options{Cases: 20000, Clients: 64, Phase: 1500 * time.Millisecond, Subscribers: 200}
}

// Full are the options of the full run.
func Full() Options {
	return Options{Cases: 1000000, Clients: 64, Phase: 10 * time.Second, Subscribers: 200}
}

// Result is one figure. Rates (req/s, cases/s, lookups/s) compare with
// their floor as value/floor, times (ms) as floor/value, so that a ratio of
// 1 is always as good as the machine allows.
type Result struct {
	Name   string  `json:"name"`
	Engine string  `json:"engine"`
	Unit   string  `json:"unit"`
	Value  float64 `json:"value"`
	P50    float64 `json:"p50_ms"`
	P99    float64 `json:"p99_ms"`
	Floor  float64 `json:"floor"`
	Ratio  float64 `json:"ratio"`
	Target string  `json:"target,omitempty"`
	Met    *bool   `json:"met,omitempty"`
	Note   string  `json:"note,omitempty"`
	// Errors counts the requests that failed, flat out and paced: a
	// figure with any is not met, whatever its value (it would be the
	// rate of the answers that succeeded).
	Errors int `json:"errors,omitempty"`
}

// Run performs a whole benchmark run and returns its figures.
func Run(ctx context.Context, opts Options) ([]Result, error) {
	opts.defaults()
	r := &run{opts: opts, log: slog.New(slog.DiscardHandler)}
	r.progress("guanjia bench: %d cases, %d clients, %s phases, GOMAXPROCS %d",
		opts.Cases, opts.Clients, opts.Phase, runtime.GOMAXPROCS(0))
	t, err := openTown(ctx, r)
	if err != nil {
		return nil, err
	}
	defer t.close()
	r.town = t
	for _, s := range r.steps() {
		if err := ctx.Err(); err != nil {
			return r.results, err
		}
		if s.name == "load" && opts.Reuse != "" {
			if err := t.reuse(ctx); err != nil {
				return r.results, err
			}
			continue
		}
		if len(opts.Only) > 0 && s.name != "load" && !slices.Contains(opts.Only, s.name) {
			continue
		}
		stop, err := r.profile(s.name)
		if err != nil {
			return r.results, err
		}
		err = s.run(ctx)
		stop()
		if err != nil {
			return r.results, err
		}
		r.rss.after(s.name)
	}
	r.add(r.rss.result(t.engine))
	judge(r.results)
	return r.results, nil
}

func (o *Options) defaults() {
	q := Quick()
	if o.Cases <= 0 {
		o.Cases = q.Cases
	}
	if o.Clients <= 0 {
		o.Clients = q.Clients
	}
	if o.Phase <= 0 {
		o.Phase = q.Phase
	}
	if o.Subscribers <= 0 {
		o.Subscribers = q.Subscribers
	}
}

// run is one benchmark run in progress.
type run struct {
	opts    Options
	log     *slog.Logger
	town    *town
	results []Result
	rss     rssTrack
}

// step is one measurement.
type step struct {
	name string
	run  func(context.Context) error
}

// steps are the measurements in the order they run: loading first, then
// reads on the loaded data, intake (which adds cases), actions on cases
// and live updates.
func (r *run) steps() []step {
	return []step{
		{"load", r.measureLoad},
		{"locate", r.measureLocate},
		{"queue", r.measureQueue},
		{"case", r.measureCase},
		{"map", r.measureMap},
		{"search", r.measureSearch},
		{"dashboard", r.measureDashboard},
		{"stats", r.measureStats},
		{"intake", r.measureIntake},
		{"intake_api", r.measureIntakeAPI},
		{"act", r.measureAct},
		{"live", r.measureLive},
		{"live_across", r.measureLiveAcross},
	}
}

// profile starts a CPU profile of a step when asked to, and returns what
// stops it.
func (r *run) profile(name string) (stop func(), err error) {
	return record(r.opts.ProfileDir, name+".pprof", pprof.StartCPUProfile, pprof.StopCPUProfile)
}

// trace starts an execution trace of a step's paced part when asked to,
// and returns what stops it.
func (r *run) trace(name string) (stop func(), err error) {
	return record(r.opts.TraceDir, name+".trace", trace.Start, trace.Stop)
}

// record starts writing a recording into file in dir, unless dir is "",
// and returns what stops it.
func record(dir, file string, start func(io.Writer) error, end func()) (stop func(), err error) {
	if dir == "" {
		return func() {}, nil
	}
	f, err := os.Create(filepath.Join(dir, file))
	if err != nil {
		return nil, err
	}
	if err := start(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { end(); f.Close() }, nil
}

func (r *run) add(res Result) {
	if res.Engine == "" && r.town != nil {
		res.Engine = r.town.engine
	}
	r.results = append(r.results, res)
}

func (r *run) progress(format string, args ...any) {
	if r.opts.Progress != nil {
		fmt.Fprintf(r.opts.Progress, format+"\n", args...)
	}
}
