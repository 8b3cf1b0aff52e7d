package guanjia_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const module = "github.com/guanjia/guanjia"

// layers says which of our packages may not import which, directly or
// through others. A gate, when named, is a package through which the
// import is allowed: the edges reach the store only through app, which is
// the only way in.
var layers = []struct {
	pkg, forbidden, gate string
}{
	{pkg: "httpapi", forbidden: "store", gate: "app"},
	{pkg: "web", forbidden: "store", gate: "app"},
	{pkg: "open311", forbidden: "store", gate: "app"},
	{pkg: "server", forbidden: "store", gate: "app"},
	{pkg: "report", forbidden: "store", gate: "app"},
	{pkg: "live", forbidden: "store"},
	{pkg: "web", forbidden: "httpapi"},
	{pkg: "httpapi", forbidden: "web"},
	{pkg: "httpapi", forbidden: "open311"},
}

// TestLayers checks each forbidden import against the imports go list
// reports for the packages and what they depend on.
func TestLayers(t *testing.T) {
	var pkgs []string
	for _, l := range layers {
		pkgs = append(pkgs, module+"/"+l.pkg)
	}
	imports := mustImportGraph(t, pkgs)
	for _, l := range layers {
		t.Run(l.pkg+" not "+l.forbidden, func(t *testing.T) {
			if path := importPath(imports, l.pkg, l.forbidden, l.gate); path != nil {
				t.Errorf("%s imports %s: %s", l.pkg, l.forbidden, strings.Join(path, " → "))
			}
		})
	}
}

// TestImportPath checks the walk TestLayers relies on, on a graph of its own.
func TestImportPath(t *testing.T) {
	imports := map[string][]string{
		"web": {"httpapi", "app", "geo"}, "httpapi": {"app", "live"}, "app": {"store"},
		"live": {"guanjia"}, "geo": {"guanjia"}, "bad": {"geo", "cache"}, "cache": {"store"},
	}
	for _, tc := range []struct {
		pkg, forbidden, gate string
		want                 []string
	}{
		{"web", "store", "app", nil},
		{"web", "store", "", []string{"web", "httpapi", "app", "store"}},
		{"bad", "store", "app", []string{"bad", "cache", "store"}},
		{"httpapi", "live", "", []string{"httpapi", "live"}},
		{"live", "store", "", nil},
	} {
		got := importPath(imports, tc.pkg, tc.forbidden, tc.gate)
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("importPath(%s, %s, gate %q) (-want +got):\n%s", tc.pkg, tc.forbidden, tc.gate, diff)
		}
	}
}

// mustImportGraph returns the imports of pkgs and of everything they
// depend on in this module, by package name relative to the module.
func mustImportGraph(t *testing.T, pkgs []string) map[string][]string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to list imports: %v", err)
	}
	args := append([]string{"list", "-deps", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`}, pkgs...)
	out, err := exec.Command(goTool, args...).Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	imports := map[string][]string{}
	for line := range strings.Lines(string(out)) {
		f := strings.Fields(line)
		if len(f) == 0 || !strings.HasPrefix(f[0], module+"/") {
			continue
		}
		pkg := strings.TrimPrefix(f[0], module+"/")
		for _, imp := range f[1:] {
			if rel, ok := strings.CutPrefix(imp, module+"/"); ok {
				imports[pkg] = append(imports[pkg], rel)
			}
		}
	}
	return imports
}

// importPath returns a chain of imports from pkg to forbidden that does not
// pass through gate, or nil when there is none.
func importPath(imports map[string][]string, pkg, forbidden, gate string) []string {
	seen := map[string]bool{}
	var walk func(p string) []string
	walk = func(p string) []string {
		if p == forbidden {
			return []string{p}
		}
		if seen[p] || p == gate {
			return nil
		}
		seen[p] = true
		for _, imp := range imports[p] {
			if rest := walk(imp); rest != nil {
				return append([]string{p}, rest...)
			}
		}
		return nil
	}
	return walk(pkg)
}
