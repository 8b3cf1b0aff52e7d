package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/guanjia/guanjia"
)

// Nightly occupancy of B&Bs: a row per B&B and night (bnb_nights), the rows
// a later report replaced (bnb_night_history), the load thresholds and the
// load alerts raised, once per village and night.

// errNoNight marks a night not reported yet.
var errNoNight = errors.New("no night")

const nightColumns = "bnb_id, night, jurisdiction, village, rooms, guests, beds, reported_by, source, reported_at"

func scanNight(s scanner) (guanjia.BnBNight, error) {
	var n guanjia.BnBNight
	err := s.Scan(&n.BnBID, &n.Night, &n.Jurisdiction, &n.Village, &n.Rooms, &n.Guests, &n.Beds, &n.ReportedBy, &n.Source,
		timeCol{&n.ReportedAt})
	return n, err
}

// PutNight stores n, replacing the B&B's report of the same night; the
// replaced report is kept in the history with who replaced it. It
// returns the replaced report, nil when there was none.
func (tx *Tx) PutNight(ctx context.Context, n *guanjia.BnBNight) (*guanjia.BnBNight, error) {
	n.ReportedAt = norm(n.ReportedAt)
	old, err := one(ctx, &tx.reader, errNoNight, "SELECT "+nightColumns+" FROM bnb_nights WHERE bnb_id = ? AND night = ?",
		[]any{n.BnBID, n.Night}, scanNight)
	switch {
	case err == nil:
		if _, err := tx.exec(ctx, `INSERT INTO bnb_night_history (bnb_id, night, rooms, guests, reported_by, source, reported_at,
			replaced_by, replaced_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, old.BnBID, old.Night, old.Rooms, old.Guests,
			old.ReportedBy, old.Source, norm(old.ReportedAt), n.ReportedBy, n.ReportedAt); err != nil {
			return nil, fmt.Errorf("keep night %s of B&B %d: %w", n.Night, n.BnBID, err)
		}
	case err != errNoNight:
		return nil, fmt.Errorf("night %s of B&B %d: %w", n.Night, n.BnBID, err)
	}
	_, err = tx.exec(ctx, `INSERT INTO bnb_nights (`+nightColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (bnb_id, night) DO UPDATE SET jurisdiction = excluded.jurisdiction, village = excluded.village,
		rooms = excluded.rooms, guests = excluded.guests, beds = excluded.beds, reported_by = excluded.reported_by,
		source = excluded.source, reported_at = excluded.reported_at`,
		n.BnBID, n.Night, n.Jurisdiction, n.Village, n.Rooms, n.Guests, n.Beds, n.ReportedBy, n.Source, n.ReportedAt)
	if err != nil {
		return nil, fmt.Errorf("put night %s of B&B %d: %w", n.Night, n.BnBID, err)
	}
	if old.BnBID == 0 {
		return nil, nil
	}
	return &old, nil
}

// Nights returns a B&B's reports of the nights from..to (inclusive), latest first.
func (r *reader) Nights(ctx context.Context, bnbID int64, from, to string) ([]guanjia.BnBNight, error) {
	ns, err := list(ctx, r, "SELECT "+nightColumns+` FROM bnb_nights WHERE bnb_id = ? AND night >= ? AND night <= ?
		ORDER BY night DESC`, []any{bnbID, from, to}, scanNight)
	if err != nil {
		return nil, fmt.Errorf("nights of B&B %d: %w", bnbID, err)
	}
	return ns, nil
}

// NightReplacements counts the history rows of a B&B's night: how many
// times its report was replaced.
func (r *reader) NightReplacements(ctx context.Context, bnbID int64, night string) (int, error) {
	var n int
	err := r.queryRow(ctx, "SELECT COUNT(*) FROM bnb_night_history WHERE bnb_id = ? AND night = ?", bnbID, night).Scan(&n)
	return n, err
}

// VillageCapacity is the operating B&Bs of a village with their rooms and beds.
type VillageCapacity struct {
	Village           string
	BnBs, Rooms, Beds int
}

// BnBCapacity returns, per village of town, the operating B&Bs and their
// rooms and beds.
func (r *reader) BnBCapacity(ctx context.Context, town string) ([]VillageCapacity, error) {
	cs, err := list(ctx, r, `SELECT village, COUNT(*), SUM(rooms), SUM(beds) FROM bnbs WHERE jurisdiction = ? AND status = ?
		GROUP BY village ORDER BY village`, []any{town, guanjia.BnBOperating}, func(s scanner) (VillageCapacity, error) {
		var c VillageCapacity
		return c, s.Scan(&c.Village, &c.BnBs, &c.Rooms, &c.Beds)
	})
	if err != nil {
		return nil, fmt.Errorf("B&B capacity of %s: %w", town, err)
	}
	return cs, nil
}

// NightSum is what a village's B&Bs reported of one night.
type NightSum struct {
	Village, Night          string
	Reported, Rooms, Guests int
}

// NightSums returns, per village and night of town in from..to, the
// reports of its operating B&Bs summed.
func (r *reader) NightSums(ctx context.Context, town, from, to string) ([]NightSum, error) {
	ss, err := list(ctx, r, `SELECT n.village, n.night, COUNT(*), SUM(n.rooms), SUM(n.guests) FROM bnb_nights n
		JOIN bnbs b ON b.id = n.bnb_id AND b.status = ?
		WHERE n.jurisdiction = ? AND n.night >= ? AND n.night <= ? GROUP BY n.village, n.night ORDER BY n.night, n.village`,
		[]any{guanjia.BnBOperating, town, from, to}, func(s scanner) (NightSum, error) {
			var n NightSum
			return n, s.Scan(&n.Village, &n.Night, &n.Reported, &n.Rooms, &n.Guests)
		})
	if err != nil {
		return nil, fmt.Errorf("nights of %s: %w", town, err)
	}
	return ss, nil
}

// LoadThresholds returns town's load thresholds by village ("" the town's).
func (r *reader) LoadThresholds(ctx context.Context, town string) (map[string]int, error) {
	type kv struct {
		v string
		p int
	}
	rows, err := list(ctx, r, "SELECT village, threshold FROM bnb_load_settings WHERE jurisdiction = ?", []any{town},
		func(s scanner) (kv, error) { var x kv; return x, s.Scan(&x.v, &x.p) })
	if err != nil {
		return nil, fmt.Errorf("load thresholds of %s: %w", town, err)
	}
	out := map[string]int{}
	for _, x := range rows {
		out[x.v] = x.p
	}
	return out, nil
}

// SetLoadThreshold sets a village's (or with village "", the town's)
// threshold; 0 removes it.
func (tx *Tx) SetLoadThreshold(ctx context.Context, town, village string, threshold int) error {
	var err error
	if threshold == 0 {
		_, err = tx.exec(ctx, "DELETE FROM bnb_load_settings WHERE jurisdiction = ? AND village = ?", town, village)
	} else {
		_, err = tx.exec(ctx, `INSERT INTO bnb_load_settings (jurisdiction, village, threshold) VALUES (?, ?, ?)
			ON CONFLICT (jurisdiction, village) DO UPDATE SET threshold = excluded.threshold`, town, village, threshold)
	}
	if err != nil {
		return fmt.Errorf("set load threshold of %s %s: %w", town, village, err)
	}
	return nil
}

// AddLoadAlert records the alert of a village's night and reports whether
// it is new: each village and night alerts once.
func (tx *Tx) AddLoadAlert(ctx context.Context, l guanjia.VillageLoad, at time.Time) (bool, error) {
	n, err := tx.affected(ctx, `INSERT INTO bnb_load_alerts (jurisdiction, village, night, guests, beds, threshold, raised_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, l.Jurisdiction, l.Village, l.Night, l.Guests, l.Beds, l.Threshold, norm(at))
	if err != nil {
		return false, fmt.Errorf("load alert of %s %s: %w", l.Village, l.Night, err)
	}
	return n == 1, nil
}

// AddLicenceReminder records the reminder of a B&B's licence at a window
// (days ahead) and reports whether it is new: each is sent once.
func (tx *Tx) AddLicenceReminder(ctx context.Context, bnbID int64, kind string, expires time.Time, days int, at time.Time) (bool, error) {
	n, err := tx.affected(ctx, `INSERT INTO bnb_licence_reminders (bnb_id, kind, expires, days_ahead, sent_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT DO NOTHING`, bnbID, kind, expires.In(guanjia.TownZone).Format(guanjia.NightLayout), days, norm(at))
	if err != nil {
		return false, fmt.Errorf("licence reminder of B&B %d: %w", bnbID, err)
	}
	return n == 1, nil
}

// InsertNights writes nights not reported before, many to a statement:
// for the demo and imports of history. A night already reported fails.
func (tx *Tx) InsertNights(ctx context.Context, ns []guanjia.BnBNight) error {
	err := tx.insertRows(ctx, "bnb_nights", nightColumns, len(ns), func(i int) ([]any, error) {
		n := ns[i]
		return []any{n.BnBID, n.Night, n.Jurisdiction, n.Village, n.Rooms, n.Guests, n.Beds, n.ReportedBy, n.Source,
			norm(n.ReportedAt)}, nil
	})
	if err != nil {
		return fmt.Errorf("insert %d nights: %w", len(ns), err)
	}
	return nil
}
