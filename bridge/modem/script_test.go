package modem

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// scripted is a fake modem on an io.ReadWriteCloser: every command written
// (ended by \r or Ctrl-Z) is answered with reply(cmd), written back whole.
type scripted struct {
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

func newScripted(reply func(cmd string) string) *scripted {
	r, w := io.Pipe()
	s := &scripted{reply: reply, r: r, w: w, outq: make(chan string, 64), done: make(chan struct{})}
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

func (s *scripted) Read(b []byte) (int, error) { return s.r.Read(b) }

func (s *scripted) Write(b []byte) (int, error) {
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

func (s *scripted) Close() error {
	s.once.Do(func() {
		close(s.done)
		s.w.CloseWithError(io.EOF)
	})
	return nil
}

func (s *scripted) commands() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.cmds...)
}

// newTestLink wires a link to s; unsolicited lines land in the returned slice.
func newTestLink(t *testing.T, s *scripted) (*link, *[]unsolicited) {
	t.Helper()
	var got []unsolicited
	p := newPort(s)
	t.Cleanup(func() { p.Close() })
	l := &link{p: p, log: slog.New(slog.DiscardHandler), timeout: 500 * time.Millisecond,
		onUnsol: func(u unsolicited) { got = append(got, u) }}
	return l, &got
}

// execLines runs one command on a link over a scripted reply.
func execLines(t *testing.T, reply string, r request) ([]string, error) {
	t.Helper()
	s := newScripted(func(string) string { return reply })
	l, _ := newTestLink(t, s)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	return l.exec(ctx, r)
}

// dumpCommand returns the first line of a Gammu dump (the command).
func dumpCommand(dump string) string {
	line, _, _ := strings.Cut(dump, "\n")
	return strings.TrimSpace(line)
}
