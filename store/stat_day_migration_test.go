package store

import (
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/guanjia/guanjia"
)

// ladderCase is the SQL that puts a duration column into its step of
// guanjia.DurationLadder, as migration 0110 does for the rows on file.
func ladderCase(col string) string {
	var b strings.Builder
	b.WriteString("CASE WHEN " + col + " IS NULL THEN NULL")
	for i, top := range guanjia.DurationLadder {
		b.WriteString(" WHEN " + col + " <= " + strconv.FormatInt(top, 10) + " THEN " + strconv.Itoa(i))
	}
	b.WriteString(" ELSE " + strconv.Itoa(len(guanjia.DurationLadder)) + " END")
	return b.String()
}

// TestStatDaysMigrations: migration 0110 puts the rows on file into the
// ladder's steps, 0200 (after 0111, with the count of reports of the
// same problem) fills stat_days with the very statement the store keeps
// them by, and 0220 its sums of running deadlines.
func TestStatDaysMigrations(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		ms, err := migrations(engine)
		if err != nil {
			t.Fatal(err)
		}
		var got [3]string
		for _, m := range ms {
			switch m.version {
			case 110:
				got[0] = m.sql
			case 200:
				got[1] = m.sql
			case 220:
				got[2] = m.sql
			}
		}
		for _, col := range []string{"sign_secs", "resolve_secs"} {
			if !strings.Contains(got[0], ladderCase(col)) {
				t.Errorf("%s 0110 does not step %s by the ladder: want\n%s", engine, col, ladderCase(col))
			}
		}
		least := map[string]string{"sqlite": "min", "postgres": "LEAST"}[engine]
		if !strings.Contains(got[1], haversineSQL(least, "n.lat", "n.lng")+" <= 150") {
			t.Errorf("%s 0200 does not measure the distance as the store does: want\n%s", engine, haversineSQL(least, "n.lat", "n.lng"))
		}
		before := slices.DeleteFunc(slices.Clone(statSums), func(s statSum) bool { return strings.HasPrefix(s.col, "running") })
		if !strings.HasSuffix(got[1], statDaysFill(before)) {
			t.Errorf("%s 0200 does not end with the store's fill:\n%s", engine, statDaysFill(before))
		}
		if !strings.HasSuffix(got[2], runningFill()) {
			t.Errorf("%s 0220 does not end with the store's fill of the running deadlines:\n%s", engine, runningFill())
		}
		if os.Getenv("GUANJIA_PRINT_STAT_SQL") != "" {
			t.Logf("%s\n%s\n%s\n%s", ladderCase("sign_secs"), ladderCase("resolve_secs"), statDaysFill(statSums), runningFill())
		}
	}
}
