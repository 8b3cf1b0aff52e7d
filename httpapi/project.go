package httpapi

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/media"
)

// Investment projects: an investor's own, the staff's by their unit or
// town; each project's channel for its members only (others get 404).

// projectBody is the body of POST /api/v1/projects.
type projectBody struct {
	Name        string  `json:"name"`
	Description string  `json:"description"`
	Address     string  `json:"address"`
	Lat         float64 `json:"lat"`
	Lng         float64 `json:"lng"`
	InvestorID  int64   `json:"investor_id"`
	StewardID   int64   `json:"steward_id"`
}

func projectID(r *http.Request) (int64, error) { return pathInt(r, "Project %s not found.") }

func (s *Server) listProjects(w http.ResponseWriter, r *http.Request, id identity) error {
	ps, err := s.app.Projects(r.Context(), id.Actor)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"projects": nonNilSlice(ps)})
	return nil
}

func nonNilSlice[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func (s *Server) projectDashboard(w http.ResponseWriter, r *http.Request, id identity) error {
	d, err := s.app.ProjectDashboard(r.Context(), id.Actor)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

func (s *Server) createProject(w http.ResponseWriter, r *http.Request, id identity) error {
	var b projectBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	p := &guanjia.Project{Name: b.Name, Description: b.Description, Address: b.Address, Lat: b.Lat, Lng: b.Lng,
		InvestorID: b.InvestorID, StewardID: b.StewardID}
	if err := s.app.CreateProject(r.Context(), id.Actor, p); err != nil {
		return err
	}
	v, err := s.app.Project(r.Context(), id.Actor, p.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, v)
	return nil
}

func (s *Server) getProject(w http.ResponseWriter, r *http.Request, id identity) error {
	pid, err := projectID(r)
	if err != nil {
		return err
	}
	v, err := s.app.Project(r.Context(), id.Actor, pid)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

func (s *Server) completeProjectItem(w http.ResponseWriter, r *http.Request, id identity) error {
	pid, err := projectID(r)
	if err != nil {
		return err
	}
	item, err := strconv.ParseInt(r.PathValue("item"), 10, 64)
	if err != nil || item <= 0 {
		return guanjia.Errorf(guanjia.ENOTFOUND, "Item %s not found.", r.PathValue("item"))
	}
	v, err := s.app.CompleteProjectItem(r.Context(), id.Actor, pid, item)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

func (s *Server) raiseProjectIssue(w http.ResponseWriter, r *http.Request, id identity) error {
	pid, err := projectID(r)
	if err != nil {
		return err
	}
	var b app.ProjectIssue
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	c, err := s.app.RaiseProjectIssue(r.Context(), id.Actor, pid, b)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, c)
	return nil
}

func (s *Server) projectChannel(w http.ResponseWriter, r *http.Request, id identity) error {
	pid, err := projectID(r)
	if err != nil {
		return err
	}
	ch, err := s.app.Channel(r.Context(), id.Actor, pid)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"members": ch.Members, "messages": nonNilSlice(ch.Messages)})
	return nil
}

// postProjectMessage takes JSON {"body": ...} or a multipart form with a
// body field and an optional file field.
func (s *Server) postProjectMessage(w http.ResponseWriter, r *http.Request, id identity) error {
	pid, err := projectID(r)
	if err != nil {
		return err
	}
	var body string
	var file *app.Upload
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
		r.Body = http.MaxBytesReader(w, r.Body, media.MaxAttachment+64<<10)
		if body, file, err = messageForm(r); err != nil {
			return err
		}
	} else {
		var b struct {
			Body string `json:"body"`
		}
		if err := decodeJSON(w, r, &b); err != nil {
			return err
		}
		body = b.Body
	}
	m, err := s.app.PostProjectMessage(r.Context(), id.Actor, pid, body, file)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, m)
	return nil
}

// messageForm reads a channel message's multipart form: its body field,
// then its file field (the last part read).
func messageForm(r *http.Request) (string, *app.Upload, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return "", nil, guanjia.Errorf(guanjia.EINVALID, "The upload is not a valid multipart form.")
	}
	var body string
	for {
		part, err := mr.NextPart()
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			return "", nil, guanjia.Errorf(guanjia.ETOOLARGE, "The file is larger than %d MB.", media.MaxAttachment>>20)
		case err == io.EOF:
			return body, nil, nil
		case err != nil:
			return "", nil, guanjia.Errorf(guanjia.EINVALID, "The upload is not a valid multipart form.")
		}
		switch part.FormName() {
		case "body":
			b, err := io.ReadAll(io.LimitReader(part, 4*guanjia.MaxProjectMessage+1))
			if err != nil {
				return "", nil, guanjia.Errorf(guanjia.EINVALID, "The upload is not a valid multipart form.")
			}
			body = string(b)
		case "file":
			if part.FileName() == "" {
				continue
			}
			return body, &app.Upload{Name: part.FileName(), Body: part}, nil
		}
	}
}

func (s *Server) projectFile(w http.ResponseWriter, r *http.Request, id identity) error {
	pid, err := projectID(r)
	if err != nil {
		return err
	}
	fid, err := strconv.ParseInt(r.PathValue("file"), 10, 64)
	if err != nil || fid <= 0 {
		return guanjia.Errorf(guanjia.ENOTFOUND, "File %s not found.", r.PathValue("file"))
	}
	f, data, err := s.app.ProjectFile(r.Context(), id.Actor, pid, fid)
	if err != nil {
		return err
	}
	ServeProjectFile(w, f, data)
	return nil
}

// ServeProjectFile writes an attachment: its own type, never sniffed,
// private to the reader, a PDF as a download.
func ServeProjectFile(w http.ResponseWriter, f *guanjia.ProjectFile, data []byte) {
	w.Header().Set("Content-Type", f.Type)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; sandbox")
	disp := "inline"
	if f.Type == media.TypePDF {
		disp = "attachment"
	}
	w.Header().Set("Content-Disposition", mime.FormatMediaType(disp, map[string]string{"filename": f.Name}))
	w.Write(data)
}

func (s *Server) getProjectTemplate(w http.ResponseWriter, r *http.Request, id identity) error {
	text, err := s.app.ProjectTemplateText(r.Context(), id.Actor, r.PathValue("town"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]string{"text": text})
	return nil
}

func (s *Server) putProjectTemplate(w http.ResponseWriter, r *http.Request, id identity) error {
	var b struct {
		Text string `json:"text"`
	}
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	if err := s.app.PutProjectTemplate(r.Context(), id.Actor, r.PathValue("town"), b.Text); err != nil {
		return err
	}
	return s.getProjectTemplate(w, r, id)
}
