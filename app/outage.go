package app

import "github.com/guanjia/guanjia/store"

// Outage returns an EUNAVAILABLE error, with how long to wait, when err
// says the database is out of reach for now; otherwise err itself. The
// edges call it before they answer an error, and log err first.
func Outage(err error) error { return store.Outage(err) }

// Unreachable reports whether err says the database is out of reach for
// now, from either engine (see store.Unreachable).
func Unreachable(err error) bool { return store.Unreachable(err) }
