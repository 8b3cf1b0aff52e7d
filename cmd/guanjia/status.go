package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
)

// cmdStatus: status [--json]. What /metrics and the outbox page report of
// the background work that every instance sharing the database shares,
// for an operator on a machine of the installation (docs/scaling.md,
// "Watching them"): the queues with the age of their oldest item, and
// who holds each job's lease. It fails when a job runs on no instance, so
// a script or a cron job can alert on it.
func cmdStatus(ctx context.Context, args []string, e *env) error {
	var asJSON bool
	cfg, _, err := parseDBFlags("status", args, e, func(fs *flag.FlagSet) {
		fs.BoolVar(&asJSON, "json", false, "write one JSON object instead of tables")
	})
	if err != nil {
		return err
	}
	a, closeApp, err := cfg.openCommandApp(ctx, e)
	if err != nil {
		return err
	}
	defer closeApp()
	// Whether a lease has ended is read by the database's clock, as the
	// instances keep them, not by this machine's.
	if err := a.MeasureClock(ctx); err != nil {
		return err
	}
	ops, err := a.Operations(ctx)
	if err != nil {
		return err
	}
	st := statusOf(ops)
	if asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(st)
	} else {
		err = st.write(e.stdout, guanjia.TownZone)
	}
	if err != nil {
		return err
	}
	if n := st.stalled(); n > 0 {
		return fmt.Errorf("%d background jobs run on no instance: their leases have ended (is every instance down, or stuck?)", n)
	}
	return nil
}

// status is what cmdStatus reports.
type status struct {
	At     time.Time     `json:"at"`
	Queues []statusQueue `json:"queues"`
	Jobs   []statusJob   `json:"jobs"`
	// Instances are the instances serving the database.
	Instances []statusInstance `json:"instances"`
	// Schema is the last migration applied to the database, and Ahead
	// those applied that this binary does not have.
	Schema int      `json:"schema"`
	Ahead  []string `json:"schema_ahead,omitempty"`
}

// statusInstance is an instance serving the database: its release, the
// last migration its binary has, when it was last seen; gone when not
// seen for a while (it stopped without saying so), older when its binary
// is older than the schema.
type statusInstance struct {
	Host    string    `json:"host"`
	PID     int       `json:"pid"`
	Started time.Time `json:"started"`
	Release string    `json:"release"`
	Schema  int       `json:"schema"`
	Seen    time.Time `json:"seen"`
	Gone    bool      `json:"gone"`
	Older   bool      `json:"older"`
	// ClockAhead is how far its clock was ahead of the database's at its
	// last beat, in seconds (behind when negative); ClockOff says that is
	// more than app.ClockSkewMax.
	ClockAhead float64 `json:"clock_ahead"`
	ClockOff   bool    `json:"clock_off"`
}

// statusQueue is a queue of background work: how much waits, and how
// long the oldest has waited in seconds (0 for none).
type statusQueue struct {
	Name    string  `json:"name"`
	Waiting int64   `json:"waiting"`
	Oldest  float64 `json:"oldest_seconds"`
}

// statusJob is a job's lease: its holder (an instance's host, process and
// start), until when, and whether it has ended (no instance runs the job).
type statusJob struct {
	Job     string    `json:"job"`
	Holder  string    `json:"holder"`
	Until   time.Time `json:"until"`
	Stalled bool      `json:"stalled"`
}

func statusOf(ops *app.Operations) *status {
	st := &status{At: ops.At}
	age := func(n int64, since time.Time) float64 {
		if n == 0 {
			return 0
		}
		return ops.Waited(since).Round(time.Second).Seconds()
	}
	for _, b := range ops.Backlogs {
		st.Queues = append(st.Queues, statusQueue{"outbox: " + b.Consumer, b.Behind, age(b.Behind, b.Since)})
	}
	for _, d := range ops.Due {
		st.Queues = append(st.Queues, statusQueue{"due: " + string(d.Kind), d.N, age(d.N, d.Oldest)})
	}
	st.Queues = append(st.Queues, statusQueue{"due: housekeepers' webhooks", ops.Webhooks.N, age(ops.Webhooks.N, ops.Webhooks.Oldest)})
	for _, l := range ops.Leases {
		st.Jobs = append(st.Jobs, statusJob{l.Job, l.Owner, l.Until, ops.Ended(l)})
	}
	st.Schema, st.Ahead = ops.Schema, ops.SchemaAhead
	for _, in := range ops.Instances {
		st.Instances = append(st.Instances, statusInstance{in.Host, in.PID, in.Started, in.Release, in.Schema, in.Seen, in.Gone, in.Older,
			in.ClockOffset.Seconds(), in.Skewed})
	}
	return st
}

func (st *status) stalled() int {
	n := 0
	for _, j := range st.Jobs {
		if j.Stalled {
			n++
		}
	}
	return n
}

// write writes st as two tables, times in loc (the town's zone).
func (st *status) write(w io.Writer, loc *time.Location) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "Background work at %s\n\n", st.At.In(loc).Format("2006-01-02 15:04:05 MST"))
	fmt.Fprintln(tw, "QUEUE\tWAITING\tOLDEST WAITED")
	for _, q := range st.Queues {
		oldest := "-"
		if q.Waiting > 0 {
			oldest = (time.Duration(q.Oldest) * time.Second).String()
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\n", q.Name, q.Waiting, oldest)
	}
	fmt.Fprintln(tw, "\nJOB\tRUNS ON\tLEASE")
	for _, j := range st.Jobs {
		holder, lease := j.Holder, "until "+j.Until.In(loc).Format("15:04:05")
		if j.Stalled {
			holder, lease = "NO INSTANCE", "ended "+j.Until.In(loc).Format("2006-01-02 15:04:05")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", j.Job, holder, lease)
	}
	if len(st.Jobs) == 0 {
		fmt.Fprintln(tw, "(no job has run yet)")
	}
	st.writeInstances(tw, loc)
	return tw.Flush()
}

// writeInstances writes the instances and the schema to tw.
func (st *status) writeInstances(tw io.Writer, loc *time.Location) {
	fmt.Fprintln(tw, "\nINSTANCE\tPROCESS\tRELEASE\tSCHEMA\tSTARTED\tSEEN\tCLOCK")
	for _, in := range st.Instances {
		schema := fmt.Sprintf("%04d", in.Schema)
		if in.Older {
			schema += " OLDER THAN THE DATABASE"
		}
		seen := in.Seen.In(loc).Format("15:04:05")
		if in.Gone {
			seen = "GONE since " + in.Seen.In(loc).Format("2006-01-02 15:04:05")
		}
		clock := fmt.Sprintf("%+.1fs", in.ClockAhead)
		if in.ClockOff {
			clock += " OFF THE DATABASE'S: SYNCHRONISE IT"
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t%s\n", in.Host, in.PID, in.Release, schema, in.Started.In(loc).Format("2006-01-02 15:04"), seen, clock)
	}
	if len(st.Instances) == 0 {
		fmt.Fprintln(tw, "(no instance is serving)")
	}
	fmt.Fprintf(tw, "\nSchema: migration %04d applied", st.Schema)
	if len(st.Ahead) > 0 {
		fmt.Fprintf(tw, "; this binary does not have %s: a newer release migrated the database", strings.Join(st.Ahead, ", "))
	}
	fmt.Fprintln(tw)
}
