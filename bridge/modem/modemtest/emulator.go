// Package modemtest is a fake GSM modem for tests: it answers AT commands on
// the master side of a pseudo-terminal, so the code under test opens the slave
// with its real serial port code. Profiles reproduce real models' quirks, and
// faults (lost notifications, a full SIM, failed deletes, resets, unplugging)
// can be injected while a test runs.
package modemtest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/creack/pty"
)

// Option configures an Emulator.
type Option func(*options)

type options struct {
	baud  int
	byID  string
	pin   string
	noSIM bool
	logf  func(format string, args ...any)
}

// WithBaud paces the emulator's bytes, both ways, at baud (10 bits a byte);
// 0, the default, sends as fast as the pseudo-terminal goes.
func WithBaud(baud int) Option { return func(o *options) { o.baud = baud } }

// WithByID keeps a symlink to the current device in dir, named like a
// /dev/serial/by-id entry; Start then returns the link, which follows Replug.
func WithByID(dir string) Option { return func(o *options) { o.byID = dir } }

// WithPIN makes the SIM ask for pin after every power-up.
func WithPIN(pin string) Option { return func(o *options) { o.pin = pin } }

// WithoutSIM emulates a modem with no SIM card.
func WithoutSIM() Option { return func(o *options) { o.noSIM = true } }

// WithLogf logs every command and fault with logf (t.Logf).
func WithLogf(logf func(format string, args ...any)) Option {
	return func(o *options) { o.logf = logf }
}

// Emulator is a fake modem on a pseudo-terminal. Its methods are safe for
// concurrent use.
type Emulator struct {
	p    Profile
	opts options

	mu     sync.Mutex // guards the fields below
	master *os.File
	slave  *os.File
	path   string
	gen    int // plug generation: goroutines of an older one stop
	closed bool
	st     state
	sim    simStore
	fault  faults
	cmds   []string
	boots  int // power-ups so far (state.bootID)

	wmu     sync.Mutex // one writer at a time, whole chunks
	outNext time.Time
	in, out atomic.Int64
	wg      sync.WaitGroup
}

// New starts an emulator of p on a new pseudo-terminal. It fails when no
// pseudo-terminal can be opened or the by-id link cannot be made.
func New(p Profile, opts ...Option) (*Emulator, error) {
	e := &Emulator{p: p, sim: newSIMStore(p)}
	for _, o := range opts {
		o(&e.opts)
	}
	if e.opts.byID != "" {
		if err := os.MkdirAll(e.opts.byID, 0o755); err != nil {
			return nil, fmt.Errorf("modemtest: %w", err)
		}
	}
	if _, err := e.plug(); err != nil {
		return nil, err
	}
	return e, nil
}

// Start is New for tests: it fails t when the emulator cannot start, closes
// it when the test ends, and returns the device to open (the by-id link when
// WithByID is given, else the pseudo-terminal's slave path).
func Start(t testing.TB, p Profile, opts ...Option) (*Emulator, string) {
	t.Helper()
	e, err := New(p, opts...)
	if err != nil {
		t.Fatalf("modemtest.Start: %v", err)
	}
	t.Cleanup(func() { e.Close() })
	return e, e.Device()
}

// Device returns the by-id link when there is one, else the current slave path.
func (e *Emulator) Device() string {
	if e.opts.byID != "" {
		return e.Link()
	}
	return e.Path()
}

// Path returns the current slave path (/dev/pts/N); it changes on Replug.
func (e *Emulator) Path() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.path
}

// Link returns the by-id symlink path, or "" without WithByID.
func (e *Emulator) Link() string {
	if e.opts.byID == "" {
		return ""
	}
	name := strings.NewReplacer(" ", "_", "/", "_").Replace("usb-" + e.p.Manufacturer + "_" + e.p.Model)
	return filepath.Join(e.opts.byID, name+"_"+e.p.IMEI+"-if00-port0")
}

// plug opens a fresh pseudo-terminal, powers the modem up on it and starts
// its goroutines. It returns the new slave path.
func (e *Emulator) plug() (string, error) {
	m, s, err := e.openPTY()
	if err != nil {
		return "", err
	}
	if err := makeRaw(s); err != nil {
		m.Close()
		s.Close()
		return "", fmt.Errorf("modemtest: raw mode: %w", err)
	}
	e.mu.Lock()
	e.gen++
	gen := e.gen
	e.master, e.slave, e.path = m, s, s.Name()
	e.st = e.freshState()
	e.mu.Unlock()
	if link := e.Link(); link != "" {
		tmp := link + ".tmp"
		os.Remove(tmp)
		if err := os.Symlink(s.Name(), tmp); err != nil {
			return "", fmt.Errorf("modemtest: by-id link: %w", err)
		}
		if err := os.Rename(tmp, link); err != nil {
			return "", fmt.Errorf("modemtest: by-id link: %w", err)
		}
	}
	e.wg.Add(2)
	go e.serve(gen, m)
	go e.background(gen)
	e.logf("plugged in on %s", s.Name())
	return s.Name(), nil
}

