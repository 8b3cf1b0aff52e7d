package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/guanjia/guanjia/bench"
)

// cmdBench measures the product against the machine's own limits; see
// package bench. It never touches an existing database: on SQLite it works
// in a temporary directory, on PostgreSQL in scratch databases it creates
// and drops on the server --db names.
func cmdBench(ctx context.Context, args []string, e *env) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	quick := fs.Bool("quick", false, "a routine check in under a minute (20,000 cases, short phases)")
	asJSON := fs.Bool("json", false, "write one JSON object per figure to stdout instead of a table")
	dsn := fs.String("db", "", "postgres://... server to run on, in scratch databases (default: SQLite in a temporary directory)")
	dir := fs.String("dir", "", "directory for SQLite scratch files (default: the system's temporary directory)")
	cases := fs.Int("cases", 0, "cases to load (default 1,000,000; 20,000 with --quick)")
	clients := fs.Int("clients", 0, "concurrent HTTP clients (default 64)")
	phase := fs.Duration("phase", 0, "how long each measurement runs (default 10s; 2.5s with --quick)")
	subs := fs.Int("subscribers", 0, "live-console subscribers (default 200)")
	only := fs.String("only", "", "run only these steps, comma-separated (load always runs): locate, queue, case, map, search, dashboard, stats, intake, intake_api, act, live, live_across (PostgreSQL)")
	keep := fs.Bool("keep", false, "keep the scratch files or databases (for --reuse)")
	reuse := fs.String("reuse", "", "measure a town an earlier --keep run loaded instead of loading one: its guanjia.db, or with --db its database's name (pending migrations are applied; the load step is skipped)")
	profile := fs.String("profile", "", "write a CPU profile of each step into this directory (load.pprof, intake.pprof ...)")
	traceDir := fs.String("trace", "", "write an execution trace of each step's half-rate part into this directory (queue.trace, case.trace ...), for go tool trace")
	if err := fs.Parse(args); err != nil {
		return err
	}
	opts := bench.Full()
	if *quick {
		opts = bench.Quick()
	}
	opts.DSN, opts.Dir, opts.Progress, opts.Keep, opts.ProfileDir, opts.Reuse = *dsn, *dir, e.stderr, *keep, *profile, *reuse
	opts.TraceDir = *traceDir
	for _, o := range []struct {
		flag int
		dst  *int
	}{{*cases, &opts.Cases}, {*clients, &opts.Clients}, {*subs, &opts.Subscribers}} {
		if o.flag > 0 {
			*o.dst = o.flag
		}
	}
	if *only != "" {
		opts.Only = strings.Split(*only, ",")
	}
	if *phase > 0 {
		opts.Phase = *phase
	}
	results, err := bench.Run(ctx, opts)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	if *asJSON {
		return bench.WriteJSON(e.stdout, results)
	}
	return bench.WriteTable(e.stdout, results)
}
