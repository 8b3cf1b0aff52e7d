package media

import (
	"bytes"
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/guanjia/guanjia/internal/s3test"
)

// TestSaveWhenTheBucketIsOutOfReach: when the bucket's server stops (its
// port refuses) or goes silent (its machine or the network lost: the port
// takes connections and never answers), Save fails soon, within its
// deadline, with an error the edges answer 503 for (a network error or a
// passed deadline). minio-go's own defaults held a silent server's upload
// for ten minutes (ten tries, a minute each).
func TestSaveWhenTheBucketIsOutOfReach(t *testing.T) {
	for _, silent := range []bool{false, true} {
		name := map[bool]string{false: "refused", true: "silent"}[silent]
		t.Run(name, func(t *testing.T) {
			s3test.Each(t, func(t *testing.T, srv *s3test.Server, bucket string) {
				env := srv.Env()
				s, err := OpenStore(t.Context(), srv.Location(bucket, "town"), func(k string) string { return env[k] })
				if err != nil {
					t.Fatal(err)
				}
				s.saveTimeout = 2 * time.Second
				srv.Stop()
				if silent {
					holdSilent(t, srv.Host)
				}
				start := time.Now()
				_, err = s.Save(t.Context(), bytes.NewReader(mustJPEG(t, newPicture(64, 48), nil)))
				took := time.Since(start)
				var netErr net.Error
				if !errors.As(err, &netErr) && !errors.Is(err, context.DeadlineExceeded) {
					t.Fatalf("Save: %v; want a network error or a passed deadline", err)
				}
				if took > 15*time.Second {
					t.Errorf("Save took %v to fail; want about its deadline of %v", took, s.saveTimeout)
				}
			})
		})
	}
}

// holdSilent listens on addr until the test ends, taking connections and
// never answering.
func holdSilent(t *testing.T, addr string) {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("listen where the server was: %v", err)
	}
	var held []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				for _, c := range held {
					c.Close()
				}
				return
			}
			held = append(held, c)
		}
	}()
	t.Cleanup(func() { ln.Close(); <-done })
}
