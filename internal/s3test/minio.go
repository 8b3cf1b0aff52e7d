package s3test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/guanjia/guanjia/internal/dbtest"
)

// startMinIO runs `bin server` on a loopback port with a data directory of
// the test's own, waits until it is ready, and stops it when the test ends.
// A port taken by another process between choosing and binding makes the
// server exit; it is tried again on another.
func startMinIO(tb testing.TB, bin string) *Server {
	tb.Helper()
	s := &Server{Kind: "minio", AccessKey: "guanjia-test", SecretKey: "guanjia-test-secret"}
	var lastErr error
	for range 5 {
		port, err := dbtest.FreePort()
		if err != nil {
			tb.Fatalf("s3test: %v", err)
		}
		s.Host = net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
		cmd := exec.Command(bin, "server", tb.TempDir(), "--address", s.Host,
			"--console-address", "127.0.0.1:0", "--quiet")
		cmd.Env = append(cmd.Environ(), "MINIO_ROOT_USER="+s.AccessKey, "MINIO_ROOT_PASSWORD="+s.SecretKey,
			"MINIO_BROWSER=off", "MINIO_UPDATE=off")
		logPath := filepath.Join(tb.TempDir(), "minio.log")
		log, err := os.Create(logPath)
		if err != nil {
			tb.Fatal(err)
		}
		cmd.Stdout, cmd.Stderr = log, log
		err = cmd.Start()
		log.Close() // the process has its own copy
		if err != nil {
			tb.Fatalf("s3test: %s=%s: %v", EnvMinIO, bin, err)
		}
		exited := make(chan struct{}) // closed once the process has exited
		go func() { _ = cmd.Wait(); close(exited) }()
		stop := sync.OnceFunc(func() {
			_ = cmd.Process.Kill()
			<-exited
		})
		if lastErr = waitReady(s.Host, exited); lastErr == nil {
			s.stop = stop
			tb.Cleanup(stop)
			return s
		}
		stop()
		out, _ := os.ReadFile(logPath)
		lastErr = errors.Join(lastErr, errors.New(string(out)))
	}
	tb.Fatalf("s3test: MinIO (%s) did not start: %v", bin, lastErr)
	return nil
}

// waitReady waits until MinIO at host answers its liveness check, for at
// most 30 seconds, or until it exits.
func waitReady(host string, exited <-chan struct{}) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	client := &http.Client{Timeout: time.Second}
	for {
		req, err := http.NewRequestWithContext(ctx, "GET", "http://"+host+"/minio/health/ready", nil)
		if err != nil {
			return err
		}
		if resp, err := client.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-exited:
			return errors.New("MinIO exited")
		case <-ctx.Done():
			return errors.New("MinIO was not ready within 30 s")
		case <-time.After(50 * time.Millisecond):
		}
	}
}
