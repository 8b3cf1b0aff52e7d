package httpapi

import (
	"net/http"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/i18n"
)

// listReplies answers GET /api/v1/replies?category=…&kind=…&q=…&case=…:
// the standard replies the caller may read; with case, of that case's
// category with their placeholders filled from it (operator intake and the
// resolve form).
func (s *Server) listReplies(w http.ResponseWriter, r *http.Request, id identity) error {
	q := r.URL.Query()
	caseID, err := queryInt(q, "case")
	if err != nil {
		return err
	}
	var replies []*guanjia.Reply
	if caseID != 0 {
		replies, err = s.app.RepliesFor(r.Context(), id.Actor, caseID, q.Get("kind"), q.Get("q"), i18n.FromRequest(r))
	} else {
		replies, err = s.app.Replies(r.Context(), id.Actor, guanjia.ReplyFilter{
			Category: q.Get("category"), Kind: q.Get("kind"), Q: q.Get("q"), Limit: 200})
	}
	if err != nil {
		return err
	}
	if replies == nil {
		replies = []*guanjia.Reply{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"replies": replies})
	return nil
}

// createReply answers POST /api/v1/replies: a new standard reply (its
// version 1), the caller's town's unless it names another town it may
// edit.
func (s *Server) createReply(w http.ResponseWriter, r *http.Request, id identity) error {
	var rep guanjia.Reply
	if err := decodeJSON(w, r, &rep); err != nil {
		return err
	}
	rep.ID, rep.Version = 0, 0
	if err := s.app.PutReply(r.Context(), id.Actor, &rep); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, &rep)
	return nil
}

// updateReply answers PUT /api/v1/replies/{id}: the reply's next version,
// its text, kind, category and whether it is offered replaced. A version
// older than stored is refused (409); none skips the check.
func (s *Server) updateReply(w http.ResponseWriter, r *http.Request, id identity) error {
	rid, err := pathInt(r, "Reply %q not found.")
	if err != nil {
		return err
	}
	var rep guanjia.Reply
	if err := decodeJSON(w, r, &rep); err != nil {
		return err
	}
	rep.ID = rid
	if err := s.app.PutReply(r.Context(), id.Actor, &rep); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, &rep)
	return nil
}

// listAudit answers GET /api/v1/audit?object=…&town=…&actor=…&from=…&to=…&before=…:
// the audit log, newest first, a page of at most 200 entries.
func (s *Server) listAudit(w http.ResponseWriter, r *http.Request, id identity) error {
	q := r.URL.Query()
	f := guanjia.AuditFilter{Object: q.Get("object"), ObjectID: q.Get("object_id"), Actor: q.Get("actor"), Limit: 200}
	f.InTown(q.Get("town"))
	var err error
	if f.Before, err = queryInt(q, "before"); err != nil {
		return err
	}
	for name, at := range map[string]**time.Time{"from": &f.From, "to": &f.To} {
		if v := q.Get(name); v != "" {
			t, err := time.Parse(time.RFC3339, v)
			if err != nil {
				return guanjia.FieldErrorf(guanjia.EINVALID, name, "%s is a time such as 2026-12-01T08:00:00+08:00.", name)
			}
			*at = &t
		}
	}
	es, err := s.app.AuditLog(r.Context(), id.Actor, f)
	if err != nil {
		return err
	}
	if es == nil {
		es = []*guanjia.AuditEntry{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"entries": es})
	return nil
}
