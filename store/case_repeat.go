package store

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/guanjia/guanjia"
)

// Reports of the same problem (重复件, docs/figures.md): a new case is one
// when an earlier case of its town and category was reported within
// guanjia.RepeatRadius of its place in the guanjia.RepeatWindow before it.
// case_places (migration 0200) keeps every case's place as reported, by
// town, category and row of hot-spot cells (guanjia.HotspotCell), so that
// the earlier cases near a new one are a few short index ranges; the new
// case's flag (guanjia.CaseStat.SameProblem) is set in the transaction
// that writes it, before its part is added to the figures.

// placeRows returns the rows of hot-spot cells a circle of the repeat
// radius around lat reaches, and the longitudes it spans.
func placeRows(lat, lng float64) (rows []any, minLng, maxLng float64) {
	b := circleBox(guanjia.Circle{Lat: lat, Lng: lng, Radius: guanjia.RepeatRadius})
	lo, hi := int64(math.Floor(b.MinLat/guanjia.HotspotCellLat)), int64(math.Floor(b.MaxLat/guanjia.HotspotCellLat))
	for r := lo; r <= hi; r++ {
		rows = append(rows, r)
	}
	for len(rows) < 4 { // one shape of statement: the circle spans at most 4 rows
		rows = append(rows, rows[len(rows)-1])
	}
	return rows[:4], b.MinLng, b.MaxLng
}

// placed reports whether a case has a place (a case at 0, 0 has none).
func placed(c *guanjia.Case) bool { return c.Lat != 0 || c.Lng != 0 }

// markSameProblems writes the places of new cases (their ids set) to
// case_places and sets sameProblem on those reported near an earlier case
// of their town and category, this batch's included, within the window.
func (tx *Tx) markSameProblems(ctx context.Context, ncs []*NewCase) error {
	var with []*NewCase
	for _, nc := range ncs {
		if placed(nc.Case) {
			with = append(with, nc)
		}
	}
	err := tx.insertRows(ctx, "case_places", "jurisdiction, category, cell_row, at_us, case_id, lat, lng", len(with),
		func(i int) ([]any, error) {
			c := with[i].Case
			row, _ := guanjia.HotspotCell(c.Lat, c.Lng)
			return []any{c.Jurisdiction, c.Category, row, c.CreatedAt.UnixMicro(), c.ID, c.Lat, c.Lng}, nil
		})
	if err != nil {
		return fmt.Errorf("case places: %w", err)
	}
	const one = "SELECT CAST(? AS INTEGER), lat, lng FROM case_places WHERE jurisdiction = ? AND category = ?" +
		" AND cell_row IN (?, ?, ?, ?) AND at_us >= ? AND at_us < ? AND lng >= ? AND lng <= ?"
	for done := 0; done < len(with); {
		size := 32
		for size > len(with)-done {
			size /= 2
		}
		var args []any
		parts := make([]string, size)
		for i := range size {
			c := with[done+i].Case
			rows, minLng, maxLng := placeRows(c.Lat, c.Lng)
			at := c.CreatedAt.UnixMicro()
			parts[i] = one
			args = append(args, i, c.Jurisdiction, c.Category)
			args = append(args, rows...)
			args = append(args, at-guanjia.RepeatWindow.Microseconds(), at, minLng, maxLng)
		}
		batch := with[done : done+size]
		_, err := list(ctx, &tx.reader, strings.Join(parts, " UNION ALL "), args, func(s scanner) (struct{}, error) {
			var i int
			var lat, lng float64
			if err := s.Scan(&i, &lat, &lng); err != nil {
				return struct{}{}, err
			}
			if c := batch[i].Case; distance(c.Lat, c.Lng, lat, lng) <= guanjia.RepeatRadius {
				batch[i].sameProblem = true
			}
			return struct{}{}, nil
		})
		if err != nil {
			return fmt.Errorf("same problems: %w", err)
		}
		done += size
	}
	return nil
}
