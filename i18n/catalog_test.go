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

// TestOneTranslationAKey finds every Chinese table in the module (the
// map literals of messages*_zh.go, here and in web) and checks that no
// English key is given two different translations. The tables are merged
// into one, so of two translations only one is ever shown, whichever the
// merge meets first, and a word shown in the wrong place ("止" for an
// outbox's recipient, "等待前置" for a text waiting to be sent). A word
// that means two things in two places needs two keys.
func TestOneTranslationAKey(t *testing.T) {
	type def struct{ file, zh string }
	defs := map[string][]def{}
	files := 0
	for _, pattern := range []string{"messages*_zh.go", "../web/messages*_zh.go"} {
		paths, _ := filepath.Glob(pattern)
		for _, path := range paths {
			files++
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
			if err != nil {
				t.Fatalf("parse %s: %v", path, err)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				kv, ok := n.(*ast.KeyValueExpr)
				if !ok {
					return true
				}
				k, kok := kv.Key.(*ast.BasicLit)
				v, vok := kv.Value.(*ast.BasicLit)
				if !kok || !vok || k.Kind != token.STRING || v.Kind != token.STRING {
					return true
				}
				key, err1 := strconv.Unquote(k.Value)
				zh, err2 := strconv.Unquote(v.Value)
				if err1 == nil && err2 == nil {
					defs[key] = append(defs[key], def{filepath.Base(filepath.Dir(path)) + "/" + filepath.Base(path), zh})
				}
				return true
			})
		}
	}
	if files < 20 || len(defs) < 1000 {
		t.Fatalf("found %d keys in %d files; is the scan broken?", len(defs), files)
	}
	keys := make([]string, 0, len(defs))
	for k := range defs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, d := range defs[k][1:] {
			if first := defs[k][0]; d.zh != first.zh {
				t.Errorf("%q is %q in %s and %q in %s", k, first.zh, first.file, d.zh, d.file)
			}
		}
	}
}
