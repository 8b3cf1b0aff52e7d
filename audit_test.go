package guanjia

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestNewAudit(t *testing.T) {
	admin := Actor{UserID: 7, Name: "管理员", Role: RoleAdmin, Jurisdiction: "330483100"}
	type secretive struct {
		Name         string `json:"name"`
		PasswordHash string `json:"password_hash"`
	}
	tests := []struct {
		name          string
		before, after any
		wantBefore    string
		wantAfter     string
		wantErr       bool
		changed       []string
	}{
		{"creation", nil, map[string]any{"code": "a", "n": 1}, "", `{"code":"a","n":1}`, false, []string{"code", "n"}},
		{"removal", map[string]any{"code": "a"}, nil, `{"code":"a"}`, "", false, []string{"code"}},
		{"change", map[string]any{"code": "a", "n": 1}, map[string]any{"code": "a", "n": 2}, `{"code":"a","n":1}`, `{"code":"a","n":2}`, false, []string{"n"}},
		{"secrets left out", secretive{"x", "$argon2id$..."}, secretive{"y", "$argon2id$other"}, `{"name":"x"}`, `{"name":"y"}`, false, []string{"name"}},
		{"nil pointer is none", (*Category)(nil), &Unit{Code: "u"}, "", "", false, nil},
		{"nothing at all", nil, nil, "", "", true, nil},
		{"no change shows no field", map[string]any{"a": 1}, map[string]any{"a": 1}, `{"a":1}`, `{"a":1}`, false, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := NewAudit(admin, time.Unix(0, 0), "x.update", "x", "1", "330483100", tt.before, tt.after)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if e.ActorID != 7 || e.ActorName != "管理员" || e.ActorRole != RoleAdmin || e.Jurisdiction != "330483100" {
				t.Errorf("who = %+v", e)
			}
			if tt.name == "nil pointer is none" {
				if e.Before != nil || e.After == nil {
					t.Errorf("before %s after %s", e.Before, e.After)
				}
				return
			}
			if string(e.Before) != tt.wantBefore || string(e.After) != tt.wantAfter {
				t.Errorf("before %s after %s, want %s %s", e.Before, e.After, tt.wantBefore, tt.wantAfter)
			}
			if got := e.Changed(); !slices.Equal(got, tt.changed) {
				t.Errorf("changed = %v, want %v", got, tt.changed)
			}
		})
	}
}

func TestMayReadAudit(t *testing.T) {
	for _, r := range append(slices.Clone(Roles), RoleSystem, RoleAnonymous) {
		if got, want := MayReadAudit(Actor{Role: r}), r == RoleAdmin; got != want {
			t.Errorf("MayReadAudit(%s) = %v, want %v", r, got, want)
		}
	}
}

// TestAuditObjectsListed: every audited object's constant is in
// AuditObjects, which the log's filter offers and the page names.
func TestAuditObjectsListed(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "audit.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok || len(vs.Values) != len(vs.Names) {
			return true
		}
		for i, name := range vs.Names {
			lit, ok := vs.Values[i].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING || !strings.HasPrefix(name.Name, "Audit") {
				continue
			}
			found++
			if v, _ := strconv.Unquote(lit.Value); !slices.Contains(AuditObjects, v) {
				t.Errorf("%s (%s) is not in AuditObjects", name.Name, v)
			}
		}
		return true
	})
	if found < 15 {
		t.Fatalf("found %d objects' constants; is the scan broken?", found)
	}
}
