package i18n_test

import (
	"errors"
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/i18n"
)

// TestErrorMessage: an application error reads in the request's language;
// any other error says only that something went wrong inside.
func TestErrorMessage(t *testing.T) {
	signIn := fmt.Errorf("authorize: %w", guanjia.Errorf(guanjia.EUNAUTHORIZED, "Sign in first."))
	for _, tc := range []struct {
		name, lang string
		err        error
		want       string
	}{
		{"chinese", "zh", signIn, "请先登录。"},
		{"english", "en", signIn, "Sign in first."},
		{"internal in chinese", "zh", errors.New("open db: disk full"), "服务器内部错误，请稍后重试。"},
		{"internal in english", "en", errors.New("open db: disk full"), "Internal error."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/?lang="+tc.lang, nil)
			if got := i18n.ErrorMessage(r, tc.err); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
