package media

import (
	"context"
	"fmt"
	"io"
	"time"

	"golang.org/x/sync/semaphore"
)

// Decoding is bounded twice: at most maxWorkers pictures at once (it is
// work for a core each), and at most maxCost bytes of them together, by
// what each picture's header says it will take (header.cost). Large
// pictures thus wait for one another, while phone photos go two at a
// time, and a flood of uploads holds no more than about maxCost of memory
// in pictures.
const maxWorkers = 2

// Store keeps photos, each at ab/cd/<hash>.jpg (or .png) beside its
// thumbnail <hash>.thumb.jpg, where <hash> starts "abcd", in a directory or
// an S3-compatible bucket (see blobs). It is safe for concurrent use, also
// by several processes sharing the directory or the bucket.
type Store struct {
	files   blobs
	workers chan struct{}
	memory  *semaphore.Weighted // bytes, of maxCost
	// saveTimeout bounds the writes of a photo: a bucket out of reach
	// fails the upload soon (503: the edges' outage check takes a passed
	// deadline or a network error for one) instead of holding it through
	// the bucket client's retries.
	saveTimeout time.Duration
}

// SaveTimeout is how long Save may take to store a photo, once decoded.
const SaveTimeout = 20 * time.Second

// NewStore returns a Store rooted at dir, creating dir if need be.
func NewStore(dir string) (*Store, error) {
	d, err := newDirBlobs(dir)
	if err != nil {
		return nil, fmt.Errorf("create photo store: %w", err)
	}
	return newStoreOn(d), nil
}

// OpenStore returns a Store at location, a directory or an s3:// URL (see
// ParseLocation). A bucket is reached with the credentials getenv gives:
// GUANJIA_S3_ACCESS_KEY and GUANJIA_S3_SECRET_KEY, or AWS_ACCESS_KEY_ID and
// AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), and must exist.
func OpenStore(ctx context.Context, location string, getenv func(string) string) (*Store, error) {
	loc, err := ParseLocation(location)
	if err != nil {
		return nil, err
	}
	if loc.Bucket == "" {
		return NewStore(loc.Dir)
	}
	b, err := newBucketBlobs(ctx, loc, getenv)
	if err != nil {
		return nil, err
	}
	return newStoreOn(b), nil
}

func newStoreOn(files blobs) *Store {
	return &Store{files: files, workers: make(chan struct{}, maxWorkers), memory: semaphore.NewWeighted(maxCost),
		saveTimeout: SaveTimeout}
}

// String says where the photos are.
func (s *Store) String() string { return s.files.String() }

// Save reads a photo of at most MaxSize bytes from r, makes it upright,
// strips its metadata and stores it with its thumbnail. Saving the same
// picture again returns the same Photo.
func (s *Store) Save(ctx context.Context, r io.Reader) (Photo, error) {
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
	if err := s.write(ctx, rd); err != nil {
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

// write stores rd unless it is there already, within ctx and at most
// saveTimeout. The thumbnail goes first, so that a stored photo always
// has one.
func (s *Store) write(ctx context.Context, rd rendition) error {
	ctx, cancel := context.WithTimeout(ctx, s.saveTimeout)
	defer cancel()
	base := name(rd.photo.Hash)
	if ok, err := s.files.exists(ctx, base+extension(rd.photo.Type)); err != nil || ok {
		return err
	}
	if err := s.files.put(ctx, base+".thumb.jpg", rd.thumb, typeJPEG); err != nil {
		return err
	}
	return s.files.put(ctx, base+extension(rd.photo.Type), rd.body, rd.photo.Type)
}

// name returns the name of the files of the photo with hash, less the
// extension.
func name(hash string) string {
	return hash[:2] + "/" + hash[2:4] + "/" + hash
}

func extension(typ string) string {
	if typ == typePNG {
		return ".png"
	}
	return ".jpg"
}
