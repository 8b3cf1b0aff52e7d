package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sync"
	"time"

	"github.com/guanjia/guanjia/store"
)

// The instances serving the database: each says every InstanceBeat that
// it runs, which release and which schema it has (the instances table),
// so that an operator sees them all from any one, and which of them is
// older than the schema during a rolling upgrade.

const (
	// InstanceBeat is how often a serving instance says it runs.
	InstanceBeat = 15 * time.Second
	// instanceGone is how long after it was last seen an instance is
	// taken to have stopped without saying so (killed, or its machine
	// lost), and instanceForget when its row is removed.
	instanceGone   = 4 * InstanceBeat
	instanceForget = 24 * time.Hour
	// ClockSkewMax is how far an instance's clock may be from the
	// database's before it is shown as off, and before its times follow
	// the database's clock (Options.FollowDatabaseClock). The leases are
	// kept by the database's clock however little it is off (leaseNow).
	ClockSkewMax = 2 * time.Second
	// clockTripMax is the longest round trip to the database whose
	// reading of its clock is taken: one may be off by half its trip, so
	// a slower one (the database busy) leaves the last measure in place.
	clockTripMax = 250 * time.Millisecond
)

// Release is the version of this binary: its commit ("-modified" when
// built from a changed checkout), its module version, or when the build
// records neither (go build -buildvcs=false) "build-" and the start of
// the executable's SHA-256, which tells two builds apart all the same.
func Release() string {
	release.once.Do(func() {
		release.s = executableDigest()
		bi, ok := debug.ReadBuildInfo()
		if !ok {
			return
		}
		var rev, modified string
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				if s.Value == "true" {
					modified = "-modified"
				}
			}
		}
		switch {
		case rev != "":
			release.s = rev[:min(12, len(rev))] + modified
		case bi.Main.Version != "" && bi.Main.Version != "(devel)":
			release.s = bi.Main.Version
		}
	})
	return release.s
}

var release struct {
	once sync.Once
	s    string
}

// executableDigest is "build-" and the first 12 hexadecimal digits of the
// running executable's SHA-256, or "devel" when it cannot be read.
func executableDigest() string {
	path, err := os.Executable()
	if err != nil {
		return "devel"
	}
	f, err := os.Open(path)
	if err != nil {
		return "devel"
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "devel"
	}
	return "build-" + hex.EncodeToString(h.Sum(nil))[:12]
}

// newInstance describes this process, started at now.
func (a *App) newInstance(now time.Time) store.Instance {
	host, _ := os.Hostname()
	return store.Instance{ID: fmt.Sprintf("%s-%d-%d", host, os.Getpid(), now.UnixNano()), Host: host, PID: os.Getpid(),
		Started: now, Release: Release(), Schema: a.db.SchemaKnown()}
}

// RunInstance records this process among the instances serving the
// database every beat until ctx ends, then removes it. At the start it
// warns when the database's schema is newer than this binary.
func (a *App) RunInstance(ctx context.Context, beat time.Duration) {
	in := a.newInstance(a.now())
	a.owners.Store(in.ID, true)
	if _, ahead, err := a.db.Schema(ctx); err == nil && len(ahead) > 0 {
		a.log.Warn("the database has migrations this release does not have: a newer release migrated it; finish the upgrade of this instance",
			"release", in.Release, "migrations", ahead)
	}
	t := time.NewTicker(beat)
	defer t.Stop()
	skewed := false
	for {
		if err := a.beat(ctx, &in, &skewed); err != nil && ctx.Err() == nil {
			a.log.Warn("record this instance", "err", err)
		}
		select {
		case <-ctx.Done():
			stop, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			defer cancel()
			if err := a.db.Tx(stop, func(tx *store.Tx) error { return tx.ForgetInstances(stop, in.ID, time.Time{}) }); err != nil {
				a.log.Warn("remove this instance from the instances", "err", err)
			}
			return
		case <-t.C:
		}
	}
}

