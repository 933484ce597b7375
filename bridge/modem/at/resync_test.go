package at

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"forkcast/app/testkit"
	"forkcast/bridge/modem/modemtest"
)

// laggard is a scripted modem that answers one command late: it holds that
// answer back and prints it just before the answer to whatever it is sent
// next, in order, as a real modem busy registering or reading a slow SIM does.
type laggard struct {
	mu      sync.Mutex
	slow    string            // the command answered late
	late    string            // its answer
	pending string            // the late answer not yet printed
	mute    bool              // after the slow command, answer nothing at all
	answers map[string]string // every other command's answer
}

func (g *laggard) reply(cmd string) string {
	g.mu.Lock()
	defer g.mu.Unlock()
	if cmd == g.slow {
		g.pending = g.late
		return ""
	}
	if g.mute {
		return ""
	}
	out := g.pending + g.answers[cmd]
	g.pending = ""
	return out
}

func lagAnswers() map[string]string {
	return map[string]string{
		"AT":     "\r\nOK\r\n",
		"AT+CSQ": "\r\n+CSQ: 14,99\r\n\r\nOK\r\n",
	}
}

// TestLinkResyncAfterLateAnswer: a command times out, its answer arrives
// late, and the next commands still get their own answers. Before the link
// resynchronised, AT+CSQ took the late answer for its own (no +CSQ line, or
// the late error) and every later command was off by one.
func TestLinkResyncAfterLateAnswer(t *testing.T) {
	const pdu = "07911326040000F0040B911346610089F60000208062917314080CC8329BFD065DDF72363904"
	cases := []struct {
		name      string
		slow      Request
		late      string
		wantUnsol []Unsolicited
		wantStale string // the number in the log line
	}{
		{"late OK", Request{Cmd: "AT+CNMI=2,1,0,0,0"}, "\r\nOK\r\n", nil, "(1 stale lines)"},
		{"late ERROR", Request{Cmd: "AT+CMGD=3"}, "\r\n+CMS ERROR: 321\r\n", nil, "(1 stale lines)"},
		{"late info and OK", Request{Cmd: "AT+CPMS?", Prefix: "+CPMS:"},
			"\r\n+CPMS: \"SM\",3,30,\"SM\",3,30,\"SM\",3,30\r\n\r\nOK\r\n", nil, "(2 stale lines)"},
		{"+CMTI during resync delivered once", Request{Cmd: "AT+CMGD=4"},
			"\r\nOK\r\n\r\n+CMTI: \"SM\",5\r\n", []Unsolicited{{Line: `+CMTI: "SM",5`}}, "(1 stale lines)"},
		{"+CMT during resync keeps its PDU", Request{Cmd: "AT+CMGD=5"},
			"\r\n+CMT: ,23\r\n" + pdu + "\r\n\r\nOK\r\n", []Unsolicited{{Line: "+CMT: ,23", Body: pdu}}, "(1 stale lines)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := &laggard{slow: c.slow.Cmd, late: c.late, answers: lagAnswers()}
			s := modemtest.NewScripted(g.reply)
			var log bytes.Buffer // written only by the goroutine calling Exec
			l, unsol := newLoggedLink(t, s, &log)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()

			c.slow.Timeout = 50 * time.Millisecond
			if _, err := l.Exec(ctx, c.slow); !errors.Is(err, ErrTimeout) {
				t.Fatalf("%s: err=%v, want ErrTimeout (the modem holds its answer)", c.slow.Cmd, err)
			}
			for i := range 3 {
				lines, err := l.Exec(ctx, Request{Cmd: "AT+CSQ", Prefix: "+CSQ:"})
				if err != nil || !reflect.DeepEqual(lines, []string{"+CSQ: 14,99"}) {
					t.Fatalf("AT+CSQ #%d after the late answer: lines=%q err=%v, want its own answer [+CSQ: 14,99]", i+1, lines, err)
				}
			}
			if !reflect.DeepEqual(*unsol, c.wantUnsol) {
				t.Errorf("unsolicited=%+v, want %+v", *unsol, c.wantUnsol)
			}
			// The late answer came with the first AT, whose OK made two finals:
			// a second AT found the link in step.
			want := []string{c.slow.Cmd, "AT", "AT", "AT+CSQ", "AT+CSQ", "AT+CSQ"}
			if got := s.Commands(); !reflect.DeepEqual(got, want) {
				t.Errorf("wrote %q, want %q", got, want)
			}
			if !strings.Contains(log.String(), "modem: reply out of step, resynchronised "+c.wantStale) {
				t.Errorf("log=%q, want the resync logged with %s", log.String(), c.wantStale)
			}
		})
	}
}

// TestLinkResyncAfterCancel: a command abandoned by its context (after it
// was sent) leaves the link out of step too.
func TestLinkResyncAfterCancel(t *testing.T) {
	g := &laggard{slow: "AT+COPS?", late: "\r\n+COPS: 0,0,\"Orange F\"\r\n\r\nOK\r\n", answers: lagAnswers()}
	s := modemtest.NewScripted(g.reply)
	l, unsol := newTestLink(t, s)
	short, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := l.Exec(short, Request{Cmd: "AT+COPS?", Prefix: "+COPS:", Timeout: 10 * time.Second}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err=%v, want the context's deadline", err)
	}
	ctx, cancel2 := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel2()
	lines, err := l.Exec(ctx, Request{Cmd: "AT+CSQ", Prefix: "+CSQ:"})
	if err != nil || !reflect.DeepEqual(lines, []string{"+CSQ: 14,99"}) {
		t.Fatalf("AT+CSQ after a cancelled AT+COPS?: lines=%q err=%v, want [+CSQ: 14,99]", lines, err)
	}
	if len(*unsol) != 0 {
		t.Errorf("unsolicited=%+v, want none (the late +COPS: line is stale, not news)", *unsol)
	}
}

