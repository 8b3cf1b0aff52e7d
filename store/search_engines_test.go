package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

// TestSearchEnginesAgree: on one town, a text search finds on SQLite and
// on PostgreSQL the same cases in the same order, and counts the same:
// exactly those whose number, description or address holds the query,
// ignoring the case of ASCII letters, whichever index narrows it (terms,
// phrases, trigrams) and, on PostgreSQL, without the trigram index too (a
// server where pg_trgm could not be created).
func TestSearchEnginesAgree(t *testing.T) {
	descriptions := []string{"路边井盖不见了", "垃圾桶满了，请尽快处理。", "Broken LAMP post", "桥下有人钓鱼", "停车场出口被堵",
		"消防通道堆满杂物", "折扣 50% off_sale", `路径 C:\temp 里`, "井盖盖不上"}
	roads := []string{"子夜路", "环河路", "石佛南路", "新华路"}
	var cs []*guanjia.Case
	for i := range 240 {
		cs = append(cs, newCase(func(c *guanjia.Case) {
			c.Description = descriptions[i%len(descriptions)]
			c.Address = fmt.Sprintf("乌镇镇%s%d号附近", roads[i%len(roads)], i%37)
			c.CreatedAt = t0.Add(time.Duration((i*7919)%240) * time.Minute) // not in id order
		}))
	}
	queries := []string{"井盖", "桥", "井", "盖不", "子夜路12号", "环河路2", "石佛南路3号附近", "新华路1", "号附", "lamp", "AMP P",
		"broken lamp", "停车场出口", "消防通道", "50%", "off_sale", `C:\temp`, "WZ-20261128-0007", "20261128", "不存在的词"}
	found := map[string]map[string][]int64{} // engine, query: ids in order
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		mustCreate(t, db, cs...)
		if engine(dsn) == store.SQLite { // by the index, not as cases waiting for it
			if err := db.IndexSearchForTest(ctx); err != nil {
				t.Fatal(err)
			}
		}
		// What the search must find, newest first: every case that holds
		// the query.
		want := func(q string) []int64 {
			var ids []int64
			for _, c := range slices.SortedFunc(slices.Values(cs), func(a, b *guanjia.Case) int {
				if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
					return c
				}
				return int(b.ID - a.ID)
			}) {
				if slices.ContainsFunc([]string{c.Number, c.Description, c.Address}, func(s string) bool {
					return strings.Contains(lowerASCII(s), lowerASCII(q))
				}) {
					ids = append(ids, c.ID)
				}
			}
			return ids
		}
		search := func(t *testing.T, db *store.DB) map[string][]int64 {
			got := map[string][]int64{}
			for _, q := range queries {
				var ids []int64
				for after := ""; ; { // pages of 50
					page, next, err := db.FindCases(ctx, guanjia.CaseFilter{Text: ptr(q), Limit: 50, After: after})
					if err != nil {
						t.Fatal(err)
					}
					for _, c := range page {
						ids = append(ids, c.ID)
					}
					if after = next; next == "" {
						break
					}
				}
				if diff := cmp.Diff(want(q), ids); diff != "" {
					t.Errorf("%q (-want +got):\n%s", q, diff)
				}
				counts, err := db.CountCases(ctx, guanjia.CaseFilter{Text: ptr(q)})
				if err != nil {
					t.Fatal(err)
				}
				if counts[guanjia.StatusNew] != len(ids) {
					t.Errorf("%q: counted %d, found %d", q, counts[guanjia.StatusNew], len(ids))
				}
				got[q] = ids
			}
			return got
		}
		found[engine(dsn)] = search(t, db)
		if engine(dsn) == store.Postgres {
			var trgm bool
			if err := db.QueryRowForTest(ctx, "SELECT EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'cases_text_trgm')").Scan(&trgm); err != nil || !trgm {
				t.Fatalf("no trigram index (%v): pg_trgm missing on the test server?", err)
			}
			if err := db.Tx(ctx, func(tx *store.Tx) error { return store.ExecForTest(ctx, tx, "DROP INDEX cases_text_trgm") }); err != nil {
				t.Fatal(err)
			}
			without, err := store.Open(ctx, dsn) // learns afresh that there is none
			if err != nil {
				t.Fatal(err)
			}
			defer without.Close()
			if diff := cmp.Diff(found[store.Postgres], search(t, without)); diff != "" {
				t.Errorf("without the trigram index (-with +without):\n%s", diff)
			}
		}
	})
	if len(found) == 2 {
		if diff := cmp.Diff(found[store.SQLite], found[store.Postgres]); diff != "" {
			t.Errorf("SQLite and PostgreSQL differ (-sqlite +postgres):\n%s", diff)
		}
	}
}

// lowerASCII lower-cases ASCII letters only, as SQLite's LIKE compares.
func lowerASCII(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}
