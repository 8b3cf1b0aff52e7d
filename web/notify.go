package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
)

// Notification pages: the administrators' channels, rules and outbox
// (standalone under /admin until the admin area links them) and each
// person's settings and area alerts.

// eventNames and audienceNames are the English labels of the rules page.
var eventNames = map[guanjia.NotifyEvent]string{
	guanjia.NotifyDispatched: "Dispatched", guanjia.NotifyReturned: "Returned", guanjia.NotifyNotFixed: "Not fixed, back with the unit", guanjia.NotifySupervised: "Supervised",
	guanjia.NotifyDueSoon: "Two hours before the limit", guanjia.NotifyOverdue: "Overdue",
	guanjia.NotifyExtension: "Extension requested", guanjia.NotifyUrgentNew: "Urgent new case",
	guanjia.NotifyUntriaged: "Untriaged too long", guanjia.NotifyAccepted: "Signed for", guanjia.NotifyResolved: "Resolved",
	guanjia.NotifyRejected: "Rejected", guanjia.NotifyClosed: "Case closed", guanjia.NotifyNewInArea: "New case in an area",
}

var audienceNames = map[guanjia.Audience]string{
	guanjia.AudienceHandlers: "The unit's handlers", guanjia.AudienceUnitLead: "The unit's lead",
	guanjia.AudienceUnitRobot: "The unit's robots", guanjia.AudienceCommand: "Dispatchers",
	guanjia.AudienceCommandRobot: "The command center's robots", guanjia.AudienceReporter: "The reporter",
	guanjia.AudienceFollowers: "Followers", guanjia.AudienceArea: "Area subscribers",
}

// channelsData is the channels page.
type channelsData struct {
	Channels []guanjia.NotifyChannel
	Kinds    []guanjia.ChannelKind
	Units    []option
	Form     map[string]string
	Errors   map[string]string
}

func (d *channelsData) page() (string, string)      { return "admin-channels", "Notification channels" }
func (d *channelsData) messages() map[string]string { return d.Errors }

func (s *Server) channelsData(r *http.Request, v *viewer, form map[string]string) (*channelsData, error) {
	chs, err := s.app.Channels(r.Context(), v.Actor)
	if err != nil {
		return nil, err
	}
	d := &channelsData{Channels: chs, Kinds: guanjia.ChannelKinds, Form: form, Errors: map[string]string{},
		Units: []option{{Value: "", Label: translate(v.Lang, "The command center"), Selected: form["unit"] == ""}}}
	for _, u := range s.ref.get(r.Context()).units {
		if u.Active {
			d.Units = append(d.Units, option{Value: u.Code, Label: u.Name(v.Lang), Selected: form["unit"] == u.Code})
		}
	}
	return d, nil
}

// adminChannels lists the channels with the form to add one or, with
// ?edit=ID, to change one (its secret and URL tokens stay masked: sent back
// as shown, they keep what is stored).
func (s *Server) adminChannels(w http.ResponseWriter, r *http.Request, v *viewer) error {
	form := map[string]string{"kind": "dingtalk", "active": "on"}
	d, err := s.channelsData(r, v, form)
	if err != nil {
		return err
	}
	if edit := r.URL.Query().Get("edit"); edit != "" {
		found := false
		for _, ch := range d.Channels {
			if strconv.FormatInt(ch.ID, 10) == edit {
				found = true
				form = map[string]string{"id": edit, "kind": string(ch.Kind), "name": ch.Name, "unit": ch.Unit, "url": ch.URL,
					"settings": settingsText(ch.Settings), "version": strconv.Itoa(ch.Version)}
				if ch.Active {
					form["active"] = "on"
				}
			}
		}
		if !found {
			return guanjia.Errorf(guanjia.ENOTFOUND, "Channel %s not found.", edit)
		}
		if d, err = s.channelsData(r, v, form); err != nil {
			return err
		}
	}
	return s.show(w, r, v, http.StatusOK, d)
}

