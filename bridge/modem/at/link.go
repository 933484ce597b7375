// Package at runs AT commands over an io.ReadWriteCloser, one at a time: it
// frames the bytes into lines, tells a command's reply from the lines the
// modem prints on its own (+CMTI, ^RSSI, RDY, ...), turns error results into
// typed errors, and notices a modem that restarts. It knows nothing of SMS:
// the bridge in package modem decides what to send and reads the replies.
package at

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"
)

// Request is one AT command.
type Request struct {
	Cmd     string        // e.g. "AT+CPMS=?"
	Prefix  string        // the info prefix this command answers with, e.g. "+CPMS:"
	Timeout time.Duration // idle timeout (restarted by every line received); 0 = the link's
	Body    string        // sent after the "> " prompt, followed by Ctrl-Z (AT+CMGS)
	// InfoEnds: a matching info line followed by silence ends the command
	// (Wavecom answers AT+CPIN? without OK).
	InfoEnds bool
	// Unsynced sends the command even while the link is out of step,
	// without resynchronising first: for recovery commands that must reach
	// a modem that answers nothing (AT+CFUN=0), whose answers do not matter.
	// The link stays out of step.
	Unsynced bool
}

// Unsolicited is a line the modem sent on its own, with the PDU line that
// follows +CMT:, +CDS: and +CBM: headers.
type Unsolicited struct {
	Line string
	Body string
}

// maxInfoLines bounds a reply (a SIM of 255 texts lists 510 lines).
const maxInfoLines = 4096

// infoEndsGrace is how long a command marked infoEnds waits for a final result
// after its info line.
const infoEndsGrace = 300 * time.Millisecond

// resyncQuiet is how long the line must stay quiet after a final result
// before a resynchronising "AT" counts its answers: an idle modem answers AT
// within milliseconds, and late answers come out in order before that OK, so
// 300 ms of silence means nothing more is queued.
const resyncQuiet = 300 * time.Millisecond

// resyncTries bounds the "AT"s sent to bring the link back in step before it
// gives up with ErrTimeout (which starts the session's recovery).
const resyncTries = 5

// Link runs one AT command at a time over a Port and routes unsolicited
// lines to a callback. It is used by one goroutine (the bridge's session),
// which also hands it, with Idle, the tokens that arrive between commands.
type Link struct {
	p       *Port
	log     *slog.Logger
	timeout time.Duration
	onUnsol func(Unsolicited)

	echoOff bool   // ATE0 took effect: an echo now means the modem reset
	echoes  int    // echoed lines seen
	reset   bool   // a boot line or an unexpected echo was seen
	bodyFor string // header of an unsolicited line whose PDU line comes next

	// outOfStep: a command was abandoned (timeout, cancel) after it was
	// sent, so its answer may still arrive; the next Exec resynchronises
	// first. abandoned is that command, to tell its late info lines from
	// unsolicited ones.
	outOfStep bool
	abandoned Request
}

// NewLink runs commands over p with the idle timeout given (the time a
// command may go without a line before it fails) and calls onUnsol, from the
// goroutine that calls Exec or Idle, for every unsolicited line.
func NewLink(p *Port, log *slog.Logger, timeout time.Duration, onUnsol func(Unsolicited)) *Link {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Link{p: p, log: log, timeout: timeout, onUnsol: onUnsol}
}

// Exec sends r and returns its info lines. It fails with an *Error for an
// error result, ErrTimeout when the modem goes quiet for the idle timeout,
// ErrReset when the modem reboots meanwhile, ErrPortGone, or ctx.Err().
// After a command was abandoned, Exec first brings the link back in step
// (see resync); when that fails it returns an error wrapping ErrTimeout.
func (l *Link) Exec(ctx context.Context, r Request) ([]string, error) {
	x := &exchange{r: r, timeout: r.Timeout, bodySent: r.Body == ""}
	if x.timeout == 0 {
		x.timeout = l.timeout
	}
	if l.outOfStep && !r.Unsynced {
		// The resync's AT gets the same patience as r: a quick probe stays quick.
		if err := l.resync(ctx, min(x.timeout, l.timeout)); err != nil {
			return nil, fmt.Errorf("%s: %w", r.Cmd, err)
		}
	}
	if err := l.p.Write([]byte(r.Cmd + "\r")); err != nil {
		return nil, fmt.Errorf("%s: %w", r.Cmd, err)
	}
	timer := time.NewTimer(x.timeout)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			l.abandon(r)
			return nil, ctx.Err()
		case <-timer.C:
			if r.InfoEnds && len(x.info) > 0 {
				// Ended by silence, not by a final result: one may still
				// come (a modem that does send OK, late), and would be
				// taken for the next command's answer.
				l.abandon(r)
				return x.info, nil
			}
			l.abandon(r)
			return x.info, fmt.Errorf("%s: %w", r.Cmd, ErrTimeout)
		case t, ok := <-l.p.tokens:
			if !ok {
				return nil, fmt.Errorf("%s: %w", r.Cmd, l.p.Err())
			}
			done, err := l.step(x, t)
			if done || err != nil {
				return x.info, err
			}
			if d := x.wait(); d > 0 {
				timer.Reset(d)
			}
		}
	}
}

