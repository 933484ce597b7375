package modem

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/tarm/serial"
)

// This is the only file that opens a serial port. Everything else works on the
// io.ReadWriteCloser it returns, wrapped by port (port.go) which contains the
// hazards of github.com/tarm/serial: no ReadTimeout here (an idle read would
// return io.EOF), one goroutine owns Read, and Close is bounded by a timeout.

// ErrPortBusy reports that another program (or another Forkcast bridge) holds the port.
var ErrPortBusy = errors.New("the serial port is in use by another program")

// openSerial opens device at baud and takes an advisory lock on it, so a second
// reader (another Forkcast, a probe while the show runs) is refused instead of
// stealing bytes. A tty opens twice without complaint, so the lock is ours to take.
// It fails when the device does not exist, cannot be opened, or is locked.
func openSerial(device string, baud int) (io.ReadWriteCloser, error) {
	real, err := filepath.EvalSymlinks(device)
	if err != nil {
		return nil, fmt.Errorf("open modem %s: %w", device, err)
	}
	if err := acquire(real); err != nil {
		return nil, fmt.Errorf("open modem %s: %w", device, err)
	}
	lock, err := flock(real)
	if err != nil {
		release(real)
		return nil, fmt.Errorf("open modem %s: %w", device, err)
	}
	p, err := serial.OpenPort(&serial.Config{Name: real, Baud: baud})
	if err != nil {
		lock.Close()
		release(real)
		return nil, fmt.Errorf("open modem %s at %d baud: %w", device, baud, err)
	}
	return &lockedPort{Port: p, lock: lock, path: real}, nil
}

// lockedPort releases the locks once the underlying Close has returned.
type lockedPort struct {
	*serial.Port
	lock *os.File
	path string
	once sync.Once
}

// Close closes the port (blocking while a Read is pending: see port.Close),
// then lets go of the locks.
func (l *lockedPort) Close() error {
	err := l.Port.Close()
	l.once.Do(func() {
		l.lock.Close()
		release(l.path)
	})
	return err
}

// inUse guards against two readers in this process: a port whose previous
// Close is still waiting for its blocked Read to return counts as held.
var inUse = struct {
	sync.Mutex
	m map[string]chan struct{}
}{m: map[string]chan struct{}{}}

// acquire marks path held, waiting briefly for a previous holder to let go.
func acquire(path string) error {
	deadline := time.Now().Add(2 * time.Second)
	for {
		inUse.Lock()
		ch, held := inUse.m[path]
		if !held {
			inUse.m[path] = make(chan struct{})
			inUse.Unlock()
			return nil
		}
		inUse.Unlock()
		wait := time.Until(deadline)
		if wait <= 0 {
			return ErrPortBusy
		}
		select {
		case <-ch:
		case <-time.After(wait):
		}
	}
}

// release marks path free.
func release(path string) {
	inUse.Lock()
	defer inUse.Unlock()
	if ch, ok := inUse.m[path]; ok {
		close(ch)
		delete(inUse.m, path)
	}
}
