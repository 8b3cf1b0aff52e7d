package store_test

import (
	"context"
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

// TestMigratePhrases: migration 0210 (SQLite) indexes the phrases of the
// cases already indexed; those still waiting are indexed into both
// indexes later, once, and a search finds them all.
func TestMigratePhrases(t *testing.T) {
	ctx := context.Background()
	db := dbMigratedTo(t, dbtest.SQLite(t), 190)
	mustTx(t, db, func(tx *store.Tx) error {
		for _, q := range []string{
			`INSERT INTO jurisdictions (code, name, prefix, parent, level) VALUES ('330483100', '乌镇镇', 'WZ', '', 'town')`,
			`INSERT INTO cases (id, number, jurisdiction, status, category, lat, lng, address, version, created_at, updated_at)
				VALUES (1, 'WZ-20261102-0001', '330483100', 'new', 'garbage', 30.745, 120.487, '子夜路12号附近', 1, 1793606400000000, 1793606400000000)`,
			`INSERT INTO case_search (rowid, terms) SELECT id, guanjia_terms(number, description, address) FROM cases`,
			`DELETE FROM case_search_queue`, // case 1 is indexed
			`INSERT INTO cases (id, number, jurisdiction, status, category, lat, lng, address, version, created_at, updated_at)
				VALUES (2, 'WZ-20261102-0002', '330483100', 'new', 'garbage', 30.745, 120.487, '子夜路12号', 1, 1793610000000000, 1793610000000000)`,
		} {
			if err := store.ExecForTest(ctx, tx, q); err != nil {
				return err
			}
		}
		return nil
	})
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	count := func() (n int) {
		if err := db.QueryRowForTest(ctx, `SELECT COUNT(*) FROM case_phrases WHERE case_phrases MATCH '"夜路1 路12"'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(); n != 1 {
		t.Errorf("after the migration, %d cases in case_phrases, want 1 (case 2 waits)", n)
	}
	if err := db.IndexSearchForTest(ctx); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 2 {
		t.Errorf("after indexing, %d cases in case_phrases, want 2", n)
	}
	got, _, err := db.FindCases(ctx, guanjia.CaseFilter{Text: ptr("子夜路12号")})
	if err != nil || len(got) != 2 {
		t.Fatalf("search: %d cases, %v; want 2", len(got), err)
	}
}

// TestSearchMerge: migration 0460 (SQLite) has FTS5 merge a level of the
// search indexes once 16 segments wait there, and merge a level whole only
// at 64, so that the merges that fall due in a writer's transaction are
// smaller (see the migration).
func TestSearchMerge(t *testing.T) {
	ctx := context.Background()
	db := dbMigratedTo(t, dbtest.SQLite(t), 460)
	for _, table := range []string{"case_search", "case_phrases"} {
		for k, want := range map[string]int{"automerge": 16, "crisismerge": 64} {
			var got int
			if err := db.QueryRowForTest(ctx, "SELECT v FROM "+table+"_config WHERE k = ?", k).Scan(&got); err != nil {
				t.Fatalf("%s %s: %v", table, k, err)
			}
			if got != want {
				t.Errorf("%s %s = %d, want %d", table, k, got, want)
			}
		}
	}
}
