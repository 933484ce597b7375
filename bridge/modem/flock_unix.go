//go:build unix

package modem

import (
	"errors"
	"fmt"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// flock opens device a second time, without becoming its controlling
// terminal, to hold an exclusive advisory lock on it. It is opened for writing
// too, so that acquire can poke the modem through it (see holder).
func flock(device string) (*os.File, error) {
	f, err := os.OpenFile(device, os.O_RDWR|syscall.O_NOCTTY|syscall.O_NONBLOCK, 0)
	if errors.Is(err, unix.EBUSY) {
		return nil, ErrPortBusy // macOS: another program opened it exclusively (TIOCEXCL)
	}
	if err != nil {
		return nil, err
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, ErrPortBusy
		}
		return nil, fmt.Errorf("lock: %w", err)
	}
	return f, nil
}
