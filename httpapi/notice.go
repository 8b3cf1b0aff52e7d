package httpapi

import (
	"net/http"

	"github.com/guanjia/guanjia"
)

// Notices to housekeepers and their read receipts.

// noticeResponse adds the share of recipients who read a notice.
type noticeResponse struct {
	*guanjia.Notice
	ReadShare float64 `json:"read_share"`
}

func (s *Server) listNotices(w http.ResponseWriter, r *http.Request, id identity) error {
	ns, err := s.app.Notices(r.Context(), id.Actor)
	if err != nil {
		return err
	}
	out := make([]noticeResponse, len(ns))
	for i, n := range ns {
		out[i] = noticeResponse{n, n.ReadShare()}
	}
	writeJSON(w, http.StatusOK, map[string]any{"notices": out})
	return nil
}

func (s *Server) createNotice(w http.ResponseWriter, r *http.Request, id identity) error {
	var n guanjia.Notice
	if err := decodeJSON(w, r, &n); err != nil {
		return err
	}
	n.ID, n.Read, n.ReadAt = 0, 0, nil
	if err := s.app.PublishNotice(r.Context(), id.Actor, &n); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, noticeResponse{&n, n.ReadShare()})
	return nil
}

func (s *Server) getNotice(w http.ResponseWriter, r *http.Request, id identity) error {
	nid, err := pathInt(r, "Notice %q not found.")
	if err != nil {
		return err
	}
	n, err := s.app.Notice(r.Context(), id.Actor, nid)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, noticeResponse{n, n.ReadShare()})
	return nil
}

func (s *Server) readNotice(w http.ResponseWriter, r *http.Request, id identity) error {
	nid, err := pathInt(r, "Notice %q not found.")
	if err != nil {
		return err
	}
	n, err := s.app.ReadNotice(r.Context(), id.Actor, nid)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, noticeResponse{n, n.ReadShare()})
	return nil
}
