package open311

import (
	"context"
	"fmt"
	"time"

	"github.com/guanjia/guanjia"
)

// request is a case as a service request, field by field as the spec
// lists them. Fields without a value are left out (the schemas allow
// absence). It is built from the case's public fields only: no reporter's
// name, phone, email, account or device ever goes in.
type request struct {
	ServiceRequestID  string  `json:"service_request_id" xml:"service_request_id"`
	Status            string  `json:"status" xml:"status"`
	StatusNotes       string  `json:"status_notes,omitempty" xml:"status_notes,omitempty"`
	ServiceName       string  `json:"service_name,omitempty" xml:"service_name,omitempty"`
	ServiceCode       string  `json:"service_code" xml:"service_code"`
	Description       string  `json:"description,omitempty" xml:"description,omitempty"`
	AgencyResponsible string  `json:"agency_responsible,omitempty" xml:"agency_responsible,omitempty"`
	ServiceNotice     string  `json:"service_notice,omitempty" xml:"service_notice,omitempty"`
	RequestedDatetime string  `json:"requested_datetime" xml:"requested_datetime"`
	UpdatedDatetime   string  `json:"updated_datetime,omitempty" xml:"updated_datetime,omitempty"`
	ExpectedDatetime  string  `json:"expected_datetime,omitempty" xml:"expected_datetime,omitempty"`
	Address           string  `json:"address,omitempty" xml:"address,omitempty"`
	Lat               *number `json:"lat,omitempty" xml:"lat,omitempty"`
	Long              *number `json:"long,omitempty" xml:"long,omitempty"`
	MediaURL          string  `json:"media_url,omitempty" xml:"media_url,omitempty"`

	// With extensions=true.
	Notes              noteList            `json:"notes,omitempty" xml:"notes,omitempty"`
	Attributes         answerList          `json:"attributes,omitempty" xml:"attributes,omitempty"`
	ExtendedAttributes *extendedAttributes `json:"extended_attributes,omitempty" xml:"extended_attributes,omitempty"`
}

// viewer turns cases into service requests for one call. It holds what the
// cases refer to: categories, units and the latest public notes.
type viewer struct {
	c          *call
	categories map[string]*guanjia.Category
	units      map[string]*guanjia.Unit
	notes      map[int64]guanjia.Event
	notices    map[string]string // service notice by category
	place      func(lang string, t *guanjia.PlaceText) string
}

// newViewer loads what the views of cases need.
func (s *server) newViewer(ctx context.Context, c *call, cases []*guanjia.Case) (*viewer, error) {
	cats, err := s.categories(ctx, "") // names of every town's cases
	if err != nil {
		return nil, err
	}
	units, err := s.b.Units(ctx)
	if err != nil {
		return nil, fmt.Errorf("units: %w", err)
	}
	v := &viewer{c: c, categories: map[string]*guanjia.Category{}, units: map[string]*guanjia.Unit{}, notices: map[string]string{},
		place: s.opts.Place}
	for i := range cats {
		v.categories[cats[i].Code] = &cats[i]
		v.notices[cats[i].Code] = serviceNotice(c.lang, &cats[i])
	}
	for i := range units {
		v.units[units[i].Code] = &units[i]
	}
	if len(cases) == 0 {
		return v, nil
	}
	ids := make([]int64, len(cases))
	for i, k := range cases {
		ids[i] = k.ID
	}
	if v.notes, err = s.b.PublicNotes(ctx, ids); err != nil {
		return nil, fmt.Errorf("public notes: %w", err)
	}
	return v, nil
}

// request returns case k as a service request.
func (v *viewer) request(k *guanjia.Case) request {
	cat := v.categories[k.Category]
	r := request{
		ServiceRequestID:  k.Number,
		Status:            OpenStatus(k.Status),
		StatusNotes:       v.statusNotes(k.ID),
		ServiceCode:       k.Category,
		Description:       k.Description,
		AgencyResponsible: v.agency(k.Unit),
		ServiceNotice:     v.notices[k.Category],
		RequestedDatetime: v.c.datetime(k.CreatedAt),
		UpdatedDatetime:   v.c.datetime(updated(k)),
		ExpectedDatetime:  v.expected(k),
		Address:           k.Address,
		MediaURL:          v.media(k),
	}
	if r.Address == "" && k.Place != nil {
		r.Address = v.place(v.c.lang, k.Place)
	}
	if cat != nil {
		r.ServiceName = cat.Name(v.c.lang)
	}
	if k.Lat != 0 || k.Lng != 0 {
		r.Lat, r.Long = num(k.Lat), num(k.Lng)
	}
	return r
}

// statusNotes is the latest public note on a case, unless it is the
// report itself (whose note is the description).
func (v *viewer) statusNotes(id int64) string {
	e, ok := v.notes[id]
	if !ok || !e.Public || e.Action == guanjia.ActionReport {
		return ""
	}
	return v.c.note(e)
}

// agency returns the name of the unit a case is with.
func (v *viewer) agency(code string) string {
	if u, ok := v.units[code]; ok {
		return u.Name(v.c.lang)
	}
	if guanjia.IsOwnerUnit(code) || code == guanjia.OwnerUnitPublic {
		return guanjia.OwnerUnitLabel(v.c.lang)
	}
	return code
}

// updated is when a case last changed; for a closed case, as the spec
// says, when it was closed.
func updated(k *guanjia.Case) time.Time {
	if !k.Status.Open() && k.ClosedAt != nil && !k.ClosedAt.IsZero() {
		return *k.ClosedAt
	}
	return k.UpdatedAt
}

// expected is the running deadline of an open case: the resolve deadline,
// or the sign-for deadline before the case is signed for.
func (v *viewer) expected(k *guanjia.Case) string {
	if !k.Status.Open() {
		return ""
	}
	if k.ResolveDueAt != nil {
		return v.c.datetimePtr(k.ResolveDueAt)
	}
	return v.c.datetimePtr(k.SignDueAt)
}

// media is the URL of the case's first photo, or the external media_url
// it was reported with (which intake keeps as the media_url attribute).
func (v *viewer) media(k *guanjia.Case) string {
	if len(k.Photos) > 0 {
		return v.c.mediaURL(k.Photos[0])
	}
	if s, ok := k.Attributes[mediaURLAttribute].(string); ok && validMediaURL(s) {
		return s
	}
	return ""
}

// mediaURLAttribute is the attribute in which intake keeps a report's
// external media_url.
const mediaURLAttribute = "media_url"

// views returns cases as service requests, extended when ext is set.
func (s *server) views(ctx context.Context, c *call, cases []*guanjia.Case, ext bool) ([]request, error) {
	v, err := s.newViewer(ctx, c, cases)
	if err != nil {
		return nil, err
	}
	var dups map[int64]string
	if ext {
		if dups, err = s.mergedNumbers(ctx, cases); err != nil {
			return nil, err
		}
	}
	out := make([]request, 0, len(cases))
	for _, k := range cases {
		r := v.request(k)
		if ext {
			if err := s.extend(ctx, v, &r, k, dups); err != nil {
				return nil, err
			}
		}
		out = append(out, r)
	}
	return out, nil
}
