package web

import (
	"context"
	"time"

	"github.com/guanjia/guanjia"
)

// rates are the figures of the closed loop over a period: how many cases
// were signed for and resolved within their time limits, and how satisfied
// their reporters were.
type rates struct {
	Signed, SignedOnTime     int
	Resolved, ResolvedOnTime int
	Rated, SatisfactionSum   int
}

// Satisfaction is the average rating, rounded down to one decimal; 0 without ratings.
func (r *rates) Satisfaction() float64 {
	if r.Rated == 0 {
		return 0
	}
	return float64(r.SatisfactionSum*10/r.Rated) / 10
}

// rates counts the cases reported since from, of one unit or ("") all.
func (s *Server) rates(ctx context.Context, unit string, from time.Time, town *string) (*rates, error) {
	f := guanjia.CaseFilter{From: &from, Jurisdiction: town}
	if unit != "" {
		f.Unit = &unit
	}
	var r rates
	err := eachCase(ctx, s.app, f, 20000, func(c *guanjia.Case) {
		if c.AcceptedAt != nil && c.SignDueAt != nil {
			r.Signed++
			if !c.AcceptedAt.After(*c.SignDueAt) {
				r.SignedOnTime++
			}
		}
		if c.ResolvedAt != nil && c.ResolveDueAt != nil {
			r.Resolved++
			if !c.ResolvedAt.After(*c.ResolveDueAt) {
				r.ResolvedOnTime++
			}
		}
		if c.Satisfaction > 0 {
			r.Rated++
			r.SatisfactionSum += c.Satisfaction
		}
	})
	return &r, err
}
