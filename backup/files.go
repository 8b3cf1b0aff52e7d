package backup

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/guanjia/guanjia"
)

// tempPrefix starts the names of files being written, by the photo store
// and here; they are never part of a backup.
const tempPrefix = ".tmp-"

// copyFile copies src to dst (which must not exist) through a temporary
// file that is synced and renamed into place, and returns what it copied.
// When want is not empty the copy fails, leaving nothing at dst, unless
// the SHA-256 of what was read is want.
func copyFile(src, dst, want string) (File, error) {
	in, err := os.Open(src)
	if err != nil {
		return File{}, err
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return File{}, err
	}
	out, err := os.CreateTemp(filepath.Dir(dst), tempPrefix+"*")
	if err != nil {
		return File{}, err
	}
	defer os.Remove(out.Name()) // a no-op once renamed
	defer out.Close()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(out, h), in)
	if err != nil {
		return File{}, fmt.Errorf("copy %s: %w", src, err)
	}
	sum := hex.EncodeToString(h.Sum(nil))
	if want != "" && sum != want {
		return File{}, damaged(src)
	}
	if err := errors.Join(out.Chmod(0o640), out.Sync(), out.Close()); err != nil {
		return File{}, fmt.Errorf("write %s: %w", dst, err)
	}
	if err := os.Rename(out.Name(), dst); err != nil {
		return File{}, err
	}
	return File{Size: n, SHA256: sum}, nil
}

func damaged(path string) error {
	return guanjia.Errorf(guanjia.EUNPROCESSABLE, "The file %s in the backup is damaged: its checksum does not match.", path)
}

// hashFile returns the size and SHA-256 of the file at path.
func hashFile(path string) (File, error) {
	f, err := os.Open(path)
	if err != nil {
		return File{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return File{}, fmt.Errorf("read %s: %w", path, err)
	}
	return File{Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// verify checks that the file f of the backup in dir has its recorded size
// and checksum.
func verify(dir string, f File) error {
	got, err := hashFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
	if errors.Is(err, fs.ErrNotExist) {
		return guanjia.Errorf(guanjia.EUNPROCESSABLE, "The file %s is missing from the backup.", f.Path)
	} else if err != nil {
		return err
	}
	if got.Size != f.Size || got.SHA256 != f.SHA256 {
		return damaged(f.Path)
	}
	return nil
}

// mediaFiles lists the regular files under the photo directory root, as
// paths relative to it with slashes, leaving out files being written. A
// root that does not exist has none.
func mediaFiles(root string) ([]string, error) {
	var names []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == root {
			return fs.SkipAll
		} else if err != nil {
			return err
		}
		if !d.Type().IsRegular() || strings.HasPrefix(d.Name(), tempPrefix) {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		names = append(names, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list photos: %w", err)
	}
	return names, nil
}

// emptyDir reports whether dir does not exist or holds nothing.
func emptyDir(dir string) (bool, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return true, nil
	}
	return len(entries) == 0, err
}

// writeFileSync writes data to a new file at name and syncs it.
func writeFileSync(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := f.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", name, err)
	}
	return f.Close()
}

// syncDir syncs a directory so that the names made in it last.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