// abandon records that r was sent but its answer not read to the end: the
// rest may still arrive, and would be taken for the next command's answer.
func (l *Link) abandon(r Request) {
	l.outOfStep = true
	l.abandoned = r
}

// resync brings the link back in step after an abandoned command. It sends
// "AT" and collects final results until the line is quiet for resyncQuiet. A
// modem answers in order, so late answers come before this AT's OK: exactly
// one final result, an OK, means the link is in step; more mean stale answers
// were drained, and it tries again, up to resyncTries times. Unsolicited
// lines still go to the callback. It fails with ErrTimeout (the modem stays
// silent, or never settles), ErrReset, ErrPortGone or ctx.Err().
// wait is how long each AT may take to get its first final result.
func (l *Link) resync(ctx context.Context, wait time.Duration) error {
	finals, stale := 0, 0
	for try := 1; try <= resyncTries; try++ {
		if err := l.p.Write([]byte("AT\r")); err != nil {
			return fmt.Errorf("resynchronising: %w", err)
		}
		n, ok, lines, err := l.drain(ctx, wait)
		finals += n
		stale += lines
		if err != nil {
			return fmt.Errorf("resynchronising: %w", err)
		}
		if n == 0 {
			return fmt.Errorf("resynchronising: AT: %w", ErrTimeout)
		}
		if n == 1 && ok {
			l.outOfStep = false
			// Every try but the last drained its own final result too.
			l.log.Info("modem: reply out of step, resynchronised ("+fmt.Sprint(stale+finals-try)+" stale lines)",
				"abandoned", l.abandoned.Cmd, "tries", try)
			return nil
		}
	}
	return fmt.Errorf("resynchronising: still out of step after %d tries of AT: %w", resyncTries, ErrTimeout)
}

// drain reads one resynchronising AT's answer and whatever came before it:
// it waits up to wait for a final result, then until the line is
// quiet for resyncQuiet. It returns the final results seen, whether the last
// was OK, and the other lines of replies (stale info lines).
func (l *Link) drain(ctx context.Context, wait time.Duration) (finals int, lastOK bool, lines int, err error) {
	timer := time.NewTimer(wait)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return finals, lastOK, lines, ctx.Err()
		case <-timer.C:
			return finals, lastOK, lines, nil
		case t, ok := <-l.p.tokens:
			if !ok {
				return finals, lastOK, lines, l.p.Err()
			}
			if t.Prompt {
				continue
			}
			// The abandoned command's prefix marks its late info lines
			// (+CPMS: is also unsolicited on some modems).
			switch l.classify(t.Line, &l.abandoned) {
			case lineOK:
				finals++
				lastOK = true
			case lineError:
				finals++
				lastOK = false
			case lineInfo:
				lines++
			case lineUnsol:
				if isHardBoot(t.Line) {
					return finals, lastOK, lines, ErrReset
				}
				continue // noise must not keep the wait alive
			default:
				continue
			}
			if finals > 0 {
				timer.Reset(resyncQuiet)
			} else {
				timer.Reset(wait)
			}
		}
	}
}

// exchange is the state of one command in flight.
type exchange struct {
	r        Request
	timeout  time.Duration
	info     []string
	bodySent bool
	last     int // kind of the last line
}

// step handles one token of the reply; done reports the final result.
func (l *Link) step(x *exchange, t Token) (done bool, err error) {
	if t.Prompt {
		x.last = lineEcho
		if !x.bodySent {
			x.bodySent = true
			if err := l.p.Write([]byte(x.r.Body + "\x1a")); err != nil {
				return true, fmt.Errorf("%s: %w", x.r.Cmd, err)
			}
		}
		return false, nil
	}
	x.last = l.classify(t.Line, &x.r)
	switch x.last {
	case lineOK:
		return true, nil
	case lineError:
		return true, newError(x.r.Cmd, t.Line)
	case lineInfo:
		x.info = append(x.info, t.Line)
		if len(x.info) > maxInfoLines {
			l.abandon(x.r)
			return true, fmt.Errorf("%s: more than %d lines in the reply", x.r.Cmd, maxInfoLines)
		}
	case lineUnsol:
		if isHardBoot(t.Line) {
			return true, fmt.Errorf("%s: %w", x.r.Cmd, ErrReset)
		}
	}
	return false, nil
}

// wait is the idle timeout to restart after the last line, 0 to keep the
// running one: noise (^RSSI every few seconds) must not keep a dead command alive.
func (x *exchange) wait() time.Duration {
	switch {
	case x.last == lineUnsol:
		return 0
	case x.r.InfoEnds && len(x.info) > 0:
		return infoEndsGrace
	}
	return x.timeout
}

// Idle handles a token that arrived while no command runs: an unsolicited
// line goes to the callback, anything else is logged at debug level.
func (l *Link) Idle(t Token) {
	if t.Prompt {
		return
	}
	if l.classify(t.Line, nil) == lineInfo {
		l.log.Debug("modem: unexpected line", "line", t.Line)
	}
}

