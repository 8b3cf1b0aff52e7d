package guanjia_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
)

// TestHTTPStatus: each code answers its status, through wrapping; any
// other error is a 500.
func TestHTTPStatus(t *testing.T) {
	got := map[string]int{}
	for name, err := range map[string]error{
		"invalid":       guanjia.Errorf(guanjia.EINVALID, "x"),
		"unauthorized":  guanjia.Errorf(guanjia.EUNAUTHORIZED, "x"),
		"forbidden":     guanjia.Errorf(guanjia.EFORBIDDEN, "x"),
		"not found":     guanjia.Errorf(guanjia.ENOTFOUND, "x"),
		"wrapped":       fmt.Errorf("dispatch case 7: %w", guanjia.Errorf(guanjia.ECONFLICT, "x")),
		"too large":     guanjia.FieldErrorf(guanjia.ETOOLARGE, "photo", "x"),
		"unprocessable": guanjia.Errorf(guanjia.EUNPROCESSABLE, "x"),
		"rate limited":  guanjia.Errorf(guanjia.ERATELIMIT, "x"),
		"internal":      guanjia.Errorf(guanjia.EINTERNAL, "x"),
		"unknown code":  guanjia.Errorf("teapot", "x"),
		"plain":         errors.New("disk full"),
	} {
		got[name] = guanjia.HTTPStatus(err)
	}
	want := map[string]int{
		"invalid": 400, "unauthorized": 401, "forbidden": 403, "not found": 404, "wrapped": 409,
		"too large": 413, "unprocessable": 422, "rate limited": 429, "internal": 500, "unknown code": 500, "plain": 500,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("HTTPStatus (-want +got):\n%s", diff)
	}
}
