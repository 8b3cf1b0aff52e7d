package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/guanjia/guanjia"
)

// Reports of the same problem (重复件, docs/figures.md): a new case is one
// when an earlier case of its town and category was reported within
// guanjia.RepeatRadius of its place in the guanjia.RepeatWindow before it.
// case_places (migration 0200) keeps every case's place as reported, by
// town, category and hot-spot cell (guanjia.HotspotCell), so that the
// earlier cases near a new one are a few short index ranges; the new
// case's flag (guanjia.CaseStat.SameProblem) is set in the transaction
// that writes it, before its part is added to the figures.

// haversineSQL is the distance in metres between o's place and the point
// (lat, lng), two SQL expressions, by the haversine formula as store's
// distance works it out: the very expression of migration 0200, so that a
// case's flag is the same whichever path wrote it. least is the engine's
// two-argument minimum.
func haversineSQL(least, lat, lng string) string {
	const rad = "0.017453292519943295" // float64(math.Pi / 180)
	sq := func(d string) string { return "sin(" + d + " * " + rad + " / 2) * sin(" + d + " * " + rad + " / 2)" }
	return "2 * 6371008.8 * asin(" + least + "(1, sqrt(" + sq("(o.lat - "+lat+")") + " + cos(" + lat + " * " + rad +
		") * cos(o.lat * " + rad + ") * " + sq("(o.lng - "+lng+")") + ")))"
}

// placeCells returns the rows and columns of hot-spot cells a circle of
// the repeat radius around (lat, lng) reaches: 5 and 7 values (repeated
// when fewer), enough for 150 m up to 57° N.
func placeCells(lat, lng float64) (rows, cols []any) {
	b := circleBox(guanjia.Circle{Lat: lat, Lng: lng, Radius: guanjia.RepeatRadius})
	lo, _ := guanjia.HotspotCell(b.MinLat, b.MinLng)
	hi, _ := guanjia.HotspotCell(b.MaxLat, b.MaxLng)
	_, left := guanjia.HotspotCell(b.MinLat, b.MinLng)
	_, right := guanjia.HotspotCell(b.MaxLat, b.MaxLng)
	span := func(lo, hi int64, n int) []any {
		var out []any
		for v := lo; v <= hi && len(out) < n; v++ {
			out = append(out, v)
		}
		for len(out) < n {
			out = append(out, out[len(out)-1])
		}
		return out
	}
	return span(lo, hi, 5), span(left, right, 7)
}

// placed reports whether a case has a place (a case at 0, 0 has none).
func placed(c *guanjia.Case) bool { return c.Lat != 0 || c.Lng != 0 }

// markSameProblems writes the places of new cases (their ids set) to
// case_places and sets sameProblem on those reported near an earlier case
// of their town and category, this batch's included, within the window:
// for each, one EXISTS over the few cells the circle reaches, by the
// distance in SQL.
func (tx *Tx) markSameProblems(ctx context.Context, ncs []*NewCase) error {
	var with []*NewCase
	for _, nc := range ncs {
		if placed(nc.Case) {
			with = append(with, nc)
		}
	}
	err := tx.insertRows(ctx, "case_places", "jurisdiction, category, cell_row, cell_col, at_us, case_id, lat, lng", len(with),
		func(i int) ([]any, error) {
			c := with[i].Case
			row, col := guanjia.HotspotCell(c.Lat, c.Lng)
			return []any{c.Jurisdiction, c.Category, row, col, c.CreatedAt.UnixMicro(), c.ID, c.Lat, c.Lng}, nil
		})
	if err != nil {
		return fmt.Errorf("case places: %w", err)
	}
	if tx.bulk != nil {
		with = tx.bulk.places.mark(with)
	}
	return tx.sameProblemsSQL(ctx, with)
}

// sameProblemsSQL sets sameProblem on the new cases (their places in
// case_places) reported near an earlier case, by the SQL. Each case's
// test looks in its own cell first and in the cells around only when
// none is there: where reports crowd (a market's bins, a junction's
// lights), an earlier one within the radius is most often in the same
// cell, and the index ranges of the cells around are read in their order,
// from a corner the circle barely reaches.
func (tx *Tx) sameProblemsSQL(ctx context.Context, with []*NewCase) error {
	least := "min"
	if tx.d.postgres() {
		least = "LEAST"
	}
	const float = "CAST(? AS DOUBLE PRECISION)"
	near := func(cells string) string {
		return "EXISTS (SELECT 1 FROM case_places o WHERE o.jurisdiction = ? AND o.category = ? AND " + cells +
			" AND o.at_us >= ? AND o.at_us < ?" +
			" AND " + strings.ReplaceAll(strings.ReplaceAll(haversineSQL(least, "n.lat", "n.lng"), "n.lat", float), "n.lng", float) +
			" <= " + strconv.FormatFloat(guanjia.RepeatRadius, 'f', -1, 64) + ")"
	}
	one := "SELECT CAST(? AS INTEGER) WHERE " + near("o.cell_row = ? AND o.cell_col = ?") +
		" OR " + near("o.cell_row IN (?, ?, ?, ?, ?) AND o.cell_col IN (?, ?, ?, ?, ?, ?, ?)")
	for done := 0; done < len(with); {
		size := 32
		for size > len(with)-done {
			size /= 2
		}
		var args []any
		parts := make([]string, size)
		for i := range size {
			c := with[done+i].Case
			row, col := guanjia.HotspotCell(c.Lat, c.Lng)
			rows, cols := placeCells(c.Lat, c.Lng)
			at := c.CreatedAt.UnixMicro()
			// the window, then n.lat three times and n.lng twice, in the
			// expression's order
			rest := []any{at - guanjia.RepeatWindow.Microseconds(), at, c.Lat, c.Lat, c.Lat, c.Lng, c.Lng}
			parts[i] = one
			args = append(args, i, c.Jurisdiction, c.Category, row, col)
			args = append(args, rest...)
			args = append(args, c.Jurisdiction, c.Category)
			args = append(args, rows...)
			args = append(args, cols...)
			args = append(args, rest...)
		}
		batch := with[done : done+size]
		_, err := list(ctx, &tx.reader, strings.Join(parts, " UNION ALL "), args, func(s scanner) (struct{}, error) {
			var i int
			if err := s.Scan(&i); err != nil {
				return struct{}{}, err
			}
			batch[i].sameProblem = true
			return struct{}{}, nil
		})
		if err != nil {
			return fmt.Errorf("same problems: %w", err)
		}
		done += size
	}
	return nil
}
