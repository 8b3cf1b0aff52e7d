package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/guanjia/guanjia/internal/s3test"
)

// TestServePhotosInBucket: two instances with --photos in one S3 bucket
// share their photos: one uploaded to the first is served by the second,
// and neither writes it to its data directory; backup leaves them to the
// bucket and restore, which writes a directory, refuses; with the
// bucket's server stopped, uploads and photos are answered 503 with a
// Retry-After. It runs on each
// S3 server s3test offers: an in-process fake always, a real MinIO server
// when GUANJIA_TEST_MINIO names one (./scripts/test builds it). The photo
// store does not depend on the database engine, so one (SQLite, each
// instance its own) is enough.
func TestServePhotosInBucket(t *testing.T) {
	s3test.Each(t, func(t *testing.T, srv *s3test.Server, bucket string) {
		servePhotosInBucket(t, srv, bucket)
	})
}

func servePhotosInBucket(t *testing.T, srv *s3test.Server, bucket string) {
	env := srv.Env()
	env["GUANJIA_PHOTOS"] = srv.Location(bucket, "guanjia")
	getenv := func(k string) string { return env[k] }

	dataA, dataB := t.TempDir(), t.TempDir()
	addrA, _, stopA := startProgram(t, []string{"serve", "--addr", "127.0.0.1:0", "--data", dataA}, getenv)
	defer stopA()
	addrB, _, stopB := startProgram(t, []string{"serve", "--addr", "127.0.0.1:0", "--data", dataB}, getenv)
	defer stopB()

	var photo struct{ Hash, URL string }
	callOK(t, 201, "POST", addrA+"/api/v1/photos", "", mustJPEG(t), &photo)
	fromA := callOK(t, 200, "GET", addrA+photo.URL, "", nil, nil)
	if fromB := callOK(t, 200, "GET", addrB+photo.URL, "", nil, nil); !bytes.Equal(fromA, fromB) || len(fromA) == 0 {
		t.Errorf("instance B served %d bytes of the photo, A %d; want the same", len(fromB), len(fromA))
	}
	key := "guanjia/" + photo.Hash[:2] + "/" + photo.Hash[2:4] + "/" + photo.Hash + ".jpg"
	if size, ct, err := srv.Stat(context.Background(), bucket, key); err != nil || size != int64(len(fromA)) || ct != "image/jpeg" {
		t.Errorf("the photo in the bucket: %d bytes of %q, %v; want %d of image/jpeg", size, ct, err, len(fromA))
	}
	// Backup copies the database and says the bucket's photos are left
	// to the bucket; restore, which writes photos to a directory, refuses.
	var out bytes.Buffer
	if err := run(context.Background(), []string{"backup", "--data", dataA, t.TempDir() + "/backup"}, getenv, strings.NewReader(""), &out, &out); err != nil || !strings.Contains(out.String(), "are not copied") {
		t.Errorf("backup: %v\n%s", err, &out)
	}
	if err := run(context.Background(), []string{"restore", "--data", t.TempDir(), t.TempDir()}, getenv, strings.NewReader(""), &out, &out); err == nil || !strings.Contains(err.Error(), "--photos") {
		t.Errorf("restore into a bucket: %v, want refused naming --photos", err)
	}
	for _, data := range []string{dataA, dataB} {
		if _, err := os.Stat(filepath.Join(data, "media")); err == nil {
			t.Errorf("%s/media exists; the photos belong in the bucket", data)
		}
	}
	srv.Stop()
	wantPhotosUnavailable(t, addrA, addrB+photo.URL)
}

// wantPhotosUnavailable: with the bucket's server stopped, an upload to
// the instance at upload and the photo at photoURL are answered 503 with a
// Retry-After, soon, instead of after minio-go's retries.
func wantPhotosUnavailable(t *testing.T, upload, photoURL string) {
	t.Helper()
	for _, req := range []struct {
		method, url string
		body        []byte
	}{{"POST", upload + "/api/v1/photos", mustJPEG(t)}, {"GET", photoURL, nil}} {
		r, err := http.NewRequest(req.method, req.url, bytes.NewReader(req.body))
		if err != nil {
			t.Fatal(err)
		}
		r.Header.Set("Content-Type", "image/jpeg")
		resp, err := (&http.Client{Timeout: time.Minute}).Do(r)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" || !strings.Contains(string(b), `"unavailable"`) {
			t.Errorf("%s %s with the bucket's server stopped: %d, Retry-After %q, %s; want 503 unavailable with a Retry-After",
				req.method, req.url, resp.StatusCode, resp.Header.Get("Retry-After"), b)
		}
	}
}
