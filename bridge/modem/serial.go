package modem

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// This file and its openPort (open_tarm.go; open_darwin.go on macOS) are the
// only code that opens a serial port. Everything else works on the
// io.ReadWriteCloser it returns, which package at wraps to contain the
// hazards of github.com/tarm/serial: no ReadTimeout here (an idle read would
// return io.EOF), one goroutine owns Read, and Close is bounded by a timeout.

// ErrPortBusy reports that another program (or another Forkcast bridge) holds the port.
var ErrPortBusy = errors.New("the serial port is in use by another program")

// openSerial opens device at baud and takes an advisory lock on it, so a second
// reader (another Forkcast, a probe while the show runs) is refused instead of
// stealing bytes. A tty opens twice without complaint, so the lock is ours to take.
// It fails when the device does not exist, cannot be opened, or is locked.
// The name is made portable first (portName: COM3 on Windows, /dev/cu.* on
// macOS) and, on a Unix, its symlinks resolved, so that a /dev/serial/by-id
// link and its target count as one port.
func openSerial(device string, baud int) (io.ReadWriteCloser, error) {
	name, err := portName(runtime.GOOS, device)
	if err != nil {
		return nil, err
	}
	real, err := resolvePort(name)
	if err != nil {
		return nil, fmt.Errorf("open modem %s: %w", device, err)
	}
	h, err := acquire(real)
	if err != nil {
		return nil, fmt.Errorf("open modem %s: %w", device, err)
	}
	lock, err := flock(real)
	if err != nil {
		release(real)
		return nil, fmt.Errorf("open modem %s: %w", device, err)
	}
	h.lock.Store(lock)
	p, err := openPort(real, baud)
	if err != nil {
		lock.Close()
		release(real)
		return nil, fmt.Errorf("open modem %s at %d baud: %w", device, baud, err)
	}
	return &lockedPort{ReadWriteCloser: p, lock: lock, path: real, h: h}, nil
}

// lockedPort releases the locks once the underlying Close has returned.
type lockedPort struct {
	io.ReadWriteCloser
	lock *os.File
	path string
	h    *holder
	once sync.Once
}

// Close closes the port (blocking while a Read is pending: see port.Close),
// then lets go of the locks.
func (l *lockedPort) Close() error {
	l.h.closing.Store(true)
	err := l.ReadWriteCloser.Close()
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
	m map[string]*holder
}{m: map[string]*holder{}}

// holder is this process's hold on a port. A Close that timed out while the
// modem was hung leaves its Read blocked, and the port held, until the modem
// sends a byte; a modem that answers again but says nothing of its own would
// keep it held for ever. So whoever waits for the port pokes the modem ("AT")
// through the holder's lock file: the answer wakes the blocked Read.
type holder struct {
	free    chan struct{}           // closed by release
	lock    atomic.Pointer[os.File] // the lock file, once taken
	closing atomic.Bool             // Close has begun: no command is running
}

// poke asks the modem to answer, without blocking (the lock file is
// non-blocking); a closed or full port just refuses it. A port still in use
// is never poked: the answer would be taken for its running command's.
func (h *holder) poke() {
	if f := h.lock.Load(); f != nil && h.closing.Load() {
		_, _ = f.Write([]byte("AT\r"))
	}
}

// acquire marks path held, waiting briefly for a previous holder to let go
// and poking the modem meanwhile (see holder). It fails with ErrPortBusy.
func acquire(path string) (*holder, error) {
	deadline := time.Now().Add(2 * time.Second)
	for {
		inUse.Lock()
		h, held := inUse.m[path]
		if !held {
			h = &holder{free: make(chan struct{})}
			inUse.m[path] = h
			inUse.Unlock()
			return h, nil
		}
		inUse.Unlock()
		wait := time.Until(deadline)
		if wait <= 0 {
			return nil, ErrPortBusy
		}
		h.poke()
		select {
		case <-h.free:
		case <-time.After(min(wait, 200*time.Millisecond)):
		}
	}
}

// release marks path free.
func release(path string) {
	inUse.Lock()
	defer inUse.Unlock()
	if h, ok := inUse.m[path]; ok {
		close(h.free)
		delete(inUse.m, path)
	}
}