// TestLinkResyncSilentModem: a modem that never answers the resynchronising
// AT gives ErrTimeout (the session's recovery then runs), within the link's
// idle timeout, not a hang.
func TestLinkResyncSilentModem(t *testing.T) {
	g := &laggard{slow: "AT+CMGL=4", mute: true, answers: lagAnswers()}
	s := modemtest.NewScripted(g.reply)
	l, _ := newTestLink(t, s)
	// The resync's AT waits no longer than the command it precedes: AT+CSQ's
	// own 200 ms (the link's idle timeout is testkit.Patience, longer than
	// any deadline a test could set for itself).
	ctx, cancel := context.WithTimeout(context.Background(), testkit.Patience)
	defer cancel()
	if _, err := l.Exec(ctx, Request{Cmd: "AT+CMGL=4", Timeout: 50 * time.Millisecond}); !errors.Is(err, ErrTimeout) {
		t.Fatalf("err=%v, want ErrTimeout", err)
	}
	_, err := l.Exec(ctx, Request{Cmd: "AT+CSQ", Prefix: "+CSQ:", Timeout: 200 * time.Millisecond})
	if !errors.Is(err, ErrTimeout) || !strings.Contains(err.Error(), "resynchronising") || ctx.Err() != nil {
		t.Fatalf("err=%v (ctx %v), want a resync ErrTimeout before the test's deadline", err, ctx.Err())
	}
	if got, want := s.Commands(), []string{"AT+CMGL=4", "AT"}; !reflect.DeepEqual(got, want) {
		t.Errorf("wrote %q, want %q (AT+CSQ is not sent on a link out of step)", got, want)
	}
}

// TestLinkResyncNeverSettles: a modem that answers every AT with two finals
// never looks in step; the link gives up after resyncTries ATs.
func TestLinkResyncNeverSettles(t *testing.T) {
	g := &laggard{slow: "AT+CMGL=4", answers: map[string]string{"AT": "\r\nOK\r\n\r\nOK\r\n"}}
	s := modemtest.NewScripted(g.reply)
	l, _ := newTestLink(t, s)
	// The resync's AT waits no longer than the command it precedes: AT+CSQ's
	// own 200 ms (the link's idle timeout is testkit.Patience, longer than
	// any deadline a test could set for itself).
	ctx, cancel := context.WithTimeout(context.Background(), testkit.Patience)
	defer cancel()
	if _, err := l.Exec(ctx, Request{Cmd: "AT+CMGL=4", Timeout: 50 * time.Millisecond}); !errors.Is(err, ErrTimeout) {
		t.Fatalf("err=%v, want ErrTimeout", err)
	}
	_, err := l.Exec(ctx, Request{Cmd: "AT+CSQ", Prefix: "+CSQ:", Timeout: 200 * time.Millisecond})
	if !errors.Is(err, ErrTimeout) || !strings.Contains(err.Error(), "still out of step") {
		t.Fatalf("err=%v, want ErrTimeout: still out of step", err)
	}
	got := s.Commands()
	if len(got) != 1+resyncTries || got[len(got)-1] != "AT" {
		t.Errorf("wrote %q, want the command then %d ATs", got, resyncTries)
	}
}

// newLoggedLink is newTestLink with the link's log written to w.
func newLoggedLink(t *testing.T, s *modemtest.Scripted, w *bytes.Buffer) (*Link, *[]Unsolicited) {
	t.Helper()
	var got []Unsolicited
	p := NewPort(s)
	t.Cleanup(func() { p.Close() })
	log := slog.New(slog.NewTextHandler(w, nil))
	l := NewLink(p, log, 500*time.Millisecond, func(u Unsolicited) { got = append(got, u) })
	return l, &got
}

// TestLinkUnsyncedSkipsResync: a recovery command marked Unsynced is written
// at once on a link out of step, which stays out of step: the next command
// resynchronises first and gets its own answer.
func TestLinkUnsyncedSkipsResync(t *testing.T) {
	answers := lagAnswers()
	answers["AT+CFUN=0"] = "\r\nOK\r\n"
	g := &laggard{slow: "AT+CMGL=4", late: "\r\nOK\r\n", answers: answers}
	s := modemtest.NewScripted(g.reply)
	l, _ := newTestLink(t, s)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := l.Exec(ctx, Request{Cmd: "AT+CMGL=4", Timeout: 50 * time.Millisecond}); !errors.Is(err, ErrTimeout) {
		t.Fatalf("err=%v, want ErrTimeout", err)
	}
	// The late OK is taken for AT+CFUN=0's: that is the price of Unsynced.
	if _, err := l.Exec(ctx, Request{Cmd: "AT+CFUN=0", Unsynced: true}); err != nil {
		t.Fatalf("AT+CFUN=0: %v", err)
	}
	lines, err := l.Exec(ctx, Request{Cmd: "AT+CSQ", Prefix: "+CSQ:"})
	if err != nil || !reflect.DeepEqual(lines, []string{"+CSQ: 14,99"}) {
		t.Fatalf("AT+CSQ: lines=%q err=%v, want [+CSQ: 14,99]", lines, err)
	}
	// AT+CFUN=0's own OK was drained by the first AT (two finals), the second AT found the link in step.
	want := []string{"AT+CMGL=4", "AT+CFUN=0", "AT", "AT", "AT+CSQ"}
	if got := s.Commands(); !reflect.DeepEqual(got, want) {
		t.Errorf("wrote %q, want %q", got, want)
	}
}
