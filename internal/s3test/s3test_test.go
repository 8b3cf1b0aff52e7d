package s3test

import (
	"bytes"
	"context"
	"io"
	"testing"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// TestEach: each server keeps and gives back an object in a new bucket,
// and lists and describes it; MinIO also refuses a client with the wrong
// secret, which the fake does not check.
func TestEach(t *testing.T) {
	Each(t, func(t *testing.T, s *Server, bucket string) {
		ctx := context.Background()
		body := []byte("a photo, as far as S3 knows")
		if _, err := s.client.PutObject(ctx, bucket, "town/a.jpg", bytes.NewReader(body), int64(len(body)),
			minio.PutObjectOptions{ContentType: "image/jpeg"}); err != nil {
			t.Fatal(err)
		}
		size, ct, err := s.Stat(ctx, bucket, "town/a.jpg")
		if err != nil || size != int64(len(body)) || ct != "image/jpeg" {
			t.Errorf("Stat = %d, %q, %v; want %d, image/jpeg", size, ct, err, len(body))
		}
		if keys, err := s.Keys(ctx, bucket, "town/"); err != nil || len(keys) != 1 || keys[0] != "town/a.jpg" {
			t.Errorf("Keys = %q, %v; want [town/a.jpg]", keys, err)
		}
		obj, err := s.client.GetObject(ctx, bucket, "town/a.jpg", minio.GetObjectOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer obj.Close()
		if got, err := io.ReadAll(obj); err != nil || !bytes.Equal(got, body) {
			t.Errorf("GetObject = %q, %v", got, err)
		}
		if s.Kind != "minio" {
			return
		}
		wrong, err := minio.New(s.Host, &minio.Options{Creds: credentials.NewStaticV4(s.AccessKey, "not-the-secret", "")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := wrong.StatObject(ctx, bucket, "town/a.jpg", minio.StatObjectOptions{}); err == nil {
			t.Error("MinIO answered a client with the wrong secret")
		}
	})
}
