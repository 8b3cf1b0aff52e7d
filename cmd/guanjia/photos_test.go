package main

import (
	"bytes"
	"context"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// TestServePhotosInBucket: two instances with --photos in one S3 bucket
// share their photos: one uploaded to the first is served by the second,
// and neither writes it to its data directory; backup leaves them to the
// bucket and restore, which writes a directory, refuses. The bucket is gofakes3's,
// an in-process fake that speaks S3 over HTTP, not a real S3 or MinIO
// server. The photo store does not depend on the database engine, so one
// (SQLite, each instance its own) is enough.
func TestServePhotosInBucket(t *testing.T) {
	backend := s3mem.New()
	if err := backend.CreateBucket("county-photos"); err != nil {
		t.Fatal(err)
	}
	fake := httptest.NewServer(gofakes3.New(backend).Server())
	defer fake.Close()
	u, _ := url.Parse(fake.URL)
	photos := "s3://county-photos/guanjia?endpoint=" + u.Host + "&secure=false"
	env := map[string]string{"GUANJIA_PHOTOS": photos, "AWS_ACCESS_KEY_ID": "key", "AWS_SECRET_ACCESS_KEY": "secret"}
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
	if _, err := backend.HeadObject("county-photos", "guanjia/"+photo.Hash[:2]+"/"+photo.Hash[2:4]+"/"+photo.Hash+".jpg"); err != nil {
		t.Errorf("the photo is not in the bucket: %v", err)
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
}
