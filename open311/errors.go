package open311

import (
	"net/http"

	"github.com/guanjia/guanjia"
)

// apiError is one entry of the spec's error response: a JSON array of
// {code, description}, or <errors><error>…</error></errors> in XML.
type apiError struct {
	Code        int    `json:"code" xml:"code"`
	Description string `json:"description" xml:"description"`
}

// statuses maps Guanjia's error codes to HTTP statuses. The spec asks for
// 404 for what does not exist, 403 for a missing or bad api_key and 400 for
// anything else the client must fix; the others say more where HTTP can.
var statuses = map[string]int{
	guanjia.EINVALID:       http.StatusBadRequest,
	guanjia.EUNPROCESSABLE: http.StatusBadRequest,
	guanjia.EUNAUTHORIZED:  http.StatusForbidden,
	guanjia.EFORBIDDEN:     http.StatusForbidden,
	guanjia.ENOTFOUND:      http.StatusNotFound,
	guanjia.ECONFLICT:      http.StatusConflict,
	guanjia.ETOOLARGE:      http.StatusRequestEntityTooLarge,
	guanjia.ERATELIMIT:     http.StatusTooManyRequests,
	guanjia.EUNAVAILABLE:   http.StatusServiceUnavailable,
	guanjia.EINTERNAL:      http.StatusInternalServerError,
}

// httpStatus returns the HTTP status of an error.
func httpStatus(err error) int {
	if st, ok := statuses[guanjia.ErrorCode(err)]; ok {
		return st
	}
	return http.StatusInternalServerError
}

// errorList flattens err (joined errors included) into the spec's error
// entries. Messages are guanjia.ErrorMessage's: safe to show, generic for
// internal errors.
func errorList(err error) []apiError {
	var out []apiError
	for _, e := range flatten(err) {
		out = append(out, apiError{Code: httpStatus(e), Description: guanjia.ErrorMessage(e)})
	}
	return out
}

// flatten returns the errors joined in err, or err alone.
func flatten(err error) []error {
	j, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return []error{err}
	}
	var out []error
	for _, e := range j.Unwrap() {
		if e != nil {
			out = append(out, flatten(e)...)
		}
	}
	return out
}

// invalidf returns a 400 error about one parameter.
func invalidf(field, format string, args ...any) error {
	return guanjia.FieldErrorf(guanjia.EINVALID, field, format, args...)
}

// notFoundf returns a 404 error.
func notFoundf(format string, args ...any) error {
	return guanjia.Errorf(guanjia.ENOTFOUND, format, args...)
}
