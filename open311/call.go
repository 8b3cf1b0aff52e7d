package open311

import (
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/guanjia/guanjia"
)

// maxBody is the largest form a POST may send.
const maxBody = 64 << 10

// handlerFunc is an Open311 method: it returns the response body or an
// error, and serve writes either.
type handlerFunc func(ctx context.Context, c *call) (doc, error)

// call is one Open311 request as a method sees it.
type call struct {
	r      *http.Request
	format format
	params params // the query, and for POST the form too
	lang   string // langZH or langEN
	now    time.Time
	loc    *time.Location
	base   string // public URL of the server
	tr     func(lang, format string, args ...any) string
}

// note is an event's note in the call's language.
func (c *call) note(e guanjia.Event) string {
	return e.NoteText(func(format string, args ...any) string { return c.tr(c.lang, format, args...) })
}

// serve adapts a method to HTTP: it decodes the parameters, runs h, and
// writes the result or the error in format f ("" takes it from the path).
// It is the one place that writes responses and logs internal errors.
func (s *server) serve(f format, h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f := f
		if f == "" {
			f = formatOf(r.URL.Path)
		}
		c := s.newCall(r, f)
		err := c.parse(w)
		var d doc
		if err == nil {
			d, err = h(r.Context(), c)
		}
		s.respond(w, c, d, err)
	})
}

func (s *server) newCall(r *http.Request, f format) *call {
	return &call{
		r: r, format: f, now: s.opts.Now(), loc: s.opts.Location, base: s.baseURL(r),
		tr: s.opts.Translate, lang: acceptLanguage(r.Header.Get("Accept-Language")),
	}
}

// parse reads the query, and the form of a POST, checking that it is
// UTF-8; a locale parameter then overrides Accept-Language.
func (c *call) parse(w http.ResponseWriter) error {
	v := c.r.URL.Query()
	if c.r.Method == http.MethodPost {
		form, err := c.parseForm(w)
		if err != nil {
			return err
		}
		for k, vs := range v {
			if _, ok := form[k]; !ok {
				form[k] = vs
			}
		}
		v = form
	}
	c.params = params(v)
	if err := c.params.checkText(); err != nil {
		return err
	}
	if err := guanjia.CheckText("path", c.r.URL.Path); err != nil {
		return err
	}
	if l := normalizeLang(c.params.get("locale")); l != "" {
		c.lang = l
	}
	return nil
}

// formContentType is the content type of POST bodies.
const formContentType = "application/x-www-form-urlencoded"

// parseForm reads an application/x-www-form-urlencoded body of at most
// maxBody bytes; a body without a Content-Type is read as one.
func (c *call) parseForm(w http.ResponseWriter) (url.Values, error) {
	if ct := c.r.Header.Get("Content-Type"); ct != "" {
		mt, p, err := mime.ParseMediaType(ct)
		if err != nil || mt != formContentType {
			return nil, invalidf("", "Send the form as application/x-www-form-urlencoded.")
		}
		if cs, ok := p["charset"]; ok && !isUTF8Name(cs) {
			return nil, invalidf("", "Send the form in UTF-8, not %s.", clip(cs))
		}
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, c.r.Body, maxBody))
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return nil, guanjia.Errorf(guanjia.ETOOLARGE, "The form is larger than %d KB.", maxBody>>10)
	} else if err != nil {
		return nil, invalidf("", "The form could not be read.")
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, invalidf("", "The form is not well-formed: %s.", clip(err.Error()))
	}
	return form, nil
}

func isUTF8Name(s string) bool {
	return strings.EqualFold(s, "utf-8") || strings.EqualFold(s, "utf8")
}

// respond writes d, or err as the spec's error list.
func (s *server) respond(w http.ResponseWriter, c *call, d doc, err error) {
	status := http.StatusOK
	if out := s.opts.Outage(err); out != err {
		s.log.Warn("open311: database or photo storage out of reach", "method", c.r.Method, "path", c.r.URL.Path, "err", err)
		err = out
	}
	guanjia.SetRetryAfter(w.Header(), err)
	if err != nil {
		status, d = httpStatus(err), list("errors", "error", errorList(err))
		s.logError(c, status, err)
	}
	body, encErr := d.encode(c.format)
	if encErr != nil {
		s.log.Error("open311 encode", "path", c.r.URL.Path, "err", encErr)
		status = http.StatusInternalServerError
		body, _ = list("errors", "error", errorList(encErr)).encode(c.format)
	}
	h := w.Header()
	h.Set("Content-Type", c.format.contentType())
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Language", contentLanguage(c.lang))
	h.Add("Vary", "Accept-Language")
	w.WriteHeader(status)
	w.Write(body)
}

func (s *server) logError(c *call, status int, err error) {
	if status >= 500 {
		s.log.Error("open311", "method", c.r.Method, "path", c.r.URL.Path, "status", status, "err", err)
		return
	}
	s.log.Debug("open311", "method", c.r.Method, "path", c.r.URL.Path, "status", status, "err", err)
}

// datetime formats t in ISO 8601 with the server's offset, e.g.
// 2026-11-28T09:30:00+08:00.
func (c *call) datetime(t time.Time) string {
	return t.In(c.loc).Format(time.RFC3339)
}

// datetimePtr formats t, or returns "" for nil or zero.
func (c *call) datetimePtr(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return c.datetime(*t)
}

// mediaURL is where the main server serves the photo with this hash.
func (c *call) mediaURL(hash string) string {
	return c.base + "/media/" + url.PathEscape(hash)
}

// in returns the Chinese or the English text, as the call's language asks;
// the other when the first is empty.
func (c *call) in(zh, en string) string {
	if c.lang == langEN && en != "" || zh == "" {
		return en
	}
	return zh
}

// checkText rejects parameters that are not UTF-8 (the spec's only
// encoding) or that hold control characters, which no parameter needs and
// PostgreSQL cannot store.
func (p params) checkText() error {
	return guanjia.CheckValues(p)
}
