package at

import (
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// ErrPortGone reports that the serial port went away (unplugged, or the modem
// reset its USB link): the caller reconnects.
var ErrPortGone = errors.New("the modem's serial port went away")

// ErrWriteTimeout reports a write the port did not accept in time.
var ErrWriteTimeout = errors.New("write timed out")

// Bounds on stopping: the poke that wakes a blocked Read, then Close itself.
const (
	pokeTimeout  = 150 * time.Millisecond
	closeTimeout = 300 * time.Millisecond
	writeTimeout = 2 * time.Second
)

// Port owns an io.ReadWriteCloser (a serial port, a pseudo-terminal, a
// scripted fake): one goroutine reads and frames it into tokens, writes are
// bounded by a timeout, and Close never blocks for long. These are the
// hazards of github.com/tarm/serial on Linux, handled once: Close blocks
// while a Read is pending, and EOF or EIO means the port went away.
type Port struct {
	rwc    io.ReadWriteCloser
	tokens chan Token
	done   chan struct{}
	err    atomic.Pointer[error] // why the reader stopped
	once   sync.Once
}

// NewPort starts the reader goroutine on rwc.
func NewPort(rwc io.ReadWriteCloser) *Port {
	p := &Port{rwc: rwc, tokens: make(chan Token, 512), done: make(chan struct{})}
	go p.read()
	return p
}

// Tokens returns the lines and prompts read, in order. The channel is
// closed when the port goes away (see Err) or is closed.
func (p *Port) Tokens() <-chan Token { return p.tokens }

// read is the only goroutine that calls Read. EOF or any error means the port
// is gone; the tokens channel is closed then.
func (p *Port) read() {
	defer close(p.tokens)
	var f framer
	buf := make([]byte, 4096)
	for {
		n, err := p.rwc.Read(buf)
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

// Err returns why the reader stopped: ErrPortGone, wrapping the read error
// when there was one.
func (p *Port) Err() error {
	if e := p.err.Load(); e != nil {
		return *e
	}
	return ErrPortGone
}

// Write sends b. It fails with ErrPortGone when the port refuses it or is
// closed, and with ErrWriteTimeout when the port does not take it in time (a
// wedged USB driver), which the caller treats as the port gone too.
func (p *Port) Write(b []byte) error {
	res := make(chan error, 1)
	go func() {
		_, err := p.rwc.Write(b)
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
		return ErrWriteTimeout
	case <-p.done:
		return ErrPortGone
	}
}

// Close stops the reader and closes the port within pokeTimeout+closeTimeout.
// tarm/serial's Close blocks while a Read is pending, so it first pokes the
// modem ("AT\r": its "OK" wakes the Read), then closes in a goroutine and gives
// up waiting after closeTimeout; the goroutine finishes when the Read returns.
func (p *Port) Close() error {
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
