package backup

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
)

const goodSum = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

// TestParseManifest: what restoring relies on is checked, and above all
// no path leads out of the backup directory.
func TestParseManifest(t *testing.T) {
	db := `"database":{"path":"guanjia.db","size":1,"sha256":"` + goodSum + `"}`
	file := func(path string) string {
		return `,"files":[{"path":` + path + `,"size":1,"sha256":"` + goodSum + `"}]`
	}
	manifest := func(rest string) string {
		return `{"format":1,"created_at":"2026-12-03T06:00:00Z","engine":"sqlite","schema_version":4,"counts":{"cases":1},` + rest + `}`
	}
	tests := []struct {
		name, in, want string // want: the error message, "" for none
	}{
		{"good", manifest(db + file(`"media/ab/cd/x.jpg"`)), ""},
		{"no photos", manifest(db + `,"files":[]`), ""},
		{"postgres without a dump", strings.Replace(manifest(`"dump_command":"pg_dump","files":[]`), "sqlite", "postgres", 1), ""},
		{"sqlite without its database", manifest(`"files":[]`), "The backup's manifest is not valid: a SQLite backup must hold its database."},
		{"a dump named as a file", manifest(strings.Replace(db, "guanjia.db", "../x", 1) + `,"files":[]`), "The backup's manifest is not valid: the database file must be guanjia.db."},
		{"up and out", manifest(db + file(`"media/../../etc/passwd"`)), `The backup's manifest is not valid: the path "media/../../etc/passwd" is not allowed.`},
		{"absolute", manifest(db + file(`"/media/x"`)), `The backup's manifest is not valid: "/media/x" is not under media/.`},
		{"backslash", manifest(db + file(`"media/a\\..\\x"`)), `The backup's manifest is not valid: the path "media/a\\..\\x" is not allowed.`},
		{"not under media", manifest(db + file(`"manifest.json"`)), `The backup's manifest is not valid: "manifest.json" is not under media/.`},
		{"unknown format", strings.Replace(manifest(db), `"format":1`, `"format":2`, 1), "The backup's manifest is not valid: format 2 is not known."},
		{"unknown engine", strings.Replace(manifest(db), "sqlite", "oracle", 1), `The backup's manifest is not valid: engine "oracle" is not known.`},
		{"bad checksum", strings.Replace(manifest(db), goodSum, "00", 1), `The backup's manifest is not valid: the size or checksum of "guanjia.db" is not valid.`},
		{"unknown field", manifest(db + `,"extra":1`), "The backup's manifest is not valid: it is not JSON of the expected shape."},
		{"not JSON", "{", "The backup's manifest is not valid: it is not JSON of the expected shape."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseManifest(strings.NewReader(tt.in))
			if diff := cmp.Diff(tt.want, guanjia.ErrorMessage(err)); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
}

// FuzzParseManifest: a manifest that parses names only files inside the
// backup directory, and writes back to the same manifest.
func FuzzParseManifest(f *testing.F) {
	f.Add([]byte(`{"format":1,"engine":"sqlite","database":{"path":"guanjia.db","size":1,"sha256":"` + goodSum + `"},"files":[{"path":"media/a/b","size":2,"sha256":"` + goodSum + `"}]}`))
	f.Add([]byte(`{"format":1,"engine":"postgres","dump_command":"x","files":[{"path":"media/../x","size":2,"sha256":"` + goodSum + `"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseManifest(bytes.NewReader(data))
		if err != nil {
			if guanjia.ErrorCode(err) != guanjia.EINVALID {
				t.Fatalf("error %v is not %s", err, guanjia.EINVALID)
			}
			return
		}
		for _, f := range m.all() {
			if !filepath.IsLocal(filepath.FromSlash(f.Path)) {
				t.Fatalf("path %q leads out of the backup", f.Path)
			}
		}
		out, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		again, err := ParseManifest(bytes.NewReader(out))
		if err != nil {
			t.Fatalf("a parsed manifest does not parse again: %v\n%s", err, out)
		}
		if diff := cmp.Diff(m, again); diff != "" {
			t.Errorf("round trip (-first +second):\n%s", diff)
		}
	})
}
