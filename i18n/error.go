package i18n

import (
	"errors"
	"net/http"

	"github.com/guanjia/guanjia"
)

// ErrorMessage renders err's safe message in the request's language. Any
// error that is not a *guanjia.Error reads "Internal error.", so internal
// detail never shows.
func ErrorMessage(r *http.Request, err error) string {
	var e *guanjia.Error
	if errors.As(err, &e) {
		return Sprintf(FromRequest(r), e.Format, e.Args...)
	}
	return T(FromRequest(r), "Internal error.")
}
