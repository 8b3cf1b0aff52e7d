package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

// TestSearchTermsInDatabase: the database computes a text's search terms
// (guanjia_terms: Go on SQLite, PL/pgSQL on PostgreSQL) exactly as the
// store does for queries.
func TestSearchTermsInDatabase(t *testing.T) {
	texts := []string{"乌镇镇子夜路12号附近", "WZ-20261128-0042", "Bridge 12 路灯坏了ABC", "楼道里堆满杂物，堵住了安全出口。",
		"𠀀𠀁 ideographs beyond the BMP", "Ünïcödé café NAÏVE", "", "a1b2c3 abc", "井盖 井盖"}
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		for _, text := range texts {
			query := "SELECT guanjia_terms(?)"
			if engine(dsn) == store.Postgres {
				query = "SELECT array_to_string(guanjia_terms(?), ' ')"
			}
			var s string
			if err := db.QueryRowForTest(ctx, query, text).Scan(&s); err != nil {
				t.Fatal(err)
			}
			got, want := strings.Fields(s), store.DocTerms(text)
			slices.Sort(got)
			slices.Sort(want)
			if len(got)+len(want) == 0 {
				continue
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("terms of %q (-store +database):\n%s", text, diff)
			}
			if engine(dsn) == store.SQLite { // the pieces of phrases, in order
				if err := db.QueryRowForTest(ctx, "SELECT guanjia_trigrams(?)", text).Scan(&s); err != nil {
					t.Fatal(err)
				}
				if want, got := store.DocTrigrams(text), strings.Fields(s); !slices.Equal(want, got) {
					t.Errorf("pieces of %q: store %q, database %q", text, want, got)
				}
			}
		}
	})
}
