package guanjia

// The times to sign for and to resolve are kept as counts of cases per
// step of a fixed ladder of working durations, so that the 90th
// percentile of any group over any period is a sum of counts: exact to a
// step of the ladder (docs/figures.md). Quarter hours up to an hour, then
// half hours, hours, and working days (7.5 working hours) further out.

// DurationLadder are the steps, in working seconds: a duration is counted
// in the first step it does not exceed, or past the last.
var DurationLadder = [DurationBuckets - 1]int64{
	900, 1800, 2700, 3600, 5400, 7200, 9000, 10800, 14400, 18000, 21600, // ¼ h … 6 h
	27000, 36000, 45000, 54000, 81000, 108000, 135000, 189000, 270000, // 1, 1⅓, 1⅔, 2, 3, 4, 5, 7, 10 working days
	405000, 540000, 810000, 1080000, 1620000, 2160000, 3240000, 5400000, // 15, 20, 30, 40, 60, 80, 120, 200 working days
}

// DurationBuckets is how many counts a duration is kept in: the steps and
// one past the last.
const DurationBuckets = 29

// DurationBucket returns the index of the bucket of a duration of secs
// working seconds.
func DurationBucket(secs int64) int {
	for i, top := range DurationLadder {
		if secs <= top {
			return i
		}
	}
	return len(DurationLadder)
}

// LadderP90 returns the nearest-rank 90th percentile of the durations
// counted in buckets, to a step: the least step that at least 90% of them
// do not exceed (the last step when that is past it); 0 for none.
func LadderP90(buckets *[DurationBuckets]int64) int64 {
	var n int64
	for _, c := range buckets {
		n += c
	}
	if n == 0 {
		return 0
	}
	rank := (9*n + 9) / 10 // ceil(0.9 n)
	var seen int64
	for i, c := range buckets {
		if seen += c; seen >= rank {
			return DurationLadder[min(i, len(DurationLadder)-1)]
		}
	}
	return DurationLadder[len(DurationLadder)-1]
}
