package web

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/i18n"
)

// TestEveryStringTranslated checks that every string the templates, the
// page handlers and the scripts show has a Chinese translation, here or in
// the shared catalogue.
func TestEveryStringTranslated(t *testing.T) {
	var keys []string
	tmplRE := regexp.MustCompile(`[{(]-?\s*tf?\s+"((?:[^"\\]|\\.)*)"`)
	err := fs.WalkDir(templateFS, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(templateFS, p)
		for _, m := range tmplRE.FindAllStringSubmatch(string(b), -1) {
			keys = append(keys, m[1])
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	goRE := regexp.MustCompile(`(?:s\.t\(v\.Lang, |translate\((?:v\.)?[Ll]ang, |tf\((?:v\.)?[Ll]ang, |render\(w, r, v, [^,]+, "[a-z]+", )"((?:[^"\\]|\\.)*)"`)
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range goRE.FindAllStringSubmatch(string(b), -1) {
			keys = append(keys, m[1])
		}
	}
	keys = append(keys, jsStrings...)
	keys = append(keys, statusKeys...)
	for _, name := range codeNames {
		keys = append(keys, name)
	}
	for _, name := range roleName {
		keys = append(keys, name)
	}
	if len(keys) < 150 {
		t.Fatalf("found only %d strings; is the scan broken?", len(keys))
	}
	missing := map[string]bool{}
	for _, k := range keys {
		if _, ok := zhUI[k]; !ok && !i18n.Has(k) {
			missing[k] = true
		}
	}
	var list []string
	for k := range missing {
		list = append(list, k)
	}
	sort.Strings(list)
	for _, k := range list {
		t.Errorf("no Chinese translation for %q", k)
	}
}

// TestTimeLeft checks the words of countdowns, which the scripts repeat.
func TestTimeLeft(t *testing.T) {
	tests := []struct {
		lang string
		d    string
		want string
	}{
		{"en", "2h30m", "2 h 30 min left"},
		{"en", "50h", "2 d 2 h left"},
		{"en", "-10m", "Overdue by 10 min"},
		{"zh", "2h30m", "剩余 2小时30分"},
		{"zh", "-26h", "已超时 1天2小时"},
	}
	for _, tt := range tests {
		d, _ := time.ParseDuration(tt.d)
		now := time.Date(2026, 11, 2, 9, 0, 0, 0, guanjia.TownZone)
		due := now.Add(d)
		if got := timeLeft(tt.lang, &due, now); got != tt.want {
			t.Errorf("timeLeft(%s, %s) = %q, want %q", tt.lang, tt.d, got, tt.want)
		}
	}
}
