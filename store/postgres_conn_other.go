//go:build !linux

package store

import (
	"syscall"
	"time"
)

// setUserTimeout returns nil: TCP_USER_TIMEOUT is Linux's; elsewhere the
// keep-alive probes alone find a silent server.
func setUserTimeout(time.Duration) func(network, address string, c syscall.RawConn) error {
	return nil
}
