package store

import (
	"context"
	"math"

	"github.com/guanjia/guanjia"
)

// Reports of the same problem in a bulk load. Asking SQL, for each new
// case, about the earlier cases near it (markSameProblems) was a fifth of
// a bulk load's work; a bulk load keeps instead, in memory, the places of
// the cases of the last RepeatWindow (placeIndex), and decides in Go. Go's
// sin and cos need not round as the database's do, so a case whose
// nearest earlier case lies within a hair of RepeatRadius (repeatMargin)
// is left to the SQL as before, as is one the memory no longer reaches
// (reported earlier than the window of the places kept): the flags are
// those the normal path sets, which TestBulkLoadSameAsCreate checks.

// repeatMargin is the share of RepeatRadius within which Go's distance
// does not decide: far more than the rounding of two libraries' sines.
const repeatMargin = 1e-9

// placeKey is a hot-spot cell of a town and category, as case_places
// keys its rows.
type placeKey struct {
	jurisdiction, category string
	row, col               int64
}

// placeEntry is a case's place and time of report (microseconds).
type placeEntry struct {
	at       int64
	lat, lng float64
}

// placeIndex is the memory of a bulk load's same-problem check: the
// places of case_places by cell, less those reported before pruned.
type placeIndex struct {
	cells  map[placeKey][]placeEntry
	pruned int64 // the places reported before this are gone
	added  int   // places added since the last prune
}

func newPlaceIndex() *placeIndex {
	return &placeIndex{cells: map[placeKey][]placeEntry{}, pruned: math.MinInt64}
}

// load reads the places on file.
func (p *placeIndex) load(ctx context.Context, tx *Tx) error {
	rows, err := tx.query(ctx, "SELECT jurisdiction, category, cell_row, cell_col, at_us, lat, lng FROM case_places")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k placeKey
		var e placeEntry
		if err := rows.Scan(&k.jurisdiction, &k.category, &k.row, &k.col, &e.at, &e.lat, &e.lng); err != nil {
			return err
		}
		p.cells[k] = append(p.cells[k], e)
	}
	return rows.Err()
}

// mark takes the places of a batch of new cases (as markSameProblems has
// written them to case_places), sets sameProblem on those it finds
// reported near an earlier case, and returns those it cannot decide, for
// the SQL.
func (p *placeIndex) mark(ncs []*NewCase) (undecided []*NewCase) {
	window := guanjia.RepeatWindow.Microseconds()
	oldest := int64(math.MaxInt64)
	for _, nc := range ncs {
		c := nc.Case
		row, col := guanjia.HotspotCell(c.Lat, c.Lng)
		k := placeKey{c.Jurisdiction, c.Category, row, col}
		at := c.CreatedAt.UnixMicro()
		p.cells[k] = append(p.cells[k], placeEntry{at, c.Lat, c.Lng})
		oldest = min(oldest, at)
	}
	for _, nc := range ncs {
		c := nc.Case
		at := c.CreatedAt.UnixMicro()
		if at-window < p.pruned {
			undecided = append(undecided, nc)
			continue
		}
		switch p.near(c, at-window, at) {
		case 1:
			nc.sameProblem = true
		case 0:
			undecided = append(undecided, nc)
		}
	}
	p.added += len(ncs)
	if p.added >= 100000 && oldest != math.MaxInt64 {
		p.prune(oldest - window)
		p.added = 0
	}
	return undecided
}

// near reports 1 when a place reported in [from, to) lies within the
// repeat radius of c's, -1 when none does, 0 when it cannot tell.
func (p *placeIndex) near(c *guanjia.Case, from, to int64) int {
	rows, cols := placeCells(c.Lat, c.Lng)
	out := -1
	var last int64 = math.MinInt64
	for _, r := range rows {
		if r.(int64) == last {
			continue // placeCells repeats the last when fewer
		}
		last = r.(int64)
		var lastCol int64 = math.MinInt64
		for _, cl := range cols {
			if cl.(int64) == lastCol {
				continue
			}
			lastCol = cl.(int64)
			for _, e := range p.cells[placeKey{c.Jurisdiction, c.Category, last, lastCol}] {
				if e.at < from || e.at >= to {
					continue
				}
				d := repeatDistance(c.Lat, c.Lng, e.lat, e.lng)
				if d <= guanjia.RepeatRadius*(1-repeatMargin) {
					return 1
				}
				if d <= guanjia.RepeatRadius*(1+repeatMargin) {
					out = 0
				}
			}
		}
	}
	return out
}

// prune forgets the places reported before t.
func (p *placeIndex) prune(t int64) {
	for k, es := range p.cells {
		kept := es[:0]
		for _, e := range es {
			if e.at >= t {
				kept = append(kept, e)
			}
		}
		if len(kept) == 0 {
			delete(p.cells, k)
		} else {
			p.cells[k] = kept
		}
	}
	p.pruned = max(p.pruned, t)
}

// repeatDistance is haversineSQL's distance in metres from the new case's
// place (lat, lng) to an earlier one's (olat, olng), worked out in Go.
func repeatDistance(lat, lng, olat, olng float64) float64 {
	const rad = 0.017453292519943295
	sLat, sLng := math.Sin((olat-lat)*rad/2), math.Sin((olng-lng)*rad/2)
	return 2 * 6371008.8 * math.Asin(math.Min(1, math.Sqrt(sLat*sLat+math.Cos(lat*rad)*math.Cos(olat*rad)*sLng*sLng)))
}
