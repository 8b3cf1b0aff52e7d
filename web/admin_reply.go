package web

import (
	"net/http"
	"strconv"

	"github.com/guanjia/guanjia"
)

// Standard replies and the knowledge base: searched and edited by
// administrators; every edit is a new version, the history beside it.

// replyKindName names the kinds of reply.
var replyKindName = map[string]string{guanjia.ReplyAnswer: "Approved answer", guanjia.ReplyTemplate: "Resolution template"}

func (s *Server) adminRepliesData(r *http.Request, v *viewer, form map[string]string) (*adminData, error) {
	q := r.URL.Query()
	d := s.newAdmin(r, v, "admin-replies", "Standard replies", form)
	f := guanjia.ReplyFilter{Category: q.Get("category"), Kind: q.Get("kind"), Q: q.Get("q"), Inactive: true, Limit: 500}
	var err error
	if d.Replies, err = s.app.Replies(r.Context(), v.Actor, f); err != nil {
		return nil, err
	}
	rf := s.ref.get(r.Context())
	d.Names = map[string]string{}
	for code, c := range rf.category {
		d.Names[code] = c.Name(v.Lang)
	}
	d.Options["filter-category"] = s.categoryOptions(v.Lang, rf, f.Category, true)
	d.Options["category"] = s.categoryOptions(v.Lang, rf, form["category"], false)
	d.Options["filter-kind"] = s.replyKindOptions(v.Lang, f.Kind, true)
	d.Options["kind"] = s.replyKindOptions(v.Lang, form["kind"], false)
	d.Form["q"] = f.Q
	d.Form["placeholders"] = placeholderHint()
	return d, nil
}

func (s *Server) replyKindOptions(lang, selected string, any bool) []option {
	var out []option
	if any {
		out = append(out, option{Value: "", Label: translate(lang, "Every kind"), Selected: selected == ""})
	}
	for _, k := range guanjia.ReplyKinds {
		out = append(out, option{Value: k, Label: translate(lang, replyKindName[k]), Selected: k == selected})
	}
	return out
}

func placeholderHint() string {
	out := ""
	for i, p := range guanjia.ReplyPlaceholders {
		if i > 0 {
			out += " "
		}
		out += "{" + p + "}"
	}
	return out
}

func (s *Server) adminReplies(w http.ResponseWriter, r *http.Request, v *viewer) error {
	d, err := s.adminRepliesData(r, v, map[string]string{"kind": guanjia.ReplyTemplate})
	if err != nil {
		return err
	}
	return s.show(w, r, v, http.StatusOK, d)
}

// adminReplyCreate adds a reply (its version 1).
func (s *Server) adminReplyCreate(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	form := formValues(r)
	rep := &guanjia.Reply{Category: form["category"], Kind: form["kind"], Title: form["title"], Body: form["body"], Active: true}
	if err := s.app.PutReply(r.Context(), v.Actor, rep); err != nil {
		return s.refuse(w, r, v, err, nil, func() (formPage, error) { return s.adminRepliesData(r, v, form) })
	}
	return s.saved(w, r, "/admin/replies/"+strconv.FormatInt(rep.ID, 10), "created")
}

func (s *Server) adminReplyData(r *http.Request, v *viewer, form map[string]string) (*adminData, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	d := s.newAdmin(r, v, "admin-reply", "Standard reply", form)
	if d.Reply, d.Versions, err = s.app.Reply(r.Context(), v.Actor, id); err != nil {
		return nil, err
	}
	if form == nil {
		d.Form = map[string]string{"category": d.Reply.Category, "kind": d.Reply.Kind, "title": d.Reply.Title, "body": d.Reply.Body,
			"version": strconv.Itoa(d.Reply.Version)}
		if d.Reply.Active {
			d.Form["active"] = "1"
		}
	}
	rf := s.ref.get(r.Context())
	d.Options["category"] = s.categoryOptions(v.Lang, rf, d.Form["category"], false)
	d.Options["kind"] = s.replyKindOptions(v.Lang, d.Form["kind"], false)
	d.Form["placeholders"] = placeholderHint()
	return d, nil
}

func (s *Server) adminReply(w http.ResponseWriter, r *http.Request, v *viewer) error {
	d, err := s.adminReplyData(r, v, nil)
	if err != nil {
		return err
	}
	return s.show(w, r, v, http.StatusOK, d)
}

// adminReplyUpdate writes the reply's next version (made against the
// version its hidden version names).
func (s *Server) adminReplyUpdate(w http.ResponseWriter, r *http.Request, v *viewer) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	form := formValues(r)
	rep := &guanjia.Reply{ID: id, Category: form["category"], Kind: form["kind"], Title: form["title"], Body: form["body"], Active: form["active"] == "1"}
	if err = formVersion(form["version"], &rep.Version); err == nil {
		err = s.app.PutReply(r.Context(), v.Actor, rep)
	}
	if err != nil {
		return s.refuse(w, r, v, err, nil, func() (formPage, error) { return s.adminReplyData(r, v, form) })
	}
	return s.saved(w, r, "/admin/replies/"+strconv.FormatInt(id, 10), "saved")
}
