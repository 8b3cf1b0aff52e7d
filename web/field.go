package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/guanjia/guanjia"
)

// fieldPanel is the field work around a case that its page shows to who
// may do it: calling housekeepers to it (mobilising) and who answered, and
// the mediation record of a dispute.
type fieldPanel struct {
	Mobilise      bool // the viewer may call housekeepers to the case
	Mobilisations []*guanjia.Mobilisation
	Radii         []int // metres, the choices of the mobilise form
	Mediation     *guanjia.Mediation
	Record        bool // the viewer records in the mediation, not only reads it
	MediateAll    bool // the viewer records parties, outcome and follow-up, not only sessions
	Mediators     []option
	Outcomes      []option
	Party         map[string]guanjia.Party // the recorded parties by role, to edit
}

// mobiliseRadii are the radii the mobilise form offers, in metres.
var mobiliseRadii = []int{200, 500, 1000, 2000}

// fieldPanelOf loads the field panel of case c for v; nil when v may do
// none of it.
func (s *Server) fieldPanelOf(ctx context.Context, v *viewer, rf *ref, c *guanjia.Case) (*fieldPanel, error) {
	p := &fieldPanel{Mobilise: guanjia.MayMobilise(v.Actor, c) && c.Status.Open(), Radii: mobiliseRadii}
	if guanjia.MaySeeMobilisations(v.Actor, c) {
		ms, err := s.app.Mobilisations(ctx, v.Actor, c.ID)
		if err != nil {
			return nil, err
		}
		p.Mobilisations = ms
	}
	if cat, ok := rf.category[c.Category]; ok && cat.Group == guanjia.DisputeGroup && guanjia.MayMediate(v.Actor, c) {
		m, err := s.app.Mediation(ctx, v.Actor, c.ID)
		if err != nil {
			return nil, err
		}
		p.Mediation, p.Record = m, guanjia.MayRecordMediation(v.Actor)
		p.MediateAll = p.Record && v.Actor.Role != guanjia.RoleHousekeeper
		p.Party = map[string]guanjia.Party{}
		for _, x := range m.Parties {
			p.Party[x.Role] = x
		}
		for _, k := range []string{guanjia.MediatorCommittee, guanjia.MediatorJustice, guanjia.MediatorHousekeeper, guanjia.MediatorOther} {
			p.Mediators = append(p.Mediators, option{Value: k, Label: named(v.Lang, "mediator", k)})
		}
		for _, k := range []string{guanjia.OutcomeAgreement, guanjia.ReferralLegalAid, guanjia.ReferralCourt, guanjia.OutcomeNoAgreement} {
			p.Outcomes = append(p.Outcomes, option{Value: k, Label: named(v.Lang, "outcome", k), Selected: m.Outcome == k || m.Referral == k})
		}
	}
	if !p.Mobilise && p.Mobilisations == nil && p.Mediation == nil {
		return nil, nil
	}
	return p, nil
}

// mobiliseSubmit calls the housekeepers within a radius of a case, or of
// its grid, from the case page.
func (s *Server) mobiliseSubmit(w http.ResponseWriter, r *http.Request, v *viewer) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	req := guanjia.MobiliseRequest{Note: strings.TrimSpace(r.PostFormValue("note"))}
	if where := r.PostFormValue("radius"); where == "grid" {
		req.Grid = strings.TrimSpace(r.PostFormValue("grid"))
	} else if req.Radius, err = strconv.ParseFloat(where, 64); err != nil {
		err = guanjia.FieldErrorf(guanjia.EINVALID, "radius", "Give either a radius or a grid.")
	}
	var m *guanjia.Mobilisation
	if err == nil {
		m, err = s.app.Mobilise(r.Context(), v.Actor, id, req)
	}
	if err == nil {
		http.Redirect(w, r, "/cases/"+strconv.FormatInt(id, 10)+"?called="+strconv.Itoa(m.Called)+"#field-mobilise", http.StatusSeeOther)
		return nil
	}
	return s.refuseField(w, r, v, err, "mobilise")
}

// mediationSubmit records part of a dispute's mediation from the case
// page: a session (housekeepers and staff), the parties, the outcome or the
// follow-up visit (staff).
func (s *Server) mediationSubmit(w http.ResponseWriter, r *http.Request, v *viewer) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	u, err := mediationForm(r, s.app.Now())
	if err == nil && u.Parties != nil {
		// The form edits the applicant and the respondent; others stay.
		var m *guanjia.Mediation
		if m, err = s.app.Mediation(r.Context(), v.Actor, id); err == nil {
			for _, x := range m.Parties {
				if x.Role != "applicant" && x.Role != "respondent" {
					u.Parties = append(u.Parties, x)
				}
			}
		}
	}
	if err == nil {
		_, err = s.app.RecordMediation(r.Context(), v.Actor, id, u)
	}
	if err == nil {
		http.Redirect(w, r, "/cases/"+strconv.FormatInt(id, 10)+"#field-mediation", http.StatusSeeOther)
		return nil
	}
	return s.refuseField(w, r, v, err, "mediation")
}

// mediationForm reads one part of the mediation form ("part": session,
// parties, outcome or followup) into an update.
func mediationForm(r *http.Request, now time.Time) (guanjia.MediationUpdate, error) {
	form := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	var u guanjia.MediationUpdate
	switch form("part") {
	case "session":
		u.Session = &guanjia.MediationSession{Mediator: form("mediator"), MediatorName: form("mediator_name"), Note: form("note"), At: now}
	case "parties":
		for _, side := range []string{"applicant", "respondent"} {
			if name := form(side + "_name"); name != "" || form(side+"_phone") != "" {
				u.Parties = append(u.Parties, guanjia.Party{Name: name, Role: side, Phone: form(side + "_phone")})
			}
		}
		if u.Parties == nil {
			return u, guanjia.FieldErrorf(guanjia.EINVALID, "parties", "Each party needs a name of 1 to 50 characters.")
		}
	case "outcome":
		u.Outcome, u.Agreement = form("outcome"), form("agreement")
		if u.Outcome == guanjia.ReferralLegalAid || u.Outcome == guanjia.ReferralCourt {
			u.Outcome, u.Referral = guanjia.OutcomeReferral, u.Outcome
		}
	case "followup":
		u.FollowUp = &guanjia.FollowUp{At: now, Note: form("note")}
	default:
		return u, guanjia.FieldErrorf(guanjia.EINVALID, "part", "Choose what to record.")
	}
	return u, formVersion(form("version"), &u.Version)
}

// refuseField shows the case page again with the field form's error.
func (s *Server) refuseField(w http.ResponseWriter, r *http.Request, v *viewer, err error, form string) error {
	return s.refuse(w, r, v, err, func(string) string { return form }, func() (formPage, error) {
		d, err := s.caseData(r, v)
		if err != nil {
			return nil, err
		}
		d.Failed, d.Form = guanjia.Action(form), formValues(r)
		return d, nil
	})
}

func init() {
	for k, v := range map[string]string{
		"mediator:committee": "Village committee", "mediator:justice": "Justice office",
		"mediator:housekeeper": "Housekeeper", "mediator:other": "Other",
		"outcome:agreement": "Agreement reached", "outcome:legal_aid": "Referred to legal aid",
		"outcome:court": "Referred to the court", "outcome:no_agreement": "No agreement",
		"outcome:referral": "Referred",
		"party:applicant":  "Applicant", "party:respondent": "Respondent", "party:other": "Other party",
	} {
		codeNames[k] = v
	}
}
