//go:build unix

package store

import (
	"os"
	"syscall"
)

// ownStats takes, without waiting, the lock that makes this process the
// one whose new cases' rows of stat_days wait in memory (see deferStats):
// an exclusive flock on a file beside the database, which the kernel lets
// go when the process ends, however it ends. It returns what releases
// the lock, or nil when another process holds it.
func ownStats(path string) (release func()) {
	f, err := os.OpenFile(path+".stats-lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil
	}
	return func() { f.Close() } // closing the file lets go of the lock
}