// TakeReset reports (once) that the modem restarted since the last call.
func (l *Link) TakeReset() bool {
	r := l.reset
	l.reset = false
	return r
}

// ResetPending reports that the modem restarted, without taking the news.
func (l *Link) ResetPending() bool { return l.reset }

// Restart forgets what the link learnt of the modem (echo off, a restart
// seen), before a set-up that starts from scratch.
func (l *Link) Restart() { l.echoOff, l.reset = false, false }

// Echoes returns how many echoed command lines the link has seen.
func (l *Link) Echoes() int { return l.echoes }

// SetEchoOff records whether the modem's echo is off (ATE0 took effect),
// after which an echo means the modem restarted, and forgets any restart
// seen until now. A modem that ignores ATE0 keeps echoing: the caller sets
// false for it rather than take every echo for a restart.
func (l *Link) SetEchoOff(off bool) { l.echoOff, l.reset = off, false }

// Line kinds.
const (
	lineInfo = iota
	lineOK
	lineError
	lineEcho
	lineUnsol
)

// classify sorts one line and routes unsolicited ones. r is the running
// command, or nil between commands.
func (l *Link) classify(line string, r *Request) int {
	if l.bodyFor != "" {
		header := l.bodyFor
		l.bodyFor = ""
		if isHexLine(line) {
			l.onUnsol(Unsolicited{Line: header, Body: line})
			return lineUnsol
		}
		l.onUnsol(Unsolicited{Line: header})
	}
	if isEcho(line) {
		l.echoes++
		if l.echoOff {
			l.reset = true // echo is on again: the modem restarted
		}
		return lineEcho
	}
	switch final := finalKind(line); final {
	case lineOK, lineError:
		if r == nil {
			return lineEcho // a stray final result (the answer to a poke)
		}
		return final
	}
	if r != nil && r.Prefix != "" && strings.HasPrefix(line, r.Prefix) {
		return lineInfo
	}
	if IsUnsolicited(line) {
		if HasBody(line) {
			l.bodyFor = line
		} else {
			if isBootLine(line) {
				l.reset = true
			}
			l.onUnsol(Unsolicited{Line: line})
		}
		return lineUnsol
	}
	return lineInfo
}

// isEcho reports a command echoed back: no modem reply starts with "AT".
func isEcho(line string) bool {
	return len(line) >= 2 && strings.EqualFold(line[:2], "AT")
}

// finalKind tells OK and the error finals from everything else.
func finalKind(line string) int {
	switch {
	case line == "OK":
		return lineOK
	case line == "ERROR", strings.HasPrefix(line, "+CME ERROR"), strings.HasPrefix(line, "+CMS ERROR"),
		line == "COMMAND NOT SUPPORT", line == "TOO MANY PARAMETERS", line == "NO CARRIER":
		return lineError
	}
	return lineInfo
}

// unsolicitedPrefixes are the lines modems print on their own.
var unsolicitedPrefixes = []string{
	"+CMTI:", "+CMT:", "+CDSI:", "+CDS:", "+CBM:", "+CBMI:", "+CREG:", "+CGREG:", "+CEREG:",
	"+CPIN:", "+CFUN:", "+CUSD:", "+CIEV:", "+CRING:", "+CLIP:", "+CTZV:", "+CTZE:", "+QIND:",
	"+QUSIM:", "+CSQN:", "+PSUTTZ:", "*PSUTTZ:", "+CPMS:", "^RSSI:", "^BOOT:", "^MODE:", "^SIMST:",
	"^SRVST:", "^DSFLOWRPT:", "^HCSQ:", "^SMMEMFULL", "^STIN:", "^SYSSTART", "^SHUTDOWN",
	"^NWTIME:", "^CEND:", "^ORIG:", "^CONF:", "^CONN:", "^RFSWITCH:", "^ECCLIST:", "^CPIN:",
	"RDY", "Call Ready", "SMS Ready", "SMS DONE", "PB DONE", "RING", "NORMAL POWER DOWN",
	"UNDER-VOLTAGE", "OVER-VOLTAGE", "DST:", "+STIN:", "+WIND:",
}

// IsUnsolicited reports whether line is one of the modem's own notifications.
func IsUnsolicited(line string) bool {
	for _, p := range unsolicitedPrefixes {
		if strings.HasPrefix(line, p) {
			return true
		}
	}
	return false
}

// HasBody reports an unsolicited header followed by a PDU line.
func HasBody(line string) bool {
	return strings.HasPrefix(line, "+CMT:") || strings.HasPrefix(line, "+CDS:") || strings.HasPrefix(line, "+CBM:")
}

// isBootLine reports the lines a modem prints when it (re)starts.
func isBootLine(line string) bool {
	switch line {
	case "RDY", "^SYSSTART", "SMS Ready", "Call Ready":
		return true
	}
	return false
}

// isHardBoot reports the lines printed at power-on, after which a running
// command will never be answered.
func isHardBoot(line string) bool {
	return line == "RDY" || line == "^SYSSTART"
}

// isHexLine reports a line made only of hex digits (a PDU).
func isHexLine(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}
