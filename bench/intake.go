package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"sync/atomic"
	"time"
)

// measureIntake drives Open311 POST requests.json: each a new case
// through validation, grid lookup, routing, one transaction with the case,
// its timeline and its outbox message, and auto-dispatch, answered 201
// once durable.
func (r *run) measureIntake(ctx context.Context) error {
	t := r.town
	g := newGen(t, 7, time.Now())
	bodies := make([][]byte, 4096)
	for i := range bodies {
		bodies[i] = []byte(open311Form(g).Encode())
	}
	const ct = "application/x-www-form-urlencoded"
	return r.intakePhase(ctx, "intake", "/open311/v2/requests.json", ct, false, func(w, i int) ([]byte, string) {
		return bodies[(w*7919+i)%len(bodies)], ""
	})
}

// measureIntakeAPI drives POST /api/v1/cases with the same reports as
// JSON, from signed-in residents with a client_id each, as the mobile
// page sends them.
func (r *run) measureIntakeAPI(ctx context.Context) error {
	t := r.town
	g := newGen(t, 8, time.Now())
	bodies := make([][]byte, 4096)
	for i := range bodies {
		rep := g.report()
		rep.Channel = "app"
		rep.Name, rep.Phone = "", ""
		b, err := json.Marshal(rep)
		if err != nil {
			return err
		}
		bodies[i] = b
	}
	run := time.Now().UnixNano()
	var seq atomic.Uint64
	return r.intakePhase(ctx, "intake_api", "/api/v1/cases", "application/json", true, func(w, i int) ([]byte, string) {
		b := bodies[(w*7919+i)%len(bodies)]
		n := seq.Add(1)
		id := fmt.Sprintf(`,"client_id":"%08x-%04x-4%03x-8%03x-%012x"}`, uint32(run), n>>24&0xffff, n>>12&0xfff, n&0xfff, run&0xffffffffffff)
		out := make([]byte, 0, len(b)+len(id))
		out = append(out, b[:len(b)-1]...)
		return append(out, id...), t.residents[w%len(t.residents)]
	})
}

// open311Form is a new report as a 12345 platform forwards it.
func open311Form(g *gen) url.Values {
	rep := g.report()
	v := url.Values{
		"api_key": {"demo"}, "service_code": {rep.Category},
		"lat": {strconv.FormatFloat(rep.Lat, 'f', 6, 64)}, "long": {strconv.FormatFloat(rep.Lng, 'f', 6, 64)},
		"address_string": {rep.Address}, "description": {rep.Description},
		"first_name": {rep.Name}, "phone": {rep.Phone},
	}
	for k, a := range rep.Attributes {
		v.Set("attribute["+k+"]", fmt.Sprint(a))
	}
	return v
}

// intakePhase measures intake on the product and on the floor with the
// same request bodies.
func (r *run) intakePhase(ctx context.Context, name, path, ct string, asJSON bool, body func(w, i int) ([]byte, string)) error {
	t := r.town
	r.progress("%s: %d clients for %s...", name, r.opts.Clients, r.opts.Phase)
	c := newClient(r.opts.Clients)
	want := http.StatusCreated
	if !asJSON {
		want = http.StatusOK // Open311 answers a new request with 200
	}
	send := func(base string) op {
		return func(ctx context.Context, w, i int) error {
			b, token := body(w, i)
			req, err := http.NewRequestWithContext(ctx, "POST", base+path, bytes.NewReader(b))
			if err != nil {
				return err
			}
			req.Header.Set("Content-Type", ct)
			if token != "" {
				req.Header.Set("Authorization", "Bearer "+token)
			}
			return do(c, req, want)
		}
	}
	stopJobs, err := r.startJobs(ctx)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	groups := t.db.GroupSizes()
	product := drive(ctx, r.opts.Clients, r.opts.Phase, send(t.url))
	groups = t.db.GroupSizes().Since(groups)
	stopTrace, err := r.trace(name)
	if err != nil {
		stopJobs()
		return err
	}
	half := pace(ctx, r.opts.Clients, product.rate()/2, r.opts.Phase, send(t.url))
	stopTrace()
	stopJobs()
	floorURL, stop, err := startFloor(ctx, t, asJSON)
	if err != nil {
		return fmt.Errorf("%s floor: %w", name, err)
	}
	floor := drive(ctx, r.opts.Clients, r.opts.Phase, send(floorURL))
	stop()
	c.CloseIdleConnections()
	res := rateResult(name, product, half, floor)
	res.Note = joinNotes(flatNote(product), product.note(), half.note(), floorNote(floor), "flat out "+groups.String())
	r.add(res)
	return nil
}

// rateResult compares the rate flat out with its floor's, and gives the
// latencies at half that rate.
func rateResult(name string, s, half, floor *sample) Result {
	res := Result{Name: name, Unit: "req/s", Value: s.rate(), P50: half.ms(0.5), P99: half.ms(0.99), Errors: s.errs + half.errs}
	if floor != nil {
		res.Floor = floor.rate()
		if res.Floor > 0 {
			res.Ratio = res.Value / res.Floor
		}
	}
	return res
}

// flatNote gives the latencies flat out.
func flatNote(s *sample) string {
	return fmt.Sprintf("flat out p50 %.2f ms, p99 %.2f ms", s.ms(0.5), s.ms(0.99))
}

func floorNote(s *sample) string {
	if n := s.note(); n != "" {
		return "floor: " + n
	}
	return fmt.Sprintf("floor p50 %.2f ms, p99 %.2f ms", s.ms(0.5), s.ms(0.99))
}

func joinNotes(notes ...string) string {
	out := ""
	for _, n := range notes {
		if n == "" {
			continue
		}
		if out != "" {
			out += "; "
		}
		out += n
	}
	return out
}

// startJobs runs, until the function it returns is called, the jobs that
// `guanjia serve` runs after every commit (app.RunHousekeeperJobs: the
// notification planner and senders, the points and the webhooks), which
// share the writer with intake. First it catches them up with what the
// outbox holds already, so that the phases measure a town in its stride:
// a loaded history is nobody's news (as in the demo town, the planner
// skips it), its points and webhooks are processed. The minute's sweeps
// are left out: their first pass over a loaded history is a catch-up of
// its own.
func (r *run) startJobs(ctx context.Context) (stop func(), err error) {
	a := r.town.app
	start := time.Now()
	if err := a.SkipNotificationBacklog(ctx); err != nil {
		return nil, fmt.Errorf("skip the notifications' backlog: %w", err)
	}
	for _, job := range []func(context.Context) (int, error){a.ProcessPoints, a.DeliverWebhooks} {
		if _, err := job(ctx); err != nil {
			return nil, fmt.Errorf("catch up the background jobs: %w", err)
		}
	}
	r.progress("background jobs caught up in %s", time.Since(start).Round(time.Millisecond))
	jobs, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		a.RunHousekeeperJobs(jobs, 2*time.Second)
	}()
	return func() { cancel(); <-done }, nil
}
