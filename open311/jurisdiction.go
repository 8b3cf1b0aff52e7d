package open311

import (
	"context"
	"fmt"
	"strings"

	"github.com/guanjia/guanjia"
)

// jurisdiction resolves the call's jurisdiction_id to the town it names.
// The towns a Guanjia hosts are its jurisdictions that are no other's
// parent (a county above them only supervises). The parameter is
// optional: with one town it means that town; with several, none means
// every town ("": lists cover them all, and a new request goes to the town
// whose area holds its point). A code that names none of them is not
// found (404).
func (s *server) jurisdiction(ctx context.Context, c *call) (string, error) {
	all, err := s.b.Jurisdictions(ctx)
	if err != nil {
		return "", fmt.Errorf("jurisdictions: %w", err)
	}
	towns := hostedTowns(all)
	id := c.params.get("jurisdiction_id")
	if id == "" {
		if len(towns) == 1 {
			return towns[0].Code, nil
		}
		return "", nil
	}
	for _, j := range towns {
		if j.Code == id {
			return j.Code, nil
		}
	}
	return "", notFoundf("jurisdiction_id %q was not found; this server hosts %s.", clip(id), codes(towns))
}

// hostedTowns returns the jurisdictions that are no other's parent.
func hostedTowns(all []guanjia.Jurisdiction) []guanjia.Jurisdiction {
	parent := map[string]bool{}
	for _, j := range all {
		parent[j.Parent] = true
	}
	var out []guanjia.Jurisdiction
	for _, j := range all {
		if !parent[j.Code] {
			out = append(out, j)
		}
	}
	return out
}

func codes(js []guanjia.Jurisdiction) string {
	cs := make([]string, len(js))
	for i, j := range js {
		cs[i] = j.Code
	}
	if len(cs) == 0 {
		return "none"
	}
	return strings.Join(cs, ", ")
}

// inScope reports whether a case belongs to the town a call is about.
func inScope(c *guanjia.Case, town string) bool {
	return town == "" || c.Jurisdiction == town
}
