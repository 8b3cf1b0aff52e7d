package media

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/sync/semaphore"
)

// Decoding is bounded twice: at most maxWorkers pictures at once (it is
// work for a core each), and at most maxCost bytes of them together, by
// what each picture's header says it will take (header.cost). Large
// pictures thus wait for one another, while phone photos go two at a
// time, and a flood of uploads holds no more than about maxCost of memory
// in pictures.
const maxWorkers = 2

// Store keeps photos in a directory, each at <dir>/ab/cd/<hash>.jpg (or
// .png) beside its thumbnail <hash>.thumb.jpg, where <hash> starts "abcd".
// It is safe for concurrent use, also by several processes.
type Store struct {
	dir     string
	workers chan struct{}
	memory  *semaphore.Weighted // bytes, of maxCost
}

// NewStore returns a Store rooted at dir, creating dir if need be.
func NewStore(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create photo store: %w", err)
	}
	return &Store{dir: dir, workers: make(chan struct{}, maxWorkers), memory: semaphore.NewWeighted(maxCost)}, nil
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
	h, err := readHeader(data)
	if err != nil {
		return Photo{}, err
	}
	rd, err := s.prepare(h, data)
	if err != nil {
		return Photo{}, err
	}
	if err := s.write(rd); err != nil {
		return Photo{}, fmt.Errorf("save photo %s: %w", rd.photo.Hash, err)
	}
	return rd.photo, nil
}

// prepare runs prepare when there is a worker and memory for it.
func (s *Store) prepare(h header, data []byte) (rendition, error) {
	s.workers <- struct{}{}
	defer func() { <-s.workers }()
	cost := min(h.cost(), maxCost)
	if err := s.memory.Acquire(context.Background(), cost); err != nil {
		return rendition{}, err
	}
	defer s.memory.Release(cost)
	return prepare(h, data)
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
