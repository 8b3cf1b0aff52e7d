package web

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/guanjia/guanjia"
)

// deskView fills in what the command center's desk shows of a case: the
// triage clock, the supervision order, a lapsed extension request.
func (v *caseView) deskView(c *guanjia.Case, now time.Time) {
	v.Untriaged = c.Untriaged(now)
	v.ExtensionLapsed = c.ExtensionLapsed(now)
	if c.Supervision != nil {
		v.SupervisionState = c.Supervision.State(now)
	}
}

// members returns a unit's handlers and lead by id, for naming who a case
// is assigned to; nil when the viewer may not list them.
func (s *Server) members(ctx context.Context, v *viewer, unit string) map[int64]string {
	if unit == "" {
		return nil
	}
	ms, err := s.app.UnitMembers(ctx, v.Actor, unit)
	if err != nil {
		return nil
	}
	out := make(map[int64]string, len(ms))
	for _, m := range ms {
		out[m.ID] = m.Name
	}
	return out
}

// handlerName names the handler of a case from the unit's members.
func handlerName(names map[int64]string, id int64) string {
	if id == 0 {
		return ""
	}
	if n, ok := names[id]; ok {
		return n
	}
	return "#" + strconv.FormatInt(id, 10)
}

// handlerCount is a handler's count of the unit's cases in work, for the
// unit lead; ID 0 counts the cases not yet assigned.
type handlerCount struct {
	ID   int64
	Name string
	N    int
}

// caseDesk is what the case page shows of the command center's desk to
// staff: the channel, who in the unit has it and whom it may go to, the
// supervision order's state, and the callback results.
type caseDesk struct {
	Channel          string
	Handlers         []option // for the unit lead's assignment
	SupervisionLabel string
	Callbacks        []option
}

func (s *Server) caseDesk(ctx context.Context, v *viewer, cv *caseView) *caseDesk {
	d := &caseDesk{Channel: channelLabel(v.Lang, cv.Channel)}
	names := s.members(ctx, v, cv.Unit)
	cv.HandlerName = handlerName(names, cv.Handler)
	if v.Actor.Role == guanjia.RoleUnitLead && guanjia.Allowed(cv.Case, guanjia.ActionAssign, v.Actor) {
		for id, name := range names {
			if id != cv.Handler {
				d.Handlers = append(d.Handlers, option{Value: strconv.FormatInt(id, 10), Label: name})
			}
		}
		slices.SortFunc(d.Handlers, func(a, b option) int { return cmp.Compare(a.Label, b.Label) })
	}
	if cv.SupervisionState != "" {
		d.SupervisionLabel = deskLabel(v.Lang, "supervision:"+cv.SupervisionState)
	}
	for _, r := range guanjia.CallbackResults {
		d.Callbacks = append(d.Callbacks, option{Value: r, Label: deskLabel(v.Lang, "callback:"+r)})
	}
	return d
}

// eventDetail returns what a timeline entry of the desk's actions adds to
// the action's name: a callback's result, a supervision order's deadline.
func eventDetail(lang string, e guanjia.Event) string {
	switch e.Action {
	case guanjia.ActionCallback:
		if r, ok := e.Data["callback"].(string); ok {
			return deskLabel(lang, "callback:"+r)
		}
	case guanjia.ActionSupervise:
		due, ok := e.Data["due"].(time.Time)
		if str, isStr := e.Data["due"].(string); isStr {
			t, err := time.Parse(time.RFC3339Nano, str)
			due, ok = t, err == nil
		}
		if ok {
			return tf(lang, "feedback due by %s", due.In(guanjia.TownZone).Format("2006-01-02 15:04"))
		}
	}
	return ""
}
