package main

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/demo"
	"github.com/guanjia/guanjia/media"
	"github.com/guanjia/guanjia/store"
)

// seedOrganisation fills the database in dir with the demo organisation.
func seedOrganisation(t *testing.T, dir string) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(dir, "guanjia.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	photos, _ := media.NewStore(filepath.Join(dir, "media"))
	a, err := app.New(ctx, db, photos, app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Seed(ctx, a, db, demo.Options{}); err != nil {
		t.Fatal(err)
	}
}
