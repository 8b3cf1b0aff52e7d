package guanjia

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// Error codes. HTTPStatus maps each to one HTTP status.
const (
	EINVALID       = "invalid"       // the request is malformed (400)
	EUNAUTHORIZED  = "unauthorized"  // no or bad credentials (401)
	EFORBIDDEN     = "forbidden"     // credentials fine, permission missing (403)
	ENOTFOUND      = "not_found"     // the thing does not exist or is not visible (404)
	ECONFLICT      = "conflict"      // stale version, or action not allowed in this state (409)
	EGONE          = "gone"          // it existed and is no more: a used or expired link (410)
	EUNPROCESSABLE = "unprocessable" // well-formed but semantically wrong (422)
	ETOOLARGE      = "too_large"     // the body or upload is too big (413)
	ERATELIMIT     = "rate_limited"  // too many requests (429)
	EUNAVAILABLE   = "unavailable"   // the database is out of reach for now (503)
	EINTERNAL      = "internal"      // anything else (500); the message is never shown
)

// Error is Guanjia's application error. Its message is safe to show to the
// person who made the request; internal detail belongs in wrapped errors and
// logs. Format is an English format string that doubles as the key into the
// message catalogue, so the edge can render the message in the request's
// language.
type Error struct {
	Code   string
	Field  string // the input field at fault, if any
	Format string
	Args   []any
	// RetryAfter, when set, is how long to wait before trying again
	// (rate limits and outages); the edge sends it as Retry-After.
	RetryAfter time.Duration
}

// Error implements the error interface.
func (e *Error) Error() string {
	return fmt.Sprintf("guanjia error: code=%s message=%s", e.Code, e.Message())
}

// Message returns the English, human-readable message.
func (e *Error) Message() string {
	return fmt.Sprintf(e.Format, e.Args...)
}

// Errorf returns an *Error with the given code and message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Format: format, Args: args}
}

// FieldErrorf returns an *Error about one input field.
func FieldErrorf(code, field, format string, args ...any) *Error {
	return &Error{Code: code, Field: field, Format: format, Args: args}
}

// ErrorCode returns the code of the *Error in err's chain, EINTERNAL for any
// other error and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message of the *Error in err's chain, or a generic
// message for any other error so that internal detail never leaks.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message()
	}
	return "Internal error."
}

// httpStatus maps error codes to HTTP statuses: the one place that does.
var httpStatus = map[string]int{
	EINVALID:       http.StatusBadRequest,
	EUNAUTHORIZED:  http.StatusUnauthorized,
	EFORBIDDEN:     http.StatusForbidden,
	ENOTFOUND:      http.StatusNotFound,
	ECONFLICT:      http.StatusConflict,
	EGONE:          http.StatusGone,
	ETOOLARGE:      http.StatusRequestEntityTooLarge,
	EUNPROCESSABLE: http.StatusUnprocessableEntity,
	ERATELIMIT:     http.StatusTooManyRequests,
	EUNAVAILABLE:   http.StatusServiceUnavailable,
	EINTERNAL:      http.StatusInternalServerError,
}

// HTTPStatus returns the HTTP status that answers err: its code's, or 500.
func HTTPStatus(err error) int {
	if st, ok := httpStatus[ErrorCode(err)]; ok {
		return st
	}
	return http.StatusInternalServerError
}

// SetRetryAfter sets the Retry-After header (whole seconds) when err says
// how long to wait before trying again.
func SetRetryAfter(h http.Header, err error) {
	if d := RetryAfter(err); d > 0 {
		h.Set("Retry-After", strconv.Itoa(int((d+time.Second-1)/time.Second)))
	}
}

// RetryAfter returns how long the *Error in err's chain says to wait before
// trying again; 0 when it does not say.
func RetryAfter(err error) time.Duration {
	var e *Error
	if errors.As(err, &e) {
		return e.RetryAfter
	}
	return 0
}
