package modemtest

import (
	"io"
	"sync"
)

// Scripted is a fake modem on an io.ReadWriteCloser, for tests of the AT
// link without a pseudo-terminal: every command written (ended by \r or
// Ctrl-Z) is answered with reply(cmd), written back whole.
type Scripted struct {
	reply func(cmd string) string

	mu   sync.Mutex
	buf  []byte
	cmds []string
	r    *io.PipeReader
	w    *io.PipeWriter
	outq chan string
	done chan struct{}
	once sync.Once
}

// NewScripted returns a fake answering each command with reply(cmd); an
// empty answer sends nothing.
func NewScripted(reply func(cmd string) string) *Scripted {
	r, w := io.Pipe()
	s := &Scripted{reply: reply, r: r, w: w, outq: make(chan string, 64), done: make(chan struct{})}
	go func() {
		for {
			select {
			case out := <-s.outq:
				if _, err := io.WriteString(s.w, out); err != nil {
					return
				}
			case <-s.done:
				return
			}
		}
	}()
	return s
}

// Read returns the answers written so far; it fails with io.EOF after Close.
func (s *Scripted) Read(b []byte) (int, error) { return s.r.Read(b) }

// Write takes commands; it never fails.
func (s *Scripted) Write(b []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range b {
		if c != '\r' && c != 0x1a {
			s.buf = append(s.buf, c)
			continue
		}
		cmd := string(s.buf)
		s.buf = s.buf[:0]
		s.cmds = append(s.cmds, cmd)
		if out := s.reply(cmd); out != "" {
			select {
			case s.outq <- out:
			case <-s.done:
			}
		}
	}
	return len(b), nil
}

// Close ends the fake: a pending Read returns io.EOF. It never fails.
func (s *Scripted) Close() error {
	s.once.Do(func() {
		close(s.done)
		s.w.CloseWithError(io.EOF)
	})
	return nil
}

// Commands returns every command written, in order.
func (s *Scripted) Commands() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.cmds...)
}
