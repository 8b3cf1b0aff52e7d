package guanjia_test

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/guanjia/guanjia"

// layers says which of our packages may not import which, directly or
// through others.
var layers = []struct{ pkg, forbidden string }{
	{pkg: "web", forbidden: "httpapi"},
	{pkg: "httpapi", forbidden: "web"},
	{pkg: "httpapi", forbidden: "open311"},
}

// TestLayers checks each forbidden import against what go list says each
// package depends on.
func TestLayers(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to list imports: %v", err)
	}
	deps := map[string][]string{}
	for _, l := range layers {
		if _, ok := deps[l.pkg]; ok {
			continue
		}
		out, err := exec.Command(goTool, "list", "-deps", module+"/"+l.pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", l.pkg, err)
		}
		deps[l.pkg] = strings.Fields(string(out))
	}
	for _, l := range layers {
		t.Run(l.pkg+" not "+l.forbidden, func(t *testing.T) {
			if slices.Contains(deps[l.pkg], module+"/"+l.forbidden) {
				t.Errorf("%s imports %s (go list -deps ./%s)", l.pkg, l.forbidden, l.pkg)
			}
		})
	}
}
