package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/guanjia/guanjia"
)

// The audit log's page and the Open311 keys.

// auditRow is an entry of the log as the page shows it.
type auditRow struct {
	*guanjia.AuditEntry
	Role          string
	ObjectName    string
	Verb          string        // what was done, in the reader's language
	Changes       []auditChange // the fields that changed
	Before, After string        // indented JSON
}

const auditPage = 100

// adminAudit is /admin/audit: the log, newest first, filtered by object,
// actor and days, a page at a time.
func (s *Server) adminAudit(w http.ResponseWriter, r *http.Request, v *viewer) error {
	q := r.URL.Query()
	d := s.newAdmin(r, v, "admin-audit", "Audit log", map[string]string{"object": q.Get("object"), "town": q.Get("town"),
		"object_id": q.Get("object_id"), "actor": q.Get("actor"), "from": q.Get("from"), "to": q.Get("to")})
	f := guanjia.AuditFilter{Object: q.Get("object"), ObjectID: strings.TrimSpace(q.Get("object_id")), Actor: strings.TrimSpace(q.Get("actor")), Limit: auditPage}
	f.InTown(q.Get("town"))
	f.Before, _ = strconv.ParseInt(q.Get("before"), 10, 64)
	lang := v.Lang
	for name, at := range map[string]**time.Time{"from": &f.From, "to": &f.To} {
		if val := q.Get(name); val != "" {
			day, err := time.ParseInLocation("2006-01-02", val, guanjia.TownZone)
			if err != nil {
				d.Errors[name] = translate(lang, "Enter a date such as 2026-12-01.")
				continue
			}
			if name == "to" {
				day = day.AddDate(0, 0, 1) // to the end of that day
			}
			*at = &day
		}
	}
	es, err := s.app.AuditLog(r.Context(), v.Actor, f)
	if err != nil {
		return err
	}
	ref := s.ref.get(r.Context())
	for _, e := range es {
		d.Entries = append(d.Entries, auditRow{AuditEntry: e, Role: translate(v.Lang, roleName[e.ActorRole]),
			ObjectName: translate(v.Lang, auditObjectName[e.Object]), Verb: auditVerb(v.Lang, e.Action), Changes: auditChanges(v.Lang, ref, e),
			Before: indentJSON(e.Before), After: indentJSON(e.After)})
	}
	if len(es) == auditPage {
		next := url.Values{}
		for k, val := range d.Form {
			if val != "" {
				next.Set(k, val)
			}
		}
		next.Set("before", strconv.FormatInt(es[len(es)-1].ID, 10))
		d.More = next.Encode()
	}
	d.Options["object"] = []option{{Value: "", Label: translate(v.Lang, "Everything"), Selected: f.Object == ""}}
	for _, o := range guanjia.AuditObjects {
		d.Options["object"] = append(d.Options["object"], option{Value: o, Label: translate(v.Lang, auditObjectName[o]), Selected: o == f.Object})
	}
	if !s.app.Confined(v.Actor) { // the county's administrators choose a town
		d.Options["town"] = s.auditTownOptions(r, v, q.Get("town"))
	}
	status := http.StatusOK
	if len(d.Errors) > 0 {
		status = http.StatusBadRequest
	}
	return s.show(w, r, v, status, d)
}

// auditTownOptions offers the log's towns: everywhere, what applies
// county-wide, and each town; town is the one chosen.
func (s *Server) auditTownOptions(r *http.Request, v *viewer, town string) []option {
	return append([]option{{Value: "", Label: translate(v.Lang, "Everywhere"), Selected: town == ""},
		{Value: guanjia.CountyWide, Label: translate(v.Lang, "County-wide settings"), Selected: town == guanjia.CountyWide}},
		s.townOptions(v, s.ref.get(r.Context()), town)...)
}

// auditObjectName names the audited objects.
var auditObjectName = map[string]string{
	guanjia.AuditUser: "Account", guanjia.AuditUnit: "Unit", guanjia.AuditCategory: "Category",
	guanjia.AuditOverride: "Town's category setting", guanjia.AuditRule: "Routing rule", guanjia.AuditCalendar: "Calendar day",
	guanjia.AuditGrid: "Grids", guanjia.AuditPlace: "Places", guanjia.AuditKey: "Open311 key", guanjia.AuditReply: "Standard reply",
	guanjia.AuditPoints: "Points rules", guanjia.AuditReward: "Reward",
	guanjia.AuditChannel: "Notification channel", guanjia.AuditNotifyRule: "Notification rule", guanjia.AuditEvent: "Event",
	guanjia.AuditChecklist: "Inspection checklist", guanjia.AuditInspectionRound: "Inspection round",
	guanjia.AuditBnBLoad: "B&B load threshold", guanjia.AuditBnBRating: "B&B guests' rating",
	guanjia.AuditHousekeeper: "Housekeeper",
}

// auditVerbName names what an entry's action did, by its verb (the part
// of the action after the object's name).
var auditVerbName = map[string]string{
	"create": "created", "update": "changed", "delete": "deleted", "password": "password set",
	"revoke": "revoked", "save": "saved", "put": "set", "set": "set", "import": "imported",
	"approve": "approved", "decline": "declined", "suspend": "suspended",
}

// auditVerb names the verb of action ("user.create") in lang, or gives
// the action itself.
func auditVerb(lang, action string) string {
	if i := strings.LastIndexByte(action, '.'); i >= 0 {
		if n, ok := auditVerbName[action[i+1:]]; ok {
			return translate(lang, n)
		}
	}
	return action
}

func indentJSON(b json.RawMessage) string {
	if len(b) == 0 {
		return ""
	}
	var buf bytes.Buffer
	if json.Indent(&buf, b, "", "  ") != nil {
		return string(b)
	}
	return buf.String()
}

// Open311 keys.

func (s *Server) adminKeysData(r *http.Request, v *viewer, form map[string]string) (*adminData, error) {
	d := s.newAdmin(r, v, "admin-keys", "Open311 keys", form)
	var err error
	d.Keys, err = s.app.ClientKeys(r.Context(), v.Actor)
	return d, err
}

func (s *Server) adminKeys(w http.ResponseWriter, r *http.Request, v *viewer) error {
	d, err := s.adminKeysData(r, v, map[string]string{})
	if err != nil {
		return err
	}
	return s.show(w, r, v, http.StatusOK, d)
}

// adminKeyCreate makes a key and shows it, this once (no redirect: the
// key is in this response only, never stored in the clear).
func (s *Server) adminKeyCreate(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	form := formValues(r)
	key, err := s.app.CreateClientKey(r.Context(), v.Actor, form["name"])
	if err != nil {
		return s.refuse(w, r, v, err, nil, func() (formPage, error) { return s.adminKeysData(r, v, form) })
	}
	d, err := s.adminKeysData(r, v, map[string]string{})
	if err != nil {
		return err
	}
	d.NewKey = key
	w.Header().Set("Cache-Control", "no-store")
	return s.show(w, r, v, http.StatusCreated, d)
}

// adminKeyRevoke ends a key at once.
func (s *Server) adminKeyRevoke(w http.ResponseWriter, r *http.Request, v *viewer) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if err := s.app.RevokeClientKey(r.Context(), v.Actor, id); err != nil {
		return s.refuse(w, r, v, err, row(id), func() (formPage, error) { return s.adminKeysData(r, v, map[string]string{}) })
	}
	return s.saved(w, r, "/admin/keys", "revoked")
}
