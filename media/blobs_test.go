package media

import (
	"context"
	"errors"
	"io/fs"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"github.com/minio/minio-go/v7"
)

// eachStore runs test on an empty Store in a temporary directory and on one
// in an S3 bucket. The bucket is gofakes3's, an in-process fake that speaks
// the S3 protocol over real HTTP (httptest): it is not a real S3 or MinIO
// server, none of which can run where the tests run.
func eachStore(t *testing.T, test func(t *testing.T, s *Store)) {
	t.Run("dir", func(t *testing.T) { test(t, newStore(t)) })
	t.Run("s3", func(t *testing.T) { test(t, newBucketStore(t)) })
}

// newBucketStore returns a Store under a prefix of a bucket of a fake S3
// server that lives as long as the test.
func newBucketStore(tb testing.TB) *Store {
	tb.Helper()
	backend := s3mem.New()
	if err := backend.CreateBucket("photos"); err != nil {
		tb.Fatal(err)
	}
	srv := httptest.NewServer(gofakes3.New(backend).Server())
	tb.Cleanup(srv.Close)
	u, err := url.Parse(srv.URL)
	if err != nil {
		tb.Fatal(err)
	}
	env := map[string]string{"GUANJIA_S3_ACCESS_KEY": "test-key", "GUANJIA_S3_SECRET_KEY": "test-secret"}
	s, err := OpenStore(context.Background(), "s3://photos/town/media?endpoint="+u.Host+"&region=us-east-1&secure=false",
		func(k string) string { return env[k] })
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// storedNames returns the names of the files s holds, sorted.
func storedNames(tb testing.TB, s *Store) []string {
	tb.Helper()
	var names []string
	switch f := s.files.(type) {
	case dirBlobs:
		for _, p := range listFiles(tb, f.dir) {
			rel, err := filepath.Rel(f.dir, p)
			if err != nil {
				tb.Fatal(err)
			}
			names = append(names, filepath.ToSlash(rel))
		}
	case *bucketBlobs:
		for o := range f.client.ListObjects(context.Background(), f.loc.Bucket, minio.ListObjectsOptions{Prefix: f.loc.Prefix, Recursive: true}) {
			if o.Err != nil {
				tb.Fatal(o.Err)
			}
			names = append(names, strings.TrimPrefix(o.Key, f.loc.Prefix))
		}
	default:
		tb.Fatalf("unknown blobs %T", f)
	}
	slices.Sort(names)
	return names
}

// TestBlobs: both places keep, describe and give back what is put, and say
// fs.ErrNotExist of what is not there.
func TestBlobs(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		if ok, err := s.files.exists(ctx, "ab/cd/x.jpg"); ok || err != nil {
			t.Errorf("exists(missing) = %v, %v; want false, nil", ok, err)
		}
		if _, err := s.files.stat(ctx, "ab/cd/x.jpg"); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("stat(missing) error = %v, want fs.ErrNotExist", err)
		}
		if _, _, err := s.files.get(ctx, "ab/cd/x.jpg"); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("get(missing) error = %v, want fs.ErrNotExist", err)
		}
		if err := s.files.put(ctx, "ab/cd/x.jpg", []byte("0123456789"), typeJPEG); err != nil {
			t.Fatal(err)
		}
		info, err := s.files.stat(ctx, "ab/cd/x.jpg")
		if err != nil || info.Size != 10 || info.ModTime.IsZero() {
			t.Errorf("stat = %+v, %v; want 10 bytes and a time", info, err)
		}
		f, _, err := s.files.get(ctx, "ab/cd/x.jpg")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if _, err := f.Seek(4, 0); err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 3)
		if n, err := f.Read(buf); n != 3 || string(buf) != "456" {
			t.Errorf("read after seek = %q, %v; want 456", buf[:n], err)
		}
	})
}

// TestOpenStoreRefuses: a bucket without credentials in the environment, or
// one the server does not have, stops OpenStore with a message that says so.
func TestOpenStoreRefuses(t *testing.T) {
	srv := httptest.NewServer(gofakes3.New(s3mem.New()).Server())
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	loc := "s3://missing?endpoint=" + u.Host + "&secure=false"
	creds := map[string]string{"AWS_ACCESS_KEY_ID": "k", "AWS_SECRET_ACCESS_KEY": "s"}
	for _, tt := range []struct {
		name string
		env  map[string]string
		want string
	}{
		{"no credentials", nil, "GUANJIA_S3_ACCESS_KEY"},
		{"no bucket", creds, `no bucket "missing"`},
	} {
		_, err := OpenStore(context.Background(), loc, func(k string) string { return tt.env[k] })
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: OpenStore error = %v, want one saying %s", tt.name, err, tt.want)
		}
	}
}
