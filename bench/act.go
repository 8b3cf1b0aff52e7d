package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/guanjia/guanjia"
)

// actCases is how many cases each client of the act step acts on in turn.
const actCases = 4

// actCase is one of a client's cases as its last answer left it.
type actCase struct {
	id      int64
	town    string
	status  guanjia.Status
	unit    string
	version int
}

// measureAct drives the command center's commonest turns of the closed
// loop: the dispatcher dispatches a case to a unit (POST
// /api/v1/cases/{id}/dispatch) and the unit's handler signs for it
// (…/accept); then the dispatcher sends it on to another unit, whose
// handler signs for it, and so on. Each is one transaction (the
// case, its timeline event, its part in the figures, its outbox message)
// answered once durable, with the jobs that serve runs after commits
// running. Each client acts on cases of its own, reported for the step,
// so that no two requests meet on one case. The floor is intake_api's: a
// bare handler's durable, group-committed write of a row the size of a
// case.
func (r *run) measureAct(ctx context.Context) error {
	t := r.town
	r.progress("act: %d clients for %s...", r.opts.Clients, r.opts.Phase)
	cases, err := r.actCases(ctx)
	if err != nil {
		return fmt.Errorf("act: %w", err)
	}
	handlers, units, err := r.actHandlers(ctx, cases[0][0].town)
	if err != nil {
		return fmt.Errorf("act: %w", err)
	}
	c := newClient(r.opts.Clients)
	defer c.CloseIdleConnections()
	send := func(ctx context.Context, w, i int) error {
		k := &cases[w][i%actCases]
		cmd := map[string]any{"version": k.version}
		action, token := "accept", handlers[k.unit]
		if k.status != guanjia.StatusDispatched || token == "" { // new, signed for, or with a unit without a handler
			unit := units[(w+i)%len(units)]
			if unit == k.unit {
				unit = units[(w+i+1)%len(units)]
			}
			action, token, cmd["unit"] = "dispatch", t.dispatcher, unit
		}
		return r.act(ctx, c, k, action, token, cmd)
	}
	stopJobs, err := r.startJobs(ctx)
	if err != nil {
		return fmt.Errorf("act: %w", err)
	}
	product := drive(ctx, r.opts.Clients, r.opts.Phase, send)
	half := pace(ctx, r.opts.Clients, product.rate()/2, r.opts.Phase, send)
	stopJobs()
	floor, err := r.actFloor(ctx, c)
	if err != nil {
		return fmt.Errorf("act floor: %w", err)
	}
	res := rateResult("act", product, half, floor)
	res.Note = joinNotes(flatNote(product), product.note(), half.note(), floorNote(floor))
	r.add(res)
	return nil
}

// actFloor drives intake_api's floor with reports as JSON from the
// step's clients.
func (r *run) actFloor(ctx context.Context, c *http.Client) (*sample, error) {
	g := newGen(r.town, 9, time.Now())
	bodies := make([][]byte, 256)
	for i := range bodies {
		var err error
		if bodies[i], err = json.Marshal(g.report()); err != nil {
			return nil, err
		}
	}
	floorURL, stop, err := startFloor(ctx, r.town, true)
	if err != nil {
		return nil, err
	}
	defer stop()
	return drive(ctx, r.opts.Clients, r.opts.Phase, func(ctx context.Context, w, i int) error {
		req, err := http.NewRequestWithContext(ctx, "POST", floorURL, bytes.NewReader(bodies[(w*31+i)%len(bodies)]))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/json")
		return do(c, req, http.StatusCreated)
	}), nil
}

// actHandlers returns API tokens of the handlers of town's active units,
// by unit, and those units: the demo has a handler for each unit of its
// town.
func (r *run) actHandlers(ctx context.Context, town string) (map[string]string, []string, error) {
	all, err := r.town.app.Units(ctx)
	if err != nil {
		return nil, nil, err
	}
	handlers := map[string]string{}
	var units []string
	for _, u := range all {
		if !u.Active || u.Kind == guanjia.UnitCommand || u.Jurisdiction != town {
			continue
		}
		tok, err := r.town.app.CreateAPIToken(ctx, "handler-"+u.Code, "bench")
		if guanjia.ErrorCode(err) == guanjia.ENOTFOUND {
			continue
		} else if err != nil {
			return nil, nil, fmt.Errorf("a token of the handler of %s: %w", u.Code, err)
		}
		handlers[u.Code] = tok
		units = append(units, u.Code)
	}
	if len(units) == 0 {
		return nil, nil, fmt.Errorf("no unit has a handler")
	}
	return handlers, units, nil
}

// actCases reports actCases new cases for each client, through intake as
// a resident's report, and returns them as they stand (routing may have
// dispatched some).
func (r *run) actCases(ctx context.Context) ([][]actCase, error) {
	t := r.town
	g := newGen(t, 11, time.Now())
	out := make([][]actCase, r.opts.Clients)
	for w := range out {
		for range actCases {
			rep := g.report()
			rep.Channel = guanjia.ChannelPhone
			rec, err := t.app.Report(ctx, guanjia.SystemActor, rep)
			if err != nil {
				return nil, fmt.Errorf("report a case to act on: %w", err)
			}
			c := rec.Case
			out[w] = append(out[w], actCase{id: c.ID, town: c.Jurisdiction, status: c.Status, unit: c.Unit, version: c.Version})
		}
	}
	return out, nil
}

// act sends one action on k and keeps what the answer says of the case;
// an answer other than 200 reads the case again, so that the next action
// starts from where it stands.
func (r *run) act(ctx context.Context, c *http.Client, k *actCase, action, token string, cmd map[string]any) error {
	body, err := json.Marshal(cmd)
	if err != nil {
		return err
	}
	url := fmt.Sprintf("%s/api/v1/cases/%d/%s", r.town.url, k.id, action)
	req, err := http.NewRequestWithContext(ctx, "POST", url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := c.Do(req)
	if err != nil {
		return r.resync(k, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		return r.resync(k, fmt.Errorf("%s case %d: %d %s %v", action, k.id, resp.StatusCode, b, err))
	}
	var got struct {
		Status  guanjia.Status `json:"status"`
		Unit    string         `json:"unit"`
		Version int            `json:"version"`
	}
	if err := json.Unmarshal(b, &got); err != nil {
		return r.resync(k, err)
	}
	k.status, k.unit, k.version = got.Status, got.Unit, got.Version
	return nil
}

// resync reads case k as it stands after a failed action, and returns
// the action's error.
func (r *run) resync(k *actCase, err error) error {
	c, gerr := r.town.db.GetCase(context.Background(), k.id)
	if gerr == nil {
		k.status, k.unit, k.version = c.Status, c.Unit, c.Version
	}
	return err
}
