package store

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strings"
	"sync"
	"time"
)

// Which terms to search by. A query's terms are each in every text that
// contains it, but the index need not be asked for all of them: a long
// address such as "石佛南路3号附近" has seven, some rare ("石佛"), some in
// a tenth of all cases ("南路", "附近"), and intersecting the long lists
// of common terms costs more than they take away. So a text search
// narrows by a few of its terms, the rarest first, judged by how often
// each occurs in a sample of the newest cases, kept in memory and renewed
// every few minutes; a term that shares a Chinese character with one
// already taken is passed over, since neighbouring pairs ("子夜", "夜路")
// mostly occur together and narrow little more than one of them. When the
// terms picked leave too many candidates, the search narrows by all (on
// SQLite). The LIKE that follows decides as before: the choice can make a
// search slower, never wrong. On PostgreSQL too: its GIN index intersects
// posting lists cheaply, but those of terms in every case (the year of a
// case number, "附近" of addresses) cost more than they narrow.

// Term sample sizes.
const (
	termSampleCases = 20000            // cases read for a sample
	termSampleAge   = 10 * time.Minute // a sample older than this is renewed
	searchTermsKept = 3                // terms a search narrows by, at most
)

// termSample counts the documents in which each term, and each piece of
// a phrase (search_phrase.go), occurs among the newest cases.
type termSample struct {
	counts map[string]int32
	read   int   // cases read
	cases  int64 // the highest case id at the time: about how many cases there are
	at     time.Time
}

// matches estimates, from the sample, how many cases hold all of q's
// terms and three-character pieces: the cases that hold its rarest,
// scaled to all cases. It is an upper bound of the cases that contain q,
// give or take the sample's error; 0 when unknown.
func (s *termSample) matches(q string) int64 {
	if s == nil || s.read == 0 {
		return 0
	}
	keys := append(QueryTerms(q), docTrigrams(q)...)
	if len(keys) == 0 {
		return 0
	}
	least := int64(math.MaxInt32)
	for _, k := range keys {
		least = min(least, int64(s.counts[k]))
	}
	return least * s.cases / int64(s.read)
}

// sharesHan reports whether two terms have a Chinese character in common.
// (Three-letter pieces overlap too, but in digits that recur anyway:
// "202", "026", "260" of a date are each as common as the date.)
func sharesHan(a, b string) bool {
	for _, r := range a {
		if isHan(r) && strings.ContainsRune(b, r) {
			return true
		}
	}
	return false
}

// termSampler keeps a DB's term sample.
type termSampler struct {
	mu      sync.Mutex // held while a sample is taken
	current *termSample
	read    sync.RWMutex // guards current
}

// searchTerms returns the terms of q that a text search narrows by (see
// above), and about how many cases there are, 0 when unknown. A sample is
// taken, or renewed, by the first search that finds none or an old one;
// searches meanwhile go on with what there is.
func (db *DB) searchTerms(ctx context.Context, q string) ([]string, int64) {
	terms := QueryTerms(q)
	s := db.termSample(ctx)
	if s == nil {
		return terms, 0
	}
	if len(terms) <= 1 {
		return terms, s.cases
	}
	// Stable: among equally rare terms the query's own order decides, so
	// the same query always narrows by the same terms.
	slices.SortStableFunc(terms, func(a, b string) int { return cmp.Compare(s.counts[a], s.counts[b]) })
	kept := terms[:1]
	for _, t := range terms[1:] {
		if len(kept) == searchTermsKept {
			break
		}
		if !slices.ContainsFunc(kept, func(k string) bool { return sharesHan(k, t) }) {
			kept = append(kept, t)
		}
	}
	return kept, s.cases
}

// SearchTerms returns the terms a text search for q narrows by (see
// searchTerms), up to how many candidates a search for a page reads one
// by one (see searchNewest), and about how many cases there are, for
// those who issue the store's SQL themselves.
func (db *DB) SearchTerms(ctx context.Context, q string) (terms []string, direct int, cases int64) {
	terms, cases = db.searchTerms(ctx, q)
	return terms, orderedCandidates(cases), cases
}

// termSample returns the current sample. When there is none and no one
// else is taking it, it takes one; when it is old, it renews it in the
// background, so that no search waits the hundreds of milliseconds a
// sample of a large town takes, every few minutes.
func (db *DB) termSample(ctx context.Context) *termSample {
	ts := &db.terms
	ts.read.RLock()
	s := ts.current
	ts.read.RUnlock()
	if s != nil && time.Since(s.at) < termSampleAge {
		return s
	}
	if !ts.mu.TryLock() {
		return s
	}
	if s != nil {
		go func() {
			defer ts.mu.Unlock()
			db.renewTermSample(context.WithoutCancel(ctx))
		}()
		return s
	}
	defer ts.mu.Unlock()
	if fresh := db.renewTermSample(ctx); fresh != nil {
		return fresh
	}
	return s // none: a search narrowed by every term
}

// renewTermSample takes a sample and makes it the current one; nil when
// it fails.
func (db *DB) renewTermSample(ctx context.Context) *termSample {
	fresh, err := db.takeTermSample(ctx)
	if err != nil {
		return nil
	}
	ts := &db.terms
	ts.read.Lock()
	ts.current = fresh
	ts.read.Unlock()
	return fresh
}

// takeTermSample counts the terms of the newest cases.
func (db *DB) takeTermSample(ctx context.Context) (*termSample, error) {
	rows, err := db.query(ctx, "SELECT id, number, description, address FROM cases ORDER BY id DESC LIMIT ?", termSampleCases)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	s := &termSample{counts: map[string]int32{}, at: time.Now()}
	for rows.Next() {
		var id int64
		var number, description, address string
		if err := rows.Scan(&id, &number, &description, &address); err != nil {
			return nil, err
		}
		s.cases = max(s.cases, id)
		s.read++
		// The terms and the three-character pieces of phrases, each once.
		all := append(docTerms(number, description, address), docTrigrams(number, description, address)...)
		slices.Sort(all)
		for _, t := range slices.Compact(all) {
			s.counts[t]++
		}
	}
	return s, rows.Err()
}
