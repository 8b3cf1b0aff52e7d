package media

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// blobs is where a Store keeps its files: a directory (dirBlobs) or an
// S3-compatible bucket (bucketBlobs). Names are slash-separated paths such
// as "ab/cd/<hash>.jpg"; what is put is already sanitised. A name that is
// not there is fs.ErrNotExist.
type blobs interface {
	// put stores data under name, whole or not at all.
	put(ctx context.Context, name string, data []byte, contentType string) error
	// get opens name for reading and seeking (http.ServeContent seeks to
	// answer range requests).
	get(ctx context.Context, name string) (io.ReadSeekCloser, blobInfo, error)
	// stat describes name.
	stat(ctx context.Context, name string) (blobInfo, error)
	// exists reports whether name is there.
	exists(ctx context.Context, name string) (bool, error)
	// String says where the files are, for logs and messages.
	String() string
}

// blobInfo describes a stored file.
type blobInfo struct {
	Size    int64
	ModTime time.Time
}

// dirBlobs keeps files under a directory.
type dirBlobs struct{ dir string }

func newDirBlobs(dir string) (dirBlobs, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return dirBlobs{}, err
	}
	return dirBlobs{dir: dir}, nil
}

func (d dirBlobs) String() string { return d.dir }

func (d dirBlobs) path(name string) string { return filepath.Join(d.dir, filepath.FromSlash(name)) }

func (d dirBlobs) put(_ context.Context, name string, data []byte, _ string) error {
	return writeFile(d.path(name), data)
}

func (d dirBlobs) get(_ context.Context, name string) (io.ReadSeekCloser, blobInfo, error) {
	f, err := os.Open(d.path(name))
	if err != nil {
		return nil, blobInfo{}, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, blobInfo{}, err
	}
	return f, blobInfo{Size: fi.Size(), ModTime: fi.ModTime()}, nil
}

func (d dirBlobs) stat(_ context.Context, name string) (blobInfo, error) {
	fi, err := os.Stat(d.path(name))
	if err != nil {
		return blobInfo{}, err
	}
	return blobInfo{Size: fi.Size(), ModTime: fi.ModTime()}, nil
}

func (d dirBlobs) exists(ctx context.Context, name string) (bool, error) {
	return statExists(d.stat(ctx, name))
}

// statExists turns a stat's error into an answer to "is it there?".
func statExists(_ blobInfo, err error) (bool, error) {
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	return err == nil, err
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
