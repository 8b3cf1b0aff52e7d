package httpapi

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/guanjia/guanjia"
)

// maxJSONBody bounds a JSON request body.
const maxJSONBody = 1 << 20

// decodeJSON reads one JSON object from the body into v. Unknown fields,
// trailing data, wrong types and oversized bodies are EINVALID or
// ETOOLARGE with a message that says what to fix.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); strings.HasPrefix(ct, "multipart/") {
		return guanjia.Errorf(guanjia.EINVALID, "Send JSON with Content-Type: application/json.")
	}
	return DecodeJSON(http.MaxBytesReader(w, r.Body, maxJSONBody), v)
}

// DecodeJSON decodes one JSON value from rd into v strictly, and refuses
// text with control characters in any of its strings.
func DecodeJSON(rd io.Reader, v any) error {
	dec := json.NewDecoder(rd)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if dec.More() {
		return guanjia.Errorf(guanjia.EINVALID, "The body must hold a single JSON object.")
	}
	return checkDecoded(v)
}

func jsonError(err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return guanjia.Errorf(guanjia.ETOOLARGE, "The request body is larger than %d bytes.", tooBig.Limit)
	case errors.Is(err, io.EOF):
		return guanjia.Errorf(guanjia.EINVALID, "The request body is empty; send a JSON object.")
	case errors.As(err, &syntax):
		return guanjia.Errorf(guanjia.EINVALID, "The body is not valid JSON (at byte %d).", syntax.Offset)
	case errors.As(err, &typ):
		return guanjia.FieldErrorf(guanjia.EINVALID, typ.Field, "The field %q has the wrong type; expected %s.", typ.Field, typ.Type.String())
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.TrimPrefix(err.Error(), "json: unknown field ")
		return guanjia.Errorf(guanjia.EINVALID, "Unknown field %s.", name)
	}
	return guanjia.Errorf(guanjia.EINVALID, "The body is not valid JSON.")
}

// pathID parses the {id} path value.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, guanjia.Errorf(guanjia.ENOTFOUND, "Case %q not found.", r.PathValue("id"))
	}
	return id, nil
}
