package modem

import (
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// ErrPortGone reports that the serial port went away (unplugged, or the modem
// reset its USB link): the bridge reconnects.
var ErrPortGone = errors.New("the modem's serial port went away")

// errWriteTimeout reports a write the port did not accept in time.
var errWriteTimeout = errors.New("write timed out")

// Bounds on stopping: the poke that wakes a blocked Read, then Close itself.
const (
	pokeTimeout  = 150 * time.Millisecond
	closeTimeout = 300 * time.Millisecond
	writeTimeout = 2 * time.Second
)

// port owns an io.ReadWriteCloser: one goroutine reads and frames it into
// tokens, writes are bounded by a timeout, and Close never blocks for long.
type port struct {
	rwc    io.ReadWriteCloser
	tokens chan token
	done   chan struct{}
	err    atomic.Pointer[error] // why the reader stopped
	once   sync.Once
	in     atomic.Int64 // bytes read
	out    atomic.Int64 // bytes written
}

// newPort starts the reader goroutine on rwc.
func newPort(rwc io.ReadWriteCloser) *port {
	p := &port{rwc: rwc, tokens: make(chan token, 512), done: make(chan struct{})}
	go p.read()
	return p
}

// read is the only goroutine that calls Read. EOF or any error means the port
// is gone; the tokens channel is closed then.
func (p *port) read() {
	defer close(p.tokens)
	var f framer
	buf := make([]byte, 4096)
	for {
		n, err := p.rwc.Read(buf)
		p.in.Add(int64(n))
		for _, t := range f.feed(buf[:n]) {
			select {
			case p.tokens <- t:
			case <-p.done:
				return
			}
		}
		select {
		case <-p.done:
			return
		default:
		}
		if err != nil {
			e := fmt.Errorf("%w: %v", ErrPortGone, err)
			p.err.Store(&e)
			return
		}
	}
}

// readErr returns why the reader stopped (ErrPortGone wrapped), or nil.
func (p *port) readErr() error {
	if e := p.err.Load(); e != nil {
		return *e
	}
	return ErrPortGone
}

// write sends b, failing with errWriteTimeout when the port does not take it
// in time (a wedged USB driver), which the caller treats as the port gone.
func (p *port) write(b []byte) error {
	res := make(chan error, 1)
	go func() {
		n, err := p.rwc.Write(b)
		p.out.Add(int64(n))
		res <- err
	}()
	t := time.NewTimer(writeTimeout)
	defer t.Stop()
	select {
	case err := <-res:
		if err != nil {
			return fmt.Errorf("%w: %v", ErrPortGone, err)
		}
		return nil
	case <-t.C:
		return errWriteTimeout
	case <-p.done:
		return ErrPortGone
	}
}

// Close stops the reader and closes the port within pokeTimeout+closeTimeout.
// tarm/serial's Close blocks while a Read is pending, so it first pokes the
// modem ("AT\r": its "OK" wakes the Read), then closes in a goroutine and gives
// up waiting after closeTimeout; the goroutine finishes when the Read returns.
func (p *port) Close() error {
	var err error
	p.once.Do(func() {
		close(p.done)
		poked := make(chan struct{})
		go func() {
			p.rwc.Write([]byte("AT\r"))
			close(poked)
		}()
		select {
		case <-poked:
		case <-time.After(pokeTimeout):
		}
		closed := make(chan error, 1)
		go func() { closed <- p.rwc.Close() }()
		select {
		case err = <-closed:
		case <-time.After(closeTimeout):
			err = errors.New("close modem port: timed out waiting for a blocked read")
		}
	})
	return err
}
