package httpapi

import (
	"errors"
	"io"
	"mime"
	"net/http"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/session"
	"github.com/guanjia/guanjia/media"
)

// uploadPhoto stores one photo sent as multipart/form-data (field "photo")
// or as the raw body with an image content type, and answers its hash.
func (s *Server) uploadPhoto(w http.ResponseWriter, r *http.Request, id identity) error {
	if err := s.app.AllowPhoto(r.Context(), id.Actor, session.ClientAddr(r)); err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, media.MaxSize+64<<10)
	body, err := photoBody(r)
	if err != nil {
		return err
	}
	defer body.Close()
	p, err := s.app.Media().Save(r.Context(), body)
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return guanjia.Errorf(guanjia.ETOOLARGE, "The photo is larger than %d MB.", media.MaxSize>>20)
	} else if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{
		"hash": p.Hash, "type": p.Type, "width": p.Width, "height": p.Height, "size": p.Size,
		"url": "/media/" + p.Hash, "thumbnail_url": "/media/" + p.Hash + "?thumb=1",
	})
	return nil
}

// photoBody returns the photo's bytes from a multipart form or a raw body.
func photoBody(r *http.Request) (io.ReadCloser, error) {
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		return r.Body, nil
	}
	mr, err := r.MultipartReader()
	if err != nil || params["boundary"] == "" {
		return nil, guanjia.Errorf(guanjia.EINVALID, "The upload is not a valid multipart form.")
	}
	for {
		part, err := mr.NextPart()
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, guanjia.Errorf(guanjia.ETOOLARGE, "The photo is larger than %d MB.", media.MaxSize>>20)
		} else if err == io.EOF {
			return nil, guanjia.FieldErrorf(guanjia.EINVALID, "photo", "Attach the photo in a form field named photo.")
		} else if err != nil {
			return nil, guanjia.Errorf(guanjia.EINVALID, "The upload is not a valid multipart form.")
		}
		if part.FormName() == "photo" {
			return part, nil
		}
		part.Close()
	}
}
