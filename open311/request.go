package open311

import (
	"context"
	"crypto/rand"
	"fmt"

	"github.com/guanjia/guanjia"
)

// created is the answer to POST requests and GET tokens: the new case's
// number, or a token when the case is made later.
type created struct {
	ServiceRequestID string `json:"service_request_id,omitempty" xml:"service_request_id,omitempty"`
	Token            string `json:"token,omitempty" xml:"token,omitempty"`
	ServiceNotice    string `json:"service_notice,omitempty" xml:"service_notice,omitempty"`
}

// createRequest answers POST requests.{fmt}: it checks the api_key (403),
// the form (400), the jurisdiction and service_code (404) and the
// category's required attributes (400), then reports the case.
func (s *server) createRequest(ctx context.Context, c *call) (doc, error) {
	actor, err := s.client(ctx, c)
	if err != nil {
		return doc{}, err
	}
	f, err := decodeRequestForm(c.params)
	if err != nil {
		return doc{}, err
	}
	town, err := s.jurisdiction(ctx, c)
	if err != nil {
		return doc{}, err
	}
	cat, err := s.activeCategory(ctx, town, f.serviceCode)
	if err != nil {
		return doc{}, err
	}
	attrs, err := cat.CheckAttributes(f.attributes)
	if err != nil {
		return doc{}, err
	}
	fresh := f.clientID == ""
	if fresh {
		f.clientID = newUUID()
	}
	rep := f.report(cat.Code, attrs, town)
	rep.FreshClientID = fresh
	receipt, err := s.b.Report(ctx, actor, rep)
	if err != nil {
		return doc{}, fmt.Errorf("report: %w", err)
	}
	out := created{ServiceNotice: serviceNotice(c.lang, cat)}
	if receipt != nil && receipt.Case != nil {
		out.ServiceRequestID = receipt.Case.Number
	} else {
		out.Token = f.clientID
	}
	return list("service_requests", "request", []created{out}), nil
}

// client checks the call's api_key: 403 when it is missing or bad, 429
// when its client is over its rate.
func (s *server) client(ctx context.Context, c *call) (guanjia.Actor, error) {
	key := c.params.get("api_key")
	if key == "" {
		return guanjia.Actor{}, guanjia.Errorf(guanjia.EFORBIDDEN, "An api_key is required.")
	}
	a, err := s.b.Client(ctx, key)
	switch guanjia.ErrorCode(err) {
	case "":
		return a, nil
	case guanjia.EFORBIDDEN, guanjia.EUNAUTHORIZED, guanjia.ENOTFOUND:
		return guanjia.Actor{}, guanjia.Errorf(guanjia.EFORBIDDEN, "The api_key is not valid.")
	}
	return guanjia.Actor{}, err
}

// newUUID returns a random (version 4) UUID.
func newUUID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// requests answers GET requests.{fmt}.
func (s *server) requests(ctx context.Context, c *call) (doc, error) {
	q, err := decodeRequestsQuery(c.params, c.now, c.loc)
	if err != nil {
		return doc{}, err
	}
	town, err := s.jurisdiction(ctx, c)
	if err != nil {
		return doc{}, err
	}
	cases, err := s.page(ctx, q.filter(town, c.now), q.page)
	if err != nil {
		return doc{}, err
	}
	views, err := s.views(ctx, c, cases, q.extensions)
	if err != nil {
		return doc{}, err
	}
	return list("service_requests", "request", views), nil
}

// page returns page n (from 1) of the cases f selects, following the
// backend's cursor from the first page.
func (s *server) page(ctx context.Context, f guanjia.CaseFilter, n int) ([]*guanjia.Case, error) {
	for i := 1; ; i++ {
		cases, next, err := s.b.FindCases(ctx, f)
		if err != nil {
			return nil, fmt.Errorf("find cases: %w", err)
		}
		if i == n {
			return cases, nil
		}
		if next == "" {
			return nil, nil
		}
		f.After = next
	}
}

// request answers GET requests/{service_request_id}.{fmt}: a list of one.
func (s *server) request(ctx context.Context, c *call) (doc, error) {
	ext, err := c.params.bool("extensions")
	if err != nil {
		return doc{}, err
	}
	k, err := s.caseInScope(ctx, c, c.r.PathValue("service_request_id"))
	if err != nil {
		return doc{}, err
	}
	views, err := s.views(ctx, c, []*guanjia.Case{k}, ext)
	if err != nil {
		return doc{}, err
	}
	return list("service_requests", "request", views), nil
}

// caseInScope returns the case with this number in the call's
// jurisdiction, or a 404.
func (s *server) caseInScope(ctx context.Context, c *call, number string) (*guanjia.Case, error) {
	town, err := s.jurisdiction(ctx, c)
	if err != nil {
		return nil, err
	}
	k, err := s.b.CaseByNumber(ctx, number)
	if guanjia.ErrorCode(err) == guanjia.ENOTFOUND || err == nil && !inScope(k, town) {
		return nil, notFoundf("service_request_id %q was not found.", clip(number))
	} else if err != nil {
		return nil, fmt.Errorf("case %q: %w", number, err)
	}
	return k, nil
}

// token answers GET tokens/{token}.{fmt}: the number of the case made
// from the POST that got this token, or 404 while there is none.
func (s *server) token(ctx context.Context, c *call) (doc, error) {
	town, err := s.jurisdiction(ctx, c)
	if err != nil {
		return doc{}, err
	}
	tok := c.r.PathValue("token")
	notFound := notFoundf("No service request has been made for token %q (yet).", clip(tok))
	if !guanjia.ValidClientID(tok) {
		return doc{}, notFound
	}
	k, err := s.b.CaseByClientID(ctx, tok)
	if guanjia.ErrorCode(err) == guanjia.ENOTFOUND || err == nil && !inScope(k, town) {
		return doc{}, notFound
	} else if err != nil {
		return doc{}, fmt.Errorf("case by token: %w", err)
	}
	return list("service_requests", "request", []created{{ServiceRequestID: k.Number, Token: tok}}), nil
}
