package guanjia_test

import (
	"net/url"
	"testing"

	"github.com/guanjia/guanjia"
)

// FuzzCaseFilter: any query string is a filter or a client error.
func FuzzCaseFilter(f *testing.F) {
	f.Add("status=open&category=garbage,noise&bbox=120.4,30.7,120.5,30.8&from=2026-11-01&limit=10")
	f.Add("overdue=maybe&sort=x&limit=-1&bbox=1,2,3")
	f.Add("counted=repeated&from=2026-11-01&to=2026-12-01")
	f.Add("counted=nope&supervised=true")
	f.Fuzz(func(t *testing.T, q string) {
		vals, err := url.ParseQuery(q)
		if err != nil {
			return
		}
		_, err = guanjia.ParseCaseFilter(vals, guanjia.Actor{Role: guanjia.RoleAnonymous})
		if code := guanjia.ErrorCode(err); err != nil && code != guanjia.EINVALID && code != guanjia.EUNAUTHORIZED && code != guanjia.EFORBIDDEN {
			t.Fatalf("code %s for %q", code, q)
		}
	})
}
