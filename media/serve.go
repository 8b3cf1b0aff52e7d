package media

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"time"
)

// Open opens the stored photo with hash, or its thumbnail, and returns it
// with its media type and the time it was stored. An unknown or malformed
// hash is ENOTFOUND.
func (s *Store) Open(hash string, thumb bool) (io.ReadSeekCloser, string, time.Time, error) {
	return s.open(context.Background(), hash, thumb)
}

// open is Open within ctx: a bucket's object is read within it, so a client
// that goes away stops the transfer.
func (s *Store) open(ctx context.Context, hash string, thumb bool) (io.ReadSeekCloser, string, time.Time, error) {
	if !validHash(hash) {
		return nil, "", time.Time{}, errNotFound()
	}
	names := []string{".jpg", ".png"}
	if thumb {
		names = []string{".thumb.jpg"}
	}
	base := name(hash)
	for _, ext := range names {
		f, info, err := s.files.get(ctx, base+ext)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		} else if err != nil {
			return nil, "", time.Time{}, fmt.Errorf("open photo %s: %w", hash, err)
		}
		return f, contentType(ext), info.ModTime, nil
	}
	return nil, "", time.Time{}, errNotFound()
}

func contentType(ext string) string {
	if ext == ".png" {
		return typePNG
	}
	return typeJPEG
}

// validHash reports whether h is a SHA-256 in lowercase hex.
func validHash(h string) bool {
	if len(h) != 2*sha256.Size {
		return false
	}
	for i := range len(h) {
		if c := h[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// Serve writes the photo with hash, or its thumbnail, in answer to r, with
// range and conditional requests handled by http.ServeContent. Stored photos
// never change, so clients may cache them for a year. It returns an error,
// ENOTFOUND for an unknown hash, before it writes anything; the caller
// renders it.
func (s *Store) Serve(w http.ResponseWriter, r *http.Request, hash string, thumb bool) error {
	f, typ, modtime, err := s.open(r.Context(), hash, thumb)
	if err != nil {
		return err
	}
	defer f.Close()
	etag := hash
	if thumb {
		etag += ".thumb"
	}
	h := w.Header()
	h.Set("Content-Type", typ)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("ETag", `"`+etag+`"`)
	http.ServeContent(w, r, "", modtime, f)
	return nil
}
