package media

import (
	"context"
	"errors"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/guanjia/guanjia/internal/s3test"
	"github.com/minio/minio-go/v7"
)

// eachStore runs test on an empty Store in a temporary directory and on
// one under a prefix of a new bucket of each S3 server s3test offers: an
// in-process fake always, and a real MinIO server when GUANJIA_TEST_MINIO
// names one (./scripts/test builds it).
func eachStore(t *testing.T, test func(t *testing.T, s *Store)) {
	t.Run("dir", func(t *testing.T) { test(t, newStore(t)) })
	s3test.Each(t, func(t *testing.T, srv *s3test.Server, bucket string) {
		env := srv.Env()
		s, err := OpenStore(context.Background(), srv.Location(bucket, "town/media"), func(k string) string { return env[k] })
		if err != nil {
			t.Fatal(err)
		}
		test(t, s)
	})
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

// TestOpenStoreRefuses: a bucket without credentials in the environment,
// one the server does not have, or (on MinIO, which checks them) the wrong
// credentials stop OpenStore with a message that says so.
func TestOpenStoreRefuses(t *testing.T) {
	for _, kind := range s3test.Kinds() {
		t.Run(kind, func(t *testing.T) {
			srv := s3test.Start(t, kind)
			bucket := srv.NewBucket(t)
			creds := srv.Env()
			tests := []struct {
				name, bucket string
				env          map[string]string
				want         string
			}{
				{"no credentials", bucket, nil, "GUANJIA_S3_ACCESS_KEY"},
				{"no bucket", "missing", creds, `no bucket "missing"`},
			}
			if kind == "minio" {
				wrong := map[string]string{"AWS_ACCESS_KEY_ID": srv.AccessKey, "AWS_SECRET_ACCESS_KEY": "not-the-secret"}
				tests = append(tests, struct {
					name, bucket string
					env          map[string]string
					want         string
				}{"wrong secret", bucket, wrong, "signature"})
			}
			for _, tt := range tests {
				_, err := OpenStore(context.Background(), srv.Location(tt.bucket, ""), func(k string) string { return tt.env[k] })
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("%s: OpenStore error = %v, want one saying %s", tt.name, err, tt.want)
				}
			}
		})
	}
}
