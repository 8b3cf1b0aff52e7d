package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// TestEveryMessageTranslated finds every message written with
// guanjia.Errorf or FieldErrorf in the module and checks that it has a
// Chinese translation, so no error reaches a Chinese reader in English.
func TestEveryMessageTranslated(t *testing.T) {
	var missing []string
	seen := map[string]bool{}
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != ".." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		for _, msg := range messagesIn(t, path) {
			if !seen[msg] && !Has(msg) {
				missing = append(missing, msg)
			}
			seen[msg] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("no Chinese translation for %q", m)
	}
	if len(seen) < 50 {
		t.Errorf("found only %d messages; is the scan broken?", len(seen))
	}
}

// messagesIn returns the format strings of Errorf/FieldErrorf calls in a file.
func messagesIn(t *testing.T, path string) []string {
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	if err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		name := ""
		switch fn := call.Fun.(type) {
		case *ast.SelectorExpr:
			if x, ok := fn.X.(*ast.Ident); ok && x.Name == "guanjia" {
				name = fn.Sel.Name
			}
		case *ast.Ident:
			if f.Name.Name == "guanjia" {
				name = fn.Name
			}
		}
		idx := map[string]int{"Errorf": 1, "FieldErrorf": 2}[name]
		if idx == 0 || len(call.Args) <= idx {
			return true
		}
		if lit, ok := call.Args[idx].(*ast.BasicLit); ok && lit.Kind == token.STRING {
			if s, err := strconv.Unquote(lit.Value); err == nil {
				out = append(out, s)
			}
		}
		return true
	})
	return out
}
