// Package s3test gives tests an S3-compatible server to keep photos in:
// always an in-process fake (github.com/johannesboyne/gofakes3 over real
// HTTP), and a real MinIO server when GUANJIA_TEST_MINIO names its binary.
// ./scripts/test builds MinIO from the Go module proxy and runs the tests
// that use it in a pass of their own, once the binary is there.
//
// The fake answers the calls Guanjia makes as S3 would, but it is not S3:
// it checks no signatures and keeps no real metadata. MinIO does, so a test
// that passes on both has met a real server's protocol.
package s3test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// EnvMinIO is the path of a MinIO server binary (`minio server ...`);
// ./scripts/test sets it for its pass of S3 tests.
const EnvMinIO = "GUANJIA_TEST_MINIO"

// skipMinIO is the message of tests skipped for want of MinIO.
const skipMinIO = "MinIO: " + EnvMinIO + " not set; ./scripts/test builds MinIO and runs these tests on it"

// Server is an S3-compatible server that lives as long as the test that
// started it.
type Server struct {
	Kind      string // "fake" or "minio"
	Host      string // host:port of its S3 API, over plain HTTP
	AccessKey string
	SecretKey string
	client    *minio.Client
	stop      func() // stops the server; safe to call again
}

// Stop stops the server before the test ends, as an outage would: its
// port then refuses connections.
func (s *Server) Stop() { s.stop() }

// Kinds returns the kinds of server Each runs on: fake, and minio (which
// skips unless GUANJIA_TEST_MINIO is set).
func Kinds() []string { return []string{"fake", "minio"} }

// Each runs fn once per kind of server, each in its own subtest named for
// the kind, on a new server with a new, empty bucket.
func Each(t *testing.T, fn func(t *testing.T, s *Server, bucket string)) {
	t.Helper()
	for _, kind := range Kinds() {
		t.Run(kind, func(t *testing.T) {
			s := Start(t, kind)
			fn(t, s, s.NewBucket(t))
		})
	}
}

// Start starts a server of kind ("fake" or "minio") for the test, stopped
// when it ends. A minio server skips the test unless GUANJIA_TEST_MINIO is
// set, and fails it if that binary does not start.
func Start(tb testing.TB, kind string) *Server {
	tb.Helper()
	var s *Server
	switch kind {
	case "fake":
		s = startFake(tb)
	case "minio":
		bin := os.Getenv(EnvMinIO)
		if bin == "" {
			tb.Skip(skipMinIO)
		}
		s = startMinIO(tb, bin)
	default:
		tb.Fatalf("s3test: unknown kind %q (want fake or minio)", kind)
	}
	client, err := minio.New(s.Host, &minio.Options{Creds: credentials.NewStaticV4(s.AccessKey, s.SecretKey, "")})
	if err != nil {
		tb.Fatalf("s3test: %s client: %v", kind, err)
	}
	s.client = client
	return s
}

// startFake serves gofakes3 on a loopback port. It checks no credentials;
// these are for the client.
func startFake(tb testing.TB) *Server {
	srv := httptest.NewServer(gofakes3.New(s3mem.New()).Server())
	stop := sync.OnceFunc(srv.Close)
	tb.Cleanup(stop)
	u, err := url.Parse(srv.URL)
	if err != nil {
		tb.Fatal(err)
	}
	return &Server{Kind: "fake", Host: u.Host, AccessKey: "test-key", SecretKey: "test-secret", stop: stop}
}

// Env returns the environment that gives Guanjia the server's credentials.
func (s *Server) Env() map[string]string {
	return map[string]string{"GUANJIA_S3_ACCESS_KEY": s.AccessKey, "GUANJIA_S3_SECRET_KEY": s.SecretKey}
}

// Location returns the photo location (--photos) of prefix in bucket.
func (s *Server) Location(bucket, prefix string) string {
	return "s3://" + bucket + "/" + prefix + "?endpoint=" + s.Host + "&region=us-east-1&secure=false"
}

// NewBucket creates a bucket with a new name and returns the name.
func (s *Server) NewBucket(tb testing.TB) string {
	tb.Helper()
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		tb.Fatal(err)
	}
	name := "guanjia-test-" + hex.EncodeToString(b)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := s.client.MakeBucket(ctx, name, minio.MakeBucketOptions{Region: "us-east-1"}); err != nil {
		tb.Fatalf("s3test: make bucket on %s: %v", s.Kind, err)
	}
	return name
}

// Stat returns the size and content type of the object key in bucket, or
// the server's error.
func (s *Server) Stat(ctx context.Context, bucket, key string) (size int64, contentType string, err error) {
	info, err := s.client.StatObject(ctx, bucket, key, minio.StatObjectOptions{})
	if err != nil {
		return 0, "", fmt.Errorf("%s: stat %s/%s: %w", s.Kind, bucket, key, err)
	}
	return info.Size, info.ContentType, nil
}

// Keys returns the keys of the objects in bucket under prefix, in order.
func (s *Server) Keys(ctx context.Context, bucket, prefix string) ([]string, error) {
	var keys []string
	for o := range s.client.ListObjects(ctx, bucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: true}) {
		if o.Err != nil {
			return nil, fmt.Errorf("%s: list %s/%s: %w", s.Kind, bucket, prefix, o.Err)
		}
		keys = append(keys, o.Key)
	}
	return keys, nil
}
