package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/i18n"
)

// formPage is the data of a page with forms (or rows of buttons) that the app
// may refuse: refuse shows the page again with the refusal beside what
// was refused.
type formPage interface {
	// page names the page's template and its title.
	page() (name, title string)
	// messages holds the refusals shown on the page, by field or row.
	messages() map[string]string
}

// refuse shows a form's page again after the app refused what was sent:
// load builds the page, the refusal's message goes under at(field) (the
// field the error names, "form" when none; at nil keeps the field), and
// the page has the error's status. Errors that are not the application's,
// and refusals that leave nothing to show again (not found, too large),
// go to the error page.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, v *viewer, err error, at func(field string) string, load func() (formPage, error)) error {
	field, msg, ok := formFailure(r, err)
	if code := guanjia.ErrorCode(err); !ok || code == guanjia.ENOTFOUND || code == guanjia.ETOOLARGE {
		return err
	}
	d, derr := load()
	if derr != nil {
		return derr
	}
	if at != nil {
		field = at(field)
	}
	d.messages()[field] = msg
	return s.show(w, r, v, guanjia.HTTPStatus(err), d)
}

// show renders a form's page with status.
func (s *Server) show(w http.ResponseWriter, r *http.Request, v *viewer, status int, d formPage) error {
	name, title := d.page()
	return s.render(w, r, v, status, name, title, d)
}

// row puts a refusal on the row of the thing with id, whatever field it names.
func row(id int64) func(string) string {
	key := strconv.FormatInt(id, 10)
	return func(string) string { return key }
}

// renamed puts a refusal about a field the app names beside the form's
// field that stands for it.
func renamed(names map[string]string) func(string) string {
	return func(field string) string {
		if to, ok := names[field]; ok {
			return to
		}
		return field
	}
}

// formFailure turns an application error into the field it concerns
// ("form" when none) and a message safe to show; ok is false for errors
// that are not the application's, which the error page handles.
func formFailure(r *http.Request, err error) (field, msg string, ok bool) {
	var e *guanjia.Error
	if !errors.As(err, &e) {
		return "", "", false
	}
	field = e.Field
	if field == "" {
		field = "form"
	}
	// The pages' own messages are in zhUI; tf falls back to the shared catalogue.
	return field, tf(i18n.FromRequest(r), e.Format, e.Args...), true
}

// formVersion reads an edit form's hidden version, the version of the
// record the form was filled from, into to; a form without one leaves it
// (the app then checks nothing).
func formVersion(raw string, to *int) error {
	if raw == "" {
		return nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 0 {
		return guanjia.FieldErrorf(guanjia.EINVALID, "version", "Reload the page and try again.")
	}
	*to = n
	return nil
}

// formValues keeps a posted form as sent, to show it again.
func formValues(r *http.Request) map[string]string {
	out := map[string]string{}
	for k := range r.PostForm {
		out[k] = r.PostFormValue(k)
	}
	return out
}

// limitField reads the time limit in form field name; an optional one
// may be left empty (none, or inherited).
func limitField(form map[string]string, name string, optional bool) (guanjia.Limit, error) {
	v := strings.TrimSpace(form[name])
	if v == "" && optional {
		return guanjia.Limit{}, nil
	}
	l, err := guanjia.ParseLimit(v)
	if err != nil {
		return l, guanjia.FieldErrorf(guanjia.EINVALID, name, "A time limit looks like 2wh (working hours), 3wd (working days) or 4h (clock hours), not %q.", v)
	}
	return l, nil
}
