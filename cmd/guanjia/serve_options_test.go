package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestServeRefusesBadTrustedProxies: a --trusted-proxies that does not
// parse stops serve before it listens, naming the flag.
func TestServeRefusesBadTrustedProxies(t *testing.T) {
	var out bytes.Buffer
	args := []string{"serve", "--data", t.TempDir(), "--addr", "127.0.0.1:0", "--trusted-proxies", "10.0.0.0/8,proxy.internal"}
	err := run(context.Background(), args, noenv, strings.NewReader(""), &out, &out)
	if err == nil || !strings.Contains(err.Error(), "--trusted-proxies") || !strings.Contains(err.Error(), "proxy.internal") {
		t.Errorf("serve with a bad --trusted-proxies: %v, want refused", err)
	}
}
