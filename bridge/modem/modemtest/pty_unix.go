//go:build unix

package modemtest

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// pollable returns the master as a non-blocking file on Go's poller, so that
// Close interrupts a pending Read (pty.Open leaves it blocking, and a blocking
// Read would hold the pseudo-terminal open after Unplug).
func pollable(m *os.File) (*os.File, error) {
	defer m.Close()
	fd, err := unix.Dup(int(m.Fd()))
	if err != nil {
		return nil, fmt.Errorf("modemtest: dup master: %w", err)
	}
	if err := unix.SetNonblock(fd, true); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("modemtest: non-blocking master: %w", err)
	}
	return os.NewFile(uintptr(fd), m.Name()), nil
}

// makeRaw puts the slave in raw mode so nothing is echoed or translated
// before the code under test opens it.
func makeRaw(f *os.File) error {
	fd := int(f.Fd())
	t, err := unix.IoctlGetTermios(fd, ioctlGetTermios)
	if err != nil {
		return err
	}
	t.Iflag &^= unix.IGNBRK | unix.BRKINT | unix.PARMRK | unix.ISTRIP | unix.INLCR | unix.IGNCR | unix.ICRNL | unix.IXON
	t.Oflag &^= unix.OPOST
	t.Lflag &^= unix.ECHO | unix.ECHONL | unix.ICANON | unix.ISIG | unix.IEXTEN
	t.Cflag &^= unix.CSIZE | unix.PARENB
	t.Cflag |= unix.CS8
	return unix.IoctlSetTermios(fd, ioctlSetTermios, t)
}
