package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/guanjia/guanjia"
)

// commandFromForm reads an action's form into a command. Resolve forms are
// multipart, with the photos taken on the spot.
func (s *Server) commandFromForm(w http.ResponseWriter, r *http.Request, action guanjia.Action) (guanjia.Command, error) {
	cmd := guanjia.Command{Action: action}
	if err := parseMultipart(w, r); err != nil {
		return cmd, err
	}
	form := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	cmd.Version, _ = strconv.Atoi(form("version"))
	cmd.Note = form("note")
	switch action {
	case guanjia.ActionDispatch:
		cmd.Unit = form("unit")
	case guanjia.ActionVerify:
		cmd = mergeVerify(cmd, verifyCommand(r))
	case guanjia.ActionMerge:
		target, err := s.mergeTarget(r, form("target"))
		if err != nil {
			return cmd, err
		}
		cmd.Target = target
	case guanjia.ActionEscalate:
		cmd.Supervise = form("supervise") != ""
	case guanjia.ActionExtend, guanjia.ActionSupervise:
		until, err := time.ParseInLocation("2006-01-02T15:04", form("until"), guanjia.TownZone)
		if err != nil {
			return cmd, guanjia.FieldErrorf(guanjia.EINVALID, "until", "Give the new deadline as a date and time.")
		}
		cmd.Until = until
	case guanjia.ActionAssign:
		if h := form("handler"); h != "" {
			id, err := strconv.ParseInt(h, 10, 64)
			if err != nil {
				return cmd, guanjia.FieldErrorf(guanjia.EINVALID, "handler", "Choose the handler.")
			}
			cmd.Handler = id
		}
	case guanjia.ActionCallback:
		cmd.Callback = form("callback")
	case guanjia.ActionApproveExtension:
		approve := form("approve") != "no"
		cmd.Approve = &approve
	case guanjia.ActionComment:
		cmd.Public = form("public") != ""
	case guanjia.ActionResolve, guanjia.ActionHandle:
		photos, err := s.savePhotos(r, "photos")
		if err != nil {
			return cmd, err
		}
		cmd.Photos = photos
	}
	return cmd, nil
}

func mergeVerify(cmd, v guanjia.Command) guanjia.Command {
	cmd.Fixed, cmd.Satisfaction = v.Fixed, v.Satisfaction
	return cmd
}

// mergeTarget reads the case to merge into: its number or its id.
func (s *Server) mergeTarget(r *http.Request, target string) (int64, error) {
	if target == "" {
		return 0, nil // the lifecycle explains
	}
	if id, err := strconv.ParseInt(target, 10, 64); err == nil {
		return id, nil
	}
	c, err := s.app.CaseByNumber(r.Context(), anonymous, strings.ToUpper(target))
	if guanjia.ErrorCode(err) == guanjia.ENOTFOUND {
		return 0, guanjia.FieldErrorf(guanjia.EUNPROCESSABLE, "target", "Case %s not found.", target)
	} else if err != nil {
		return 0, err
	}
	return c.ID, nil
}
