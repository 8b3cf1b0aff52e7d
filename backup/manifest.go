package backup

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// The names of what a backup directory holds.
const (
	ManifestName = "manifest.json"
	sqliteName   = "guanjia.db"
	pgDumpName   = "guanjia.pgdump"
	mediaPrefix  = "media/"
	formatV1     = 1
	maxManifest  = 256 << 20 // a million photos' entries fit well within
)

// Manifest describes a backup: when and of what it was made, the census of
// the database it holds, and the size and SHA-256 of every file in it.
type Manifest struct {
	Format    int       `json:"format"`
	CreatedAt time.Time `json:"created_at"`
	Engine    string    `json:"engine"` // "sqlite" or "postgres"
	store.Census
	// Database is the SQLite file or the pg_dump archive; nil when pg_dump
	// was not at hand, and then DumpCommand says what to run.
	Database    *File  `json:"database,omitempty"`
	DumpCommand string `json:"dump_command,omitempty"`
	// Files are the photos and thumbnails, under "media/".
	Files []File `json:"files"`
}

// File is one file of a backup, its path relative to the backup directory
// with slashes.
type File struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// ParseManifest reads and checks a manifest. A manifest comes from a
// directory that may have been tampered with, so every path in it must
// stay inside the backup directory.
func ParseManifest(r io.Reader) (*Manifest, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxManifest+1))
	if err != nil {
		return nil, fmt.Errorf("read manifest: %w", err)
	}
	if len(data) > maxManifest {
		return nil, invalidManifest("it is too large")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var m Manifest
	if err := dec.Decode(&m); err != nil {
		return nil, invalidManifest("it is not JSON of the expected shape")
	}
	if err := m.validate(); err != nil {
		return nil, err
	}
	return &m, nil
}

func invalidManifest(reason string) error {
	return guanjia.Errorf(guanjia.EINVALID, "The backup's manifest is not valid: %s.", reason)
}

// validate checks what restoring relies on.
func (m *Manifest) validate() error {
	if m.Format != formatV1 {
		return invalidManifest(fmt.Sprintf("format %d is not known", m.Format))
	}
	want := map[string]string{store.SQLite: sqliteName, store.Postgres: pgDumpName}[m.Engine]
	switch {
	case want == "":
		return invalidManifest(fmt.Sprintf("engine %q is not known", m.Engine))
	case m.Engine == store.SQLite && m.Database == nil:
		return invalidManifest("a SQLite backup must hold its database")
	case m.Database != nil && m.Database.Path != want:
		return invalidManifest(fmt.Sprintf("the database file must be %s", want))
	}
	if m.Database != nil {
		if err := m.Database.validate(); err != nil {
			return err
		}
	}
	seen := make(map[string]bool, len(m.Files))
	for _, f := range m.Files {
		if !strings.HasPrefix(f.Path, mediaPrefix) {
			return invalidManifest(fmt.Sprintf("%q is not under %s", f.Path, mediaPrefix))
		}
		if err := f.validate(); err != nil {
			return err
		}
		if seen[f.Path] {
			return invalidManifest(fmt.Sprintf("%q is listed twice", f.Path))
		}
		seen[f.Path] = true
	}
	return nil
}

// validate checks that f names a file inside the backup directory, in
// clean slash form, with a plausible size and checksum.
func (f File) validate() error {
	p := f.Path
	if p == "" || strings.ContainsAny(p, "\\\x00") || path.Clean(p) != p || !filepath.IsLocal(filepath.FromSlash(p)) {
		return invalidManifest(fmt.Sprintf("the path %q is not allowed", p))
	}
	if f.Size < 0 || !isSHA256(f.SHA256) {
		return invalidManifest(fmt.Sprintf("the size or checksum of %q is not valid", p))
	}
	return nil
}

// isSHA256 reports whether s is 64 lowercase hex digits.
func isSHA256(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// readManifest reads the manifest of the backup in dir.
func readManifest(dir string) (*Manifest, error) {
	f, err := os.Open(filepath.Join(dir, ManifestName))
	if os.IsNotExist(err) {
		return nil, guanjia.Errorf(guanjia.EINVALID, "%s is not a Guanjia backup: it has no manifest.json.", dir)
	} else if err != nil {
		return nil, fmt.Errorf("open manifest: %w", err)
	}
	defer f.Close()
	return ParseManifest(f)
}

// write writes the manifest into dir, last of all: a directory without one
// is a backup that did not finish.
func (m *Manifest) write(dir string) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("encode manifest: %w", err)
	}
	return writeFileSync(filepath.Join(dir, ManifestName), append(data, '\n'))
}
