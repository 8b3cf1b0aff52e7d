//go:build unix

package store

import (
	"os"
	"syscall"
)

// canLock says whether lockBeside can take locks here.
const canLock = true

// lockBeside takes, without waiting, an exclusive flock on the file
// path (made if need be), which the kernel lets go when the process ends,
// however it ends. It returns what releases the lock, or nil when another
// open file holds it (another process, or another DB of this one).
func lockBeside(path string) (release func()) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil
	}
	return func() { f.Close() } // closing the file lets go of the lock
}
