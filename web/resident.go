package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/i18n"
	"github.com/guanjia/guanjia/internal/session"
)

// phoneLoginData is the residents' sign-in by phone: first the number,
// then (Sent) the code that the text message carried.
type phoneLoginData struct {
	Next   string
	Phone  string
	Masked string // the phone as shown: 138****8000
	Sent   bool
	// Follow is the number of the case that someone not signed in said
	// "I have this too" on: signing in follows it.
	Follow string
	Errors map[string]string
}

func (s *Server) phoneLoginPage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	next := localPath(r.URL.Query().Get("next"))
	if v.SignedIn() && next == "" {
		http.Redirect(w, r, home(v.User), http.StatusSeeOther)
		return nil
	}
	d := &phoneLoginData{Next: next, Follow: strings.TrimSpace(r.URL.Query().Get("follow"))}
	return s.render(w, r, v, http.StatusOK, "phone", "Sign in with your phone", d)
}

// phoneLoginSend sends a code to the number in the form and asks for it.
// The answer is the same whether or not the number has an account.
func (s *Server) phoneLoginSend(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	d := &phoneLoginData{Next: localPath(r.PostFormValue("next")), Phone: strings.TrimSpace(r.PostFormValue("phone")),
		Follow: strings.TrimSpace(r.PostFormValue("follow"))}
	phone, err := s.app.SendCode(r.Context(), d.Phone, v.Lang, session.ClientAddr(r))
	if err != nil {
		return s.phoneLoginError(w, r, v, d, "phone", err)
	}
	d.Phone, d.Masked, d.Sent = phone, guanjia.MaskPhone(phone), true
	return s.render(w, r, v, http.StatusOK, "phone", "Sign in with your phone", d)
}

// phoneLoginVerify checks the code, sets the session cookie, and takes as
// the account's the reports this browser made without one (the form's
// "tracked", which the page's script fills from what the phone kept).
func (s *Server) phoneLoginVerify(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	d := &phoneLoginData{Next: localPath(r.PostFormValue("next")), Phone: strings.TrimSpace(r.PostFormValue("phone")), Sent: true,
		Follow: strings.TrimSpace(r.PostFormValue("follow"))}
	d.Masked = guanjia.MaskPhone(d.Phone)
	token, u, err := s.app.PhoneSignIn(r.Context(), d.Phone, strings.TrimSpace(r.PostFormValue("code")), session.ClientAddr(r))
	if err != nil {
		return s.phoneLoginError(w, r, v, d, "code", err)
	}
	session.SetCookie(w, r, token, int(app.SessionTTL.Seconds()))
	var list []app.Tracked
	if t := r.PostFormValue("tracked"); t != "" {
		if err := json.Unmarshal([]byte(t), &list); err != nil {
			s.log.Info("phone sign-in: unreadable list of kept reports", "err", err)
		}
	}
	if len(list) > 0 {
		if _, err := s.app.ClaimReports(r.Context(), guanjia.ActorOf(u), list); err != nil {
			s.log.Warn("phone sign-in: claim reports", "user", u.ID, "err", err)
		}
	}
	if d.Follow != "" {
		if _, err := s.app.Follow(r.Context(), guanjia.ActorOf(u), d.Follow); err != nil {
			s.log.Info("phone sign-in: follow", "case", d.Follow, "err", err)
		}
	}
	next := d.Next
	if next == "" {
		next = "/my"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// phoneLoginError shows the sign-in form again with err beside field; an
// error the person cannot act on there is rendered as an error page.
func (s *Server) phoneLoginError(w http.ResponseWriter, r *http.Request, v *viewer, d *phoneLoginData, field string, err error) error {
	var e *guanjia.Error
	if !errors.As(err, &e) || e.Code == guanjia.EINTERNAL {
		return err
	}
	if e.Field == "phone" {
		d.Sent, field = false, "phone"
	}
	d.Errors = map[string]string{field: i18n.ErrorMessage(r, err)}
	guanjia.SetRetryAfter(w.Header(), err)
	return s.render(w, r, v, guanjia.HTTPStatus(err), "phone", "Sign in with your phone", d)
}

// confirmData is the page of a reporter's confirmation link.
type confirmData struct {
	Case   caseView
	Token  string
	Done   bool // answered just now
	Errors map[string]string
}

// confirmPage shows a resolved case to its reporter, who came by the link
// in the resolution's text message, with the form to confirm the fix or
// say it is not fixed. A link not ours is 404; one used, expired or
// overtaken by events 410 — each with a page saying so.
func (s *Server) confirmPage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	token := r.PathValue("token")
	c, err := s.app.ConfirmCase(r.Context(), token)
	if err != nil {
		return err
	}
	d := &confirmData{Case: newCaseView(v.Lang, s.ref.get(r.Context()), c, s.app.Now()), Token: token}
	return s.render(w, r, v, http.StatusOK, "confirm", "Is it fixed?", d)
}

// confirmSubmit takes the reporter's answer by the link.
func (s *Server) confirmSubmit(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	token := r.PathValue("token")
	c, err := s.app.ConfirmByLink(r.Context(), token, verifyCommand(r))
	if guanjia.ErrorCode(err) == guanjia.EINVALID {
		c, cerr := s.app.ConfirmCase(r.Context(), token)
		if cerr != nil {
			return cerr
		}
		var e *guanjia.Error
		errors.As(err, &e)
		d := &confirmData{Case: newCaseView(v.Lang, s.ref.get(r.Context()), c, s.app.Now()), Token: token,
			Errors: map[string]string{e.Field: i18n.ErrorMessage(r, err)}}
		return s.render(w, r, v, http.StatusBadRequest, "confirm", "Is it fixed?", d)
	} else if err != nil {
		return err
	}
	d := &confirmData{Case: newCaseView(v.Lang, s.ref.get(r.Context()), c, s.app.Now()), Done: true}
	return s.render(w, r, v, http.StatusOK, "confirm", "Thank you", d)
}

// followCase is "I have this too" on a case's public page. Someone not
// signed in is sent to sign in with their phone, which follows the case,
// and brought back.
func (s *Server) followCase(w http.ResponseWriter, r *http.Request, v *viewer) error {
	number := strings.ToUpper(r.PathValue("number"))
	back := "/track/" + url.PathEscape(number)
	if !v.SignedIn() {
		http.Redirect(w, r, "/login/phone?follow="+url.QueryEscape(number)+"&next="+url.QueryEscape(back+"#follow"), http.StatusSeeOther)
		return nil
	}
	if _, err := s.app.Follow(r.Context(), v.Actor, number); err != nil {
		return err
	}
	http.Redirect(w, r, back+"?following=1#follow", http.StatusSeeOther)
	return nil
}

// textRow is a text message as the texts page shows it.
type textRow struct {
	At    time.Time
	Phone string
	Text  string
}

// textsData is the texts page: the texts kept, when the app keeps them.
type textsData struct {
	Kept  bool
	Texts []textRow
}

// textsPage shows administrators the text messages kept for want of an
// SMS gateway (the demo's sign-in codes among them).
func (s *Server) textsPage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	texts, err := s.app.Texts(v.Actor)
	if err != nil {
		return err
	}
	rows := make([]textRow, len(texts))
	for i, t := range texts {
		rows[i] = textRow{At: t.At, Phone: t.Phone, Text: i18n.Sprintf(t.Lang, t.Key, t.Args...)}
	}
	return s.render(w, r, v, http.StatusOK, "texts", "Text messages", &textsData{Kept: s.app.KeepsTexts(), Texts: rows})
}