// openPTY opens a pseudo-terminal whose name differs from the previous one,
// as a replugged USB modem comes back as ttyUSB1 (the kernel would hand the
// freed number straight back).
func (e *Emulator) openPTY() (*os.File, *os.File, error) {
	e.mu.Lock()
	last := e.path
	e.mu.Unlock()
	var spare []*os.File
	defer func() {
		for _, f := range spare {
			f.Close()
		}
	}()
	for i := 0; i < 4; i++ {
		m, s, err := pty.Open()
		if err != nil {
			return nil, nil, fmt.Errorf("modemtest: open pseudo-terminal: %w", err)
		}
		if s.Name() != last {
			pm, err := pollable(m)
			if err != nil {
				s.Close()
				return nil, nil, err
			}
			return pm, s, nil
		}
		spare = append(spare, m, s)
	}
	return nil, nil, fmt.Errorf("modemtest: no fresh pseudo-terminal name")
}

// Unplug hangs up: the pseudo-terminal disappears, so the host's reads fail
// as they do when a USB modem is pulled out.
func (e *Emulator) Unplug() {
	e.mu.Lock()
	e.gen++
	m, s := e.master, e.slave
	e.master, e.slave = nil, nil
	e.mu.Unlock()
	if m != nil {
		m.Close()
		s.Close()
	}
	if link := e.Link(); link != "" {
		os.Remove(link)
	}
	e.logf("unplugged")
}

// Replug plugs the modem back in on a new pseudo-terminal (a new name, as
// ttyUSB0 coming back as ttyUSB1), updates the by-id link, and returns the
// new slave path. The SIM keeps its texts; settings are lost as at power-up.
func (e *Emulator) Replug() (string, error) {
	e.Unplug()
	return e.plug()
}

// Close unplugs the modem for good and waits for its goroutines.
func (e *Emulator) Close() error {
	e.mu.Lock()
	already := e.closed
	e.closed = true
	e.mu.Unlock()
	if already {
		return nil
	}
	e.Unplug()
	e.wg.Wait()
	return nil
}

// Counters returns the bytes the host wrote to the modem and read from it.
func (e *Emulator) Counters() (toModem, fromModem int64) {
	return e.in.Load(), e.out.Load()
}

// Commands returns the commands received so far.
func (e *Emulator) Commands() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.cmds...)
}

func (e *Emulator) logf(format string, args ...any) {
	if e.opts.logf != nil {
		e.opts.logf("modemtest %s: "+format, append([]any{e.p.Name}, args...)...)
	}
}

// write sends s to the host, paced at the baud rate, unless gen is stale.
func (e *Emulator) write(gen int, s string) {
	e.wmu.Lock()
	defer e.wmu.Unlock()
	e.mu.Lock()
	m, cur := e.master, e.gen
	e.mu.Unlock()
	if m == nil || cur != gen {
		return
	}
	b := []byte(s)
	e.idle(&e.outNext)
	for len(b) > 0 {
		n := min(len(b), 64)
		e.pace(&e.outNext, n)
		if _, err := m.Write(b[:n]); err != nil {
			return
		}
		e.out.Add(int64(n))
		b = b[n:]
	}
}

// idle moves the wire clock *next up to now when the line has been quiet, so
// a new transmission starts now; within one transmission the clock runs on
// from the last byte, so a late wake-up from Sleep is not added to every chunk.
func (e *Emulator) idle(next *time.Time) {
	if now := time.Now(); next.Before(now) {
		*next = now
	}
}

// pace advances the wire clock by n bytes and sleeps until they have crossed.
func (e *Emulator) pace(next *time.Time, n int) {
	if e.opts.baud <= 0 {
		return
	}
	*next = next.Add(time.Duration(n) * time.Second * 10 / time.Duration(e.opts.baud))
	time.Sleep(time.Until(*next))
}

// urc sends unsolicited lines.
func (e *Emulator) urc(gen int, lines ...string) {
	for _, l := range lines {
		e.write(gen, "\r\n"+l+"\r\n")
	}
}
