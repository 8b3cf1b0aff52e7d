package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

// TestMigrateSearchFile: migration 0460 (SQLite) moves the search indexes
// out of the database into the search file, which indexes every case
// again; searches find every case meanwhile, and after. A deleted case's
// id is not given again.
func TestMigrateSearchFile(t *testing.T) {
	ctx := context.Background()
	db := dbMigratedTo(t, dbtest.SQLite(t), 450)
	mustTx(t, db, func(tx *store.Tx) error {
		for _, q := range []string{
			`INSERT INTO jurisdictions (code, name, prefix, parent, level) VALUES ('330483100', '乌镇镇', 'WZ', '', 'town')`,
			`INSERT INTO cases (id, number, jurisdiction, status, category, lat, lng, address, version, created_at, updated_at)
				VALUES (1, 'WZ-20261102-0001', '330483100', 'new', 'garbage', 30.745, 120.487, '子夜路12号附近', 1, 1793606400000000, 1793606400000000)`,
			`DELETE FROM case_search_queue`,
			`INSERT INTO case_search (rowid, terms) SELECT id, guanjia_terms(number, description, address) FROM cases`, // case 1 is indexed
			`INSERT INTO cases (id, number, jurisdiction, status, category, lat, lng, address, version, created_at, updated_at)
				VALUES (2, 'WZ-20261102-0002', '330483100', 'new', 'garbage', 30.745, 120.487, '子夜路12号', 1, 1793610000000000, 1793610000000000)`,
			`UPDATE cases SET address = '子夜路12号东' WHERE id = 1`, // case 1 changed
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
	for _, table := range []string{"case_search", "case_phrases"} {
		var n int
		if err := db.QueryRowForTest(ctx, "SELECT COUNT(*) FROM main.sqlite_schema WHERE name = ?", table).Scan(&n); err != nil || n != 0 {
			t.Errorf("%s is still in the database (%d, %v)", table, n, err)
		}
	}
	find := func(when string) {
		t.Helper()
		got, _, err := db.FindCases(ctx, guanjia.CaseFilter{Text: ptr("子夜路12号")})
		if err != nil || len(got) != 2 {
			t.Fatalf("search %s: %d cases, %v; want 2", when, len(got), err)
		}
	}
	find("before the search file indexed them")
	if err := db.IndexSearchForTest(ctx); err != nil {
		t.Fatal(err)
	}
	var through, phrases int
	if err := db.QueryRowForTest(ctx, `SELECT (SELECT through FROM search_state),
		(SELECT COUNT(*) FROM case_phrases WHERE case_phrases MATCH '"夜路1 路12"')`).Scan(&through, &phrases); err != nil {
		t.Fatal(err)
	}
	if through != 2 || phrases != 2 {
		t.Errorf("after indexing: through %d, %d cases in case_phrases; want 2 and 2", through, phrases)
	}
	if err := db.TrimSearchQueueForTest(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.IndexSearchForTest(ctx); err != nil {
		t.Fatal(err)
	}
	var waiting int
	if err := db.QueryRowForTest(ctx, "SELECT COUNT(*) FROM ("+store.SearchWaiting+")").Scan(&waiting); err != nil || waiting != 0 {
		t.Errorf("%d cases wait for the index (%v), want none", waiting, err)
	}
	find("once indexed")

	mustTx(t, db, func(tx *store.Tx) error { return store.ExecForTest(ctx, tx, "DELETE FROM cases WHERE id = 2") })
	c := mustCreate(t, db, newCase(func(c *guanjia.Case) { c.Jurisdiction = "330483100" }))[0]
	if c.ID <= 2 {
		t.Errorf("a new case took id %d, at or below a deleted one's (2)", c.ID)
	}
}

// TestIndexingLeavesWriterFree: while the search file's writer is busy
// (indexing, merging), cases are still written, and found, at once: the
// search indexes hold none of the database's one writer.
func TestIndexingLeavesWriterFree(t *testing.T) {
	ctx := context.Background()
	db := newDB(t, dbtest.SQLite(t))
	release, err := db.HoldSearchForTest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	short, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	c := newCase(func(c *guanjia.Case) { c.Address = "茶院路8号" })
	if err := db.Tx(short, func(tx *store.Tx) error { return createCase(short, tx, c) }); err != nil {
		t.Fatalf("a case written while the search file is held: %v", err)
	}
	got, _, err := db.FindCases(short, guanjia.CaseFilter{Text: ptr("茶院路8号")})
	if err != nil || len(got) != 1 {
		t.Fatalf("search while the search file is held: %d cases, %v; want 1", len(got), err)
	}
	release()
	if err := db.IndexSearchForTest(ctx); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.QueryRowForTest(ctx, `SELECT COUNT(*) FROM case_phrases WHERE case_phrases MATCH '"茶院路"'`).Scan(&n); err != nil || n != 1 {
		t.Errorf("indexed at 茶院路 once released: %d, %v; want 1", n, err)
	}
}