// settingsText writes settings as the form's key=value lines, sorted.
func settingsText(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(k + "=" + m[k] + "\n")
	}
	return b.String()
}

// adminChannelAdd adds a channel from the form, or changes the one its
// hidden id names (made against the version its hidden version names).
func (s *Server) adminChannelAdd(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	form := formValues(r)
	settings, err := ParseSettings(form["settings"])
	ch := guanjia.NotifyChannel{Kind: guanjia.ChannelKind(form["kind"]), Name: form["name"], Unit: form["unit"],
		URL: strings.TrimSpace(form["url"]), Secret: strings.TrimSpace(form["secret"]), Settings: settings, Active: form["active"] != ""}
	if form["id"] != "" {
		id, perr := strconv.ParseInt(form["id"], 10, 64)
		if perr != nil {
			return guanjia.Errorf(guanjia.ENOTFOUND, "Channel %s not found.", form["id"])
		}
		ch.ID = id
	}
	if err == nil {
		err = formVersion(form["version"], &ch.Version)
	}
	if err == nil {
		if _, err = s.app.PutChannel(r.Context(), v.Actor, ch); err == nil {
			http.Redirect(w, r, "/admin/channels", http.StatusSeeOther)
			return nil
		}
	}
	return s.refuse(w, r, v, err, renamed(nil), func() (formPage, error) { return s.channelsData(r, v, form) })
}

// adminChannelStep switches a channel on or off, or removes it.
func (s *Server) adminChannelStep(w http.ResponseWriter, r *http.Request, v *viewer) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	switch r.PathValue("step") {
	case "delete":
		err = s.app.DeleteChannel(ctx, v.Actor, id)
	case "toggle":
		var chs []guanjia.NotifyChannel
		if chs, err = s.app.Channels(ctx, v.Actor); err != nil {
			return err
		}
		err = guanjia.Errorf(guanjia.ENOTFOUND, "Channel %d not found.", id)
		for _, ch := range chs {
			if ch.ID == id {
				ch.Active = !ch.Active
				_, err = s.app.PutChannel(ctx, v.Actor, ch) // the masked secret keeps the stored one
			}
		}
	default:
		return guanjia.Errorf(guanjia.ENOTFOUND, "Page not found.")
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/channels", http.StatusSeeOther)
	return nil
}

// ParseSettings reads a channel's settings from lines of key=value; blank
// lines and lines starting with # are skipped.
func ParseSettings(s string) (map[string]string, error) {
	out := map[string]string{}
	for i, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, val, ok := strings.Cut(line, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			return nil, guanjia.FieldErrorf(guanjia.EINVALID, "settings", "Line %d is not key=value.", i+1)
		}
		if err := guanjia.CheckTexts("settings", k, "settings", val); err != nil {
			return nil, err
		}
		out[k] = strings.TrimSpace(val)
	}
	return out, nil
}

// rulesData is the rules page: one row per event, one column per audience.
type rulesData struct {
	Unit      string
	Units     []option
	Events    []guanjia.NotifyEvent
	Audiences []guanjia.Audience
	On        map[string]bool // event|audience
	Names     map[string]string
	Errors    map[string]string
}

func (d *rulesData) page() (string, string)      { return "admin-notify-rules", "Who hears what" }
func (d *rulesData) messages() map[string]string { return d.Errors }

