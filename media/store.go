package media

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// maxWorkers bounds how many uploads are decoded at once: a large picture
// takes a few hundred megabytes while it is worked on.
const maxWorkers = 2

// Store keeps photos in a directory, each at <dir>/ab/cd/<hash>.jpg (or
// .png) beside its thumbnail <hash>.thumb.jpg, where <hash> starts "abcd".
// It is safe for concurrent use, also by several processes.
type Store struct {
	dir     string
	workers chan struct{}
}

// NewStore returns a Store rooted at dir, creating dir if need be.
func NewStore(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create photo store: %w", err)
	}
	return &Store{dir: dir, workers: make(chan struct{}, maxWorkers)}, nil
}

// Save reads a photo of at most MaxSize bytes from r, makes it upright,
// strips its metadata and stores it with its thumbnail. Saving the same
// picture again returns the same Photo.
func (s *Store) Save(r io.Reader) (Photo, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return Photo{}, fmt.Errorf("read photo: %w", err)
	} else if len(data) > MaxSize {
		return Photo{}, errTooLarge()
	} else if len(data) == 0 {
		return Photo{}, errEmpty()
	}
	s.workers <- struct{}{}
	rd, err := prepare(data)
	<-s.workers
	if err != nil {
		return Photo{}, err
	}
	if err := s.write(rd); err != nil {
		return Photo{}, fmt.Errorf("save photo %s: %w", rd.photo.Hash, err)
	}
	return rd.photo, nil
}

// write stores rd unless it is there already. The thumbnail goes first, so
// that a stored photo always has one.
func (s *Store) write(rd rendition) error {
	base := s.base(rd.photo.Hash)
	name := base + extension(rd.photo.Type)
	if _, err := os.Stat(name); err == nil {
		return nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := writeFile(base+".thumb.jpg", rd.thumb); err != nil {
		return err
	}
	return writeFile(name, rd.body)
}

// base returns the path of the files of the photo with hash, less the
// extension.
func (s *Store) base(hash string) string {
	return filepath.Join(s.dir, hash[:2], hash[2:4], hash)
}

func extension(typ string) string {
	if typ == typePNG {
		return ".png"
	}
	return ".jpg"
}

// writeFile writes data to name atomically: readers see the whole file or
// none of it.
func writeFile(name string, data []byte) (err error) {
	dir := filepath.Dir(name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err := f.Write(data); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), name)
}
