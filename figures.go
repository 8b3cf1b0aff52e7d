package guanjia

import "time"

// Figures are the assessment figures of one group of cases (docs/figures.md):
// the counts they are made of, and the rates and times worked out from them.
// The cohort is the cases reported in the period.
type Figures struct {
	Key string `json:"key"` // the unit, village, grid, category, channel, town or day (YYYY-MM-DD); "" for all

	Received        int   `json:"received"`
	Dispatches      int   `json:"dispatches"`
	Returns         int   `json:"returns"`
	Signed          int   `json:"signed"`
	SignedOnTime    int   `json:"signed_on_time"`
	Resolved        int   `json:"resolved"`
	ResolvedOnTime  int   `json:"resolved_on_time"`
	Closed          int   `json:"closed"`
	Fixed           int   `json:"fixed"`
	Rated           int   `json:"rated"`
	Satisfied       int   `json:"satisfied"`
	SatisfactionSum int   `json:"satisfaction_sum"`
	Merged          int   `json:"merged"`
	Repeated        int   `json:"repeated"` // merged, or the same problem reported again (CaseStat.SameProblem)
	OverdueNow      int   `json:"overdue_now"`
	EverOverdue     int   `json:"ever_overdue"`
	SignTimed       int   `json:"sign_timed"`    // signed cases with a known working duration
	SignSecs        int64 `json:"sign_secs"`     // their sum
	SignP90Secs     int64 `json:"sign_p90_secs"` // nearest-rank 90th percentile, to a step of DurationLadder
	ResolveTimed    int   `json:"resolve_timed"`
	ResolveSecs     int64 `json:"resolve_secs"`
	ResolveP90Secs  int64 `json:"resolve_p90_secs"`

	Callbacks           int `json:"callbacks"`            // closed cases called back since they closed (回访)
	Supervised          int `json:"supervised"`           // cases under a supervision order (督办)
	SupervisionAnswered int `json:"supervision_answered"` // of those, the latest order answered in writing
	SupervisionLapsed   int `json:"supervision_lapsed"`   // the latest order escalated for want of an answer
	SupervisedClosed    int `json:"supervised_closed"`    // supervised cases now closed
}

// Rates are a Figures' ratios: nil where the denominator is 0.
type Rates struct {
	SignOnTime       *float64 `json:"sign_on_time"`      // 及时签收率
	ResolveOnTime    *float64 `json:"resolve_on_time"`   // 按期办结率
	FixRate          *float64 `json:"fix_rate"`          // 解决率
	SatisfactionRate *float64 `json:"satisfaction_rate"` // 满意率
	SatisfactionMean *float64 `json:"satisfaction_mean"`
	DuplicateRate    *float64 `json:"duplicate_rate"` // 重复件率
	ReturnRate       *float64 `json:"return_rate"`    // 退单率
	SignHoursMean    *float64 `json:"sign_hours_mean"`
	SignHoursP90     *float64 `json:"sign_hours_p90"`
	ResolveHoursMean *float64 `json:"resolve_hours_mean"`
	ResolveHoursP90  *float64 `json:"resolve_hours_p90"`
	CallbackRate     *float64 `json:"callback_rate"`      // 回访率
	SupervisionRate  *float64 `json:"supervision_answer"` // supervised cases whose order was answered
}

// Rates works out f's ratios.
func (f *Figures) Rates() Rates {
	hours := func(secs int64, n int) *float64 {
		if n == 0 {
			return nil
		}
		h := float64(secs) / 3600 / float64(n)
		return &h
	}
	return Rates{
		SignOnTime:       ratio(f.SignedOnTime, f.Signed),
		ResolveOnTime:    ratio(f.ResolvedOnTime, f.Resolved),
		FixRate:          ratio(f.Fixed, f.Closed),
		SatisfactionRate: ratio(f.Satisfied, f.Rated),
		SatisfactionMean: ratio(f.SatisfactionSum, f.Rated),
		DuplicateRate:    ratio(f.Repeated, f.Received),
		ReturnRate:       ratio(f.Returns, f.Dispatches),
		SignHoursMean:    hours(f.SignSecs, f.SignTimed),
		SignHoursP90:     hours(f.SignP90Secs, min(f.SignTimed, 1)),
		ResolveHoursMean: hours(f.ResolveSecs, f.ResolveTimed),
		ResolveHoursP90:  hours(f.ResolveP90Secs, min(f.ResolveTimed, 1)),
		CallbackRate:     ratio(f.Callbacks, f.Closed),
		SupervisionRate:  ratio(f.SupervisionAnswered, f.Supervised),
	}
}

func ratio(n, d int) *float64 {
	if d == 0 {
		return nil
	}
	r := float64(n) / float64(d)
	return &r
}

// Add adds g's counts to f's. Percentiles do not add: they are left alone.
func (f *Figures) Add(g *Figures) {
	f.Received += g.Received
	f.Dispatches += g.Dispatches
	f.Returns += g.Returns
	f.Signed += g.Signed
	f.SignedOnTime += g.SignedOnTime
	f.Resolved += g.Resolved
	f.ResolvedOnTime += g.ResolvedOnTime
	f.Closed += g.Closed
	f.Fixed += g.Fixed
	f.Rated += g.Rated
	f.Satisfied += g.Satisfied
	f.SatisfactionSum += g.SatisfactionSum
	f.Merged += g.Merged
	f.Repeated += g.Repeated
	f.OverdueNow += g.OverdueNow
	f.EverOverdue += g.EverOverdue
	f.SignTimed += g.SignTimed
	f.SignSecs += g.SignSecs
	f.ResolveTimed += g.ResolveTimed
	f.ResolveSecs += g.ResolveSecs
	f.Callbacks += g.Callbacks
	f.Supervised += g.Supervised
	f.SupervisionAnswered += g.SupervisionAnswered
	f.SupervisionLapsed += g.SupervisionLapsed
	f.SupervisedClosed += g.SupervisedClosed
}

// StatsBy are the groupings of the figures.
var StatsBy = []string{"town", "unit", "village", "grid", "category", "channel", "day"}

// StatsQuery asks for the figures of the cases reported on the days
// [FromDay, ToDay) (ReportDay), grouped By one of StatsBy ("" for one
// group of all), of one town ("" every town) and one unit ("" every unit).
type StatsQuery struct {
	FromDay, ToDay int
	By             string
	Town           string
	Unit           string
	Now            time.Time // for overdue now
	NoPercentiles  bool      // leave the 90th percentiles at 0
	Trend          bool      // also the figures of each day
}

// FigureSet is the answer to a StatsQuery: a row a group in the order of
// their keys, all of them together, and, when asked for, a row a day with
// cases (keyed by ReportDay, as decimal text).
type FigureSet struct {
	Rows  []Figures
	Total Figures
	Trend []Figures
}

// MaySeeStats reports whether a may read the assessment figures: staff; a
// handler or unit lead only with a unit, whose figures alone they see
// (StatsUnit).
func MaySeeStats(a Actor) bool {
	return StaffRoles.Allows(a.Role) && (!DeskRoles.Allows(a.Role) || a.Unit != "")
}

// StatsUnit returns the unit whose figures alone a sees, "" for all.
func StatsUnit(a Actor) string {
	if DeskRoles.Allows(a.Role) {
		return a.Unit
	}
	return ""
}
