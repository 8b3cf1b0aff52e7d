package bench

import "testing"

// TestJudgeErrors: a figure whose requests failed is not met, however
// good its value (a rate of refusals once measured 1,200 req/s).
func TestJudgeErrors(t *testing.T) {
	rs := []Result{{Name: "case", P99: 1}, {Name: "case", P99: 1, Errors: 3}}
	judge(rs)
	if !*rs[0].Met || *rs[1].Met {
		t.Errorf("met without errors %v, with 3 errors %v; want true, false", *rs[0].Met, *rs[1].Met)
	}
}