// beat records in as seen now, by the database's clock, with how far this
// process's clock is from that one, and forgets the instances gone for a
// day. It warns when the clock comes to be more than ClockSkewMax off,
// and says when it is back (skewed holds which it was).
func (a *App) beat(ctx context.Context, in *store.Instance, skewed *bool) error {
	var err error
	if in.Seen, in.ClockOffset, err = a.measureClock(ctx); err != nil {
		return err
	}
	at := in.Seen
	if off := in.ClockOffset.Abs() > ClockSkewMax; off != *skewed {
		*skewed = off
		if off {
			what := "the times this instance writes on cases and its deadlines are off as much"
			if a.opts.FollowDatabaseClock {
				what = "this instance writes its times by the database's clock meanwhile"
			}
			a.log.Warn("this machine's clock is off the database's: "+what+"; synchronise it (chrony, NTP)", "ahead", in.ClockOffset)
		} else {
			a.log.Info("this machine's clock agrees with the database's again", "ahead", in.ClockOffset)
		}
	}
	return a.db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.SeeInstance(ctx, *in); err != nil {
			return err
		}
		return tx.ForgetInstances(ctx, "", at.Add(-instanceForget))
	})
}

// MeasureClock measures how far this process's clock is ahead of the
// database's, from which on the leases are kept by the database's clock
// (leaseNow); RunInstance measures it again at every beat. A server calls
// it before it starts its background jobs.
func (a *App) MeasureClock(ctx context.Context) error {
	_, _, err := a.measureClock(ctx)
	return err
}

// measureClock reads the database's clock and how far this process's is
// ahead of it, and keeps that for leaseNow, and for now when it is more
// than ClockSkewMax and FollowDatabaseClock is set. When the round trip
// took longer than clockTripMax it keeps the last measure, and returns it.
func (a *App) measureClock(ctx context.Context) (at time.Time, ahead time.Duration, err error) {
	before := a.clock()
	if at, err = a.db.Clock(ctx); err != nil {
		return at, 0, err
	}
	after := a.clock()
	if after.Sub(before) > clockTripMax {
		return at, time.Duration(a.clockAhead.Load()), nil
	}
	// The database read its clock about halfway through the round trip.
	ahead = before.Add(after.Sub(before) / 2).Sub(at).Round(time.Millisecond)
	a.clockAhead.Store(int64(ahead))
	if a.opts.FollowDatabaseClock {
		a.followed.Store(int64(followed(ahead)))
	}
	return at, ahead, nil
}

// followed is how much of a clock's lead over the database's the app's
// times take off: all of it past ClockSkewMax, none within.
func followed(ahead time.Duration) time.Duration {
	if ahead.Abs() > ClockSkewMax {
		return ahead
	}
	return 0
}

// InstanceStatus is an instance serving the database, as Operations reads
// it: whether it is this process, whether it has not been seen for a
// while by the database's clock (it stopped without saying so), whether
// its binary is older than the database's schema, and whether its clock
// is more than ClockSkewMax off the database's.
type InstanceStatus struct {
	store.Instance
	Mine, Gone, Older, Skewed bool
}

// instances reads the instances for Operations, against the schema's
// last applied migration.
func (a *App) instances(ctx context.Context, ops *Operations) error {
	var err error
	if ops.Schema, ops.SchemaAhead, err = a.db.Schema(ctx); err != nil {
		return err
	}
	is, err := a.db.Instances(ctx)
	if err != nil {
		return err
	}
	at, err := a.db.Clock(ctx) // the clock they were seen by, whatever this machine's says
	if err != nil {
		return err
	}
	for _, in := range is {
		ops.Instances = append(ops.Instances, InstanceStatus{Instance: in, Mine: a.ownsLease(in.ID),
			Gone: at.Sub(in.Seen) > instanceGone, Older: in.Schema < ops.Schema, Skewed: in.ClockOffset.Abs() > ClockSkewMax})
	}
	return nil
}
