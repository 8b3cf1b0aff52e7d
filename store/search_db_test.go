package store_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
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

// TestSearchTermsByStore: on PostgreSQL the store writes a new case's
// terms itself, and the trigger (PL/pgSQL, several times dearer) does not
// run for it; a case another writer inserts still gets its terms from the
// trigger. The trigger is made to fail here, so that running it shows.
func TestSearchTermsByStore(t *testing.T) {
	ctx := context.Background()
	db := newDB(t, dbtest.Postgres(t))
	mustTx(t, db, func(tx *store.Tx) error {
		return store.ExecForTest(ctx, tx, `CREATE OR REPLACE FUNCTION case_search_index() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN RAISE EXCEPTION 'the search terms trigger ran'; END $$`)
	})
	c := mustCreate(t, db, newCase(func(c *guanjia.Case) { c.Description = "楼道里堆满杂物" }))[0]
	want := store.DocTerms(c.Number, c.Description, c.Address)
	got := dump(t, db, "SELECT unnest(terms) FROM case_search WHERE case_id = "+strconv.FormatInt(c.ID, 10))
	slices.Sort(want)
	slices.Sort(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("terms of %s (-docTerms +case_search):\n%s", c.Number, diff)
	}
	err := db.Tx(ctx, func(tx *store.Tx) error {
		for _, q := range []string{"CREATE TEMP TABLE copied AS SELECT * FROM cases WHERE id = " + strconv.FormatInt(c.ID, 10),
			"UPDATE copied SET id = id + 1000, number = number || '-copy', client_id = ''", "INSERT INTO cases SELECT * FROM copied"} {
			if err := store.ExecForTest(ctx, tx, q); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil || !strings.Contains(err.Error(), "the search terms trigger ran") {
		t.Errorf("a case inserted by hand: %v, want the trigger to run", err)
	}
}