func (s *Server) rulesData(r *http.Request, v *viewer, unit string) (*rulesData, error) {
	rules, err := s.app.NotifyRules(r.Context(), v.Actor, unit)
	if err != nil {
		return nil, err
	}
	d := &rulesData{Unit: unit, Events: guanjia.NotifyEvents, Audiences: guanjia.Audiences, On: map[string]bool{},
		Names: map[string]string{}, Errors: map[string]string{},
		Units: []option{{Value: "", Label: translate(v.Lang, "Every unit"), Selected: unit == ""}}}
	for _, u := range s.ref.get(r.Context()).units {
		if u.Active {
			d.Units = append(d.Units, option{Value: u.Code, Label: u.Name(v.Lang), Selected: unit == u.Code})
		}
	}
	for _, x := range rules {
		d.On[string(x.Event)+"|"+string(x.Audience)] = x.Enabled
	}
	for e, n := range eventNames {
		d.Names[string(e)] = translate(v.Lang, n)
	}
	for a, n := range audienceNames {
		d.Names[string(a)] = translate(v.Lang, n)
	}
	return d, nil
}

func (s *Server) adminNotifyRules(w http.ResponseWriter, r *http.Request, v *viewer) error {
	d, err := s.rulesData(r, v, r.URL.Query().Get("unit"))
	if err != nil {
		return err
	}
	return s.show(w, r, v, http.StatusOK, d)
}

// adminNotifyRulesSave saves the whole table of one unit (or every unit).
func (s *Server) adminNotifyRulesSave(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	unit, ok := r.PostForm["unit"]
	if !ok || len(unit) != 1 {
		return guanjia.FieldErrorf(guanjia.EINVALID, "unit", "Choose the unit whose rules these are.")
	}
	var rules []guanjia.NotifyRule
	for _, e := range guanjia.NotifyEvents {
		for _, a := range guanjia.Audiences {
			rules = append(rules, guanjia.NotifyRule{Event: e, Audience: a, Unit: unit[0],
				Enabled: r.PostFormValue(string(e)+"|"+string(a)) != ""})
		}
	}
	if err := s.app.PutNotifyRules(r.Context(), v.Actor, rules); err != nil {
		return s.refuse(w, r, v, err, func(string) string { return "form" }, func() (formPage, error) { return s.rulesData(r, v, unit[0]) })
	}
	http.Redirect(w, r, "/admin/notify-rules?unit="+url.QueryEscape(unit[0]), http.StatusSeeOther)
	return nil
}

// outboxRow is a log entry, its text, its status and why it was not sent
// in the reader's language.
type outboxRow struct {
	app.Notification
	Text, Status, Why string
}

// outboxData is the delivery log and, for the county's administrators,
// the background work behind it (nil for others).
type outboxData struct {
	Rows     []outboxRow
	Status   string
	Statuses []option
	Work     *workData
}

func (s *Server) adminOutbox(w http.ResponseWriter, r *http.Request, v *viewer) error {
	status := r.URL.Query().Get("status")
	ns, err := s.app.NotificationLog(r.Context(), v.Actor, app.NotificationFilter{Status: status, Limit: 200})
	if err != nil {
		return err
	}
	d := &outboxData{Status: status}
	if !s.app.Confined(v.Actor) {
		ops, err := s.app.OperationsFor(r.Context(), v.Actor)
		if err != nil {
			return err
		}
		d.Work = workView(v.Lang, ops)
	}
	labels := map[string]string{"": "All", "kept": "Kept (no gateway)", "pending": "Waiting", "failed": "Failed", "sent": "Sent"}
	for _, st := range []string{"", "kept", "pending", "failed", "sent"} {
		d.Statuses = append(d.Statuses, option{Value: st, Label: translate(v.Lang, labels[st]), Selected: st == status})
	}
	for i := range ns {
		d.Rows = append(d.Rows, outboxRow{ns[i], s.app.RenderNotification(&ns[i]), translate(v.Lang, labels[ns[i].Status]),
			translate(v.Lang, ns[i].LastError)}) // app.KeptNoGateway …; a gateway's own error as it is
	}
	return s.render(w, r, v, http.StatusOK, "admin-outbox", "Outbox", d)
}

func (s *Server) adminResend(w http.ResponseWriter, r *http.Request, v *viewer) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.app.Resend(r.Context(), v.Actor, id); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/outbox", http.StatusSeeOther)
	return nil
}
