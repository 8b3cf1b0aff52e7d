package basemap

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	for _, tt := range []struct {
		spec, kind, err string
	}{
		{"", None, ""}, {"none", None, ""},
		{"file:/srv/town.pmtiles", File, ""}, {"file:///srv/town.pmtiles", File, ""}, {"file:", "", "needs the path"},
		{"tianditu:0123abcdEF", Tianditu, ""}, {"tianditu:", "", "key"}, {"tianditu:abc;img-src *", "", "key"},
		{"https://tiles.example.org/{z}/{x}/{y}.png", XYZ, ""}, {"http://10.0.0.5:8080/t/{z}/{x}/{y}.png", XYZ, ""},
		{"https://tiles.example.org/{z}/{x}.png", "", "lacks {y}"}, {"ftp://x/{z}/{x}/{y}", "", "none of"},
		{"https://*.example.org/{z}/{x}/{y}.png", "", "none of"}, {"town.pmtiles", "", "none of"},
	} {
		s, err := Parse(tt.spec)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("Parse(%q): %v, want an error with %q", tt.spec, err, tt.err)
			}
			continue
		}
		if err != nil || s.Kind != tt.kind {
			t.Errorf("Parse(%q) = %q, %v; want %q", tt.spec, s.Kind, err, tt.kind)
		}
	}
	s, _ := Parse("file:///srv/town.pmtiles")
	if s.Path != "/srv/town.pmtiles" {
		t.Errorf("path %q", s.Path)
	}
}

// Tianditu's hosts are t0 to t7, and its layers are the Web Mercator ones
// with annotations in the page's language.
func TestTianditu(t *testing.T) {
	s, err := Parse("tianditu:00ff")
	if err != nil {
		t.Fatal(err)
	}
	if h := s.ImageHosts(); len(h) != 8 || h[0] != "https://t0.tianditu.gov.cn" || h[7] != "https://t7.tianditu.gov.cn" {
		t.Errorf("hosts %q", h)
	}
	for lang, note := range map[string]string{"zh": "/cva_w/", "en": "/eva_w/"} {
		c := s.Client(lang)
		if len(c.Layers) != 2 || !strings.Contains(c.Layers[0].URL, "/vec_w/wmts?") || !strings.Contains(c.Layers[1].URL, note) ||
			!strings.Contains(c.Layers[0].URL, "TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=00ff") {
			t.Errorf("%s layers %+v", lang, c.Layers)
		}
		if c.Layers[0].Referrer != "strict-origin-when-cross-origin" || c.Layers[1].Referrer != c.Layers[0].Referrer {
			t.Errorf("%s: Tianditu is not sent the pages' origin: %+v", lang, c.Layers)
		}
	}
	if h := (Source{}).ImageHosts(); h != nil {
		t.Errorf("the default allows %q", h)
	}
}

func TestOpenRefusesOtherFiles(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{"empty": "", "text": "hello world", "v2": "PMTiles\x02" + strings.Repeat("\x00", 200)} {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(data), 0o600)
		if _, err := Open(p); err == nil {
			t.Errorf("Open(%s) succeeded", name)
		}
	}
	if _, err := Load("file:" + filepath.Join(dir, "missing.pmtiles")); err == nil {
		t.Errorf("Load of a missing file succeeded")
	}
}

func TestParseTile(t *testing.T) {
	for _, tt := range []struct {
		z, x, y string
		ok      bool
	}{
		{"0", "0", "0.mvt", true}, {"15", "27350", "13441.mvt", true}, {"24", "16777215", "16777215.mvt", true},
		{"1", "2", "0.mvt", false}, {"25", "0", "0.mvt", false}, {"15", "1", "1.png", false}, {"15", "1", "1", false},
		{"15", "-1", "1.mvt", false}, {"15", "+1", "1.mvt", false}, {"015", "1", "1.mvt", false}, {"", "1", "1.mvt", false},
		{"15", "1", ".mvt", false}, {"15", "1e3", "1.mvt", false}, {"15", "1", "99999999999999999999.mvt", false},
	} {
		z, x, y, err := ParseTile(tt.z, tt.x, tt.y)
		if (err == nil) != tt.ok {
			t.Errorf("ParseTile(%q, %q, %q) = %d, %d, %d, %v", tt.z, tt.x, tt.y, z, x, y, err)
		}
	}
}

// FuzzParseTile: whatever the path, a tile it accepts exists at its zoom,
// and its numbers print back as the path.
func FuzzParseTile(f *testing.F) {
	for _, s := range [][3]string{{"15", "27350", "13441.mvt"}, {"0", "0", "0.mvt"}, {"25", "1", "1.mvt"}, {"3", "08", "1.mvt"}, {"1", "1", "1.mvt.mvt"}} {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, zs, xs, ys string) {
		z, x, y, err := ParseTile(zs, xs, ys)
		if err != nil {
			return
		}
		if z > 24 || uint64(x) >= 1<<z || uint64(y) >= 1<<z {
			t.Fatalf("accepted %d/%d/%d", z, x, y)
		}
		if got := itoa(uint64(z)) + "/" + itoa(uint64(x)) + "/" + itoa(uint64(y)) + ".mvt"; got != zs+"/"+xs+"/"+ys {
			t.Fatalf("%s/%s/%s read as %s", zs, xs, ys, got)
		}
	})
}

func itoa(n uint64) string { return strconv.FormatUint(n, 10) }
