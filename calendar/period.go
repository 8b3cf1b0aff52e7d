package calendar

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/guanjia/guanjia"
)

// Period is a working period within a day, from Start up to but not
// including End, in minutes after midnight: {510, 720} is 08:30–12:00.
type Period struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// String formats p as "08:30–12:00".
func (p Period) String() string {
	return fmt.Sprintf("%02d:%02d–%02d:%02d", p.Start/60, p.Start%60, p.End/60, p.End%60)
}

// DefaultPeriods returns the usual office hours of government offices,
// 08:30–12:00 and 13:30–17:30: 7.5 working hours a day.
func DefaultPeriods() []Period {
	return []Period{{8*60 + 30, 12 * 60}, {13*60 + 30, 17*60 + 30}}
}

// checkPeriods returns a sorted copy of ps, or an error if a period is empty,
// outside the day or overlaps another.
func checkPeriods(ps []Period) ([]Period, error) {
	ps = slices.Clone(ps)
	slices.SortFunc(ps, func(a, b Period) int { return cmp.Compare(a.Start, b.Start) })
	for i, p := range ps {
		if p.Start < 0 || p.End > 24*60 || p.Start >= p.End {
			return nil, guanjia.Errorf(guanjia.EINVALID,
				"A working period must end after it starts, within minutes 0 to 1440 of the day; %d to %d does not.", p.Start, p.End)
		}
		if i > 0 && p.Start < ps[i-1].End {
			return nil, guanjia.Errorf(guanjia.EINVALID, "Working periods %s and %s overlap.", ps[i-1].String(), p.String())
		}
	}
	return ps, nil
}

// length returns the total length of ps.
func length(ps []Period) time.Duration {
	var n int
	for _, p := range ps {
		n += p.End - p.Start
	}
	return time.Duration(n) * time.Minute
}
