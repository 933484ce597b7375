package modem

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"
)

// request is one AT command.
type request struct {
	cmd     string        // e.g. "AT+CPMS=?"
	prefix  string        // the info prefix this command answers with, e.g. "+CPMS:"
	timeout time.Duration // idle timeout (restarted by every line received); 0 = the link's
	body    string        // sent after the "> " prompt, followed by Ctrl-Z (AT+CMGS)
	// infoEnds: a matching info line followed by silence ends the command
	// (Wavecom answers AT+CPIN? without OK).
	infoEnds bool
}

// unsolicited is a line the modem sent on its own, with the PDU line that
// follows +CMT:, +CDS: and +CBM: headers.
type unsolicited struct {
	line string
	body string
}

// maxInfoLines bounds a reply (a SIM of 255 texts lists 510 lines).
const maxInfoLines = 4096

// infoEndsGrace is how long a command marked infoEnds waits for a final result
// after its info line.
const infoEndsGrace = 300 * time.Millisecond

// link runs one AT command at a time over a port and routes unsolicited lines
// to onUnsol. It is used by one goroutine (the session), which also calls idle
// for the tokens that arrive between commands.
type link struct {
	p       *port
	log     *slog.Logger
	timeout time.Duration
	onUnsol func(unsolicited)

	echoOff bool   // ATE0 took effect: an echo now means the modem reset
	echoes  int    // echoed lines seen
	reset   bool   // a boot line or an unexpected echo was seen
	bodyFor string // header of an unsolicited line whose PDU line comes next
}

// exec sends r and returns its info lines. It fails with an *ATError for an
// error result, ErrTimeout when the modem goes quiet for the idle timeout,
// errModemReset when the modem reboots meanwhile, ErrPortGone, or ctx.Err().
func (l *link) exec(ctx context.Context, r request) ([]string, error) {
	if err := l.p.write([]byte(r.cmd + "\r")); err != nil {
		return nil, fmt.Errorf("%s: %w", r.cmd, err)
	}
	x := &exchange{r: r, timeout: r.timeout, bodySent: r.body == ""}
	if x.timeout == 0 {
		x.timeout = l.timeout
	}
	timer := time.NewTimer(x.timeout)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-timer.C:
			if r.infoEnds && len(x.info) > 0 {
				return x.info, nil
			}
			return x.info, fmt.Errorf("%s: %w", r.cmd, ErrTimeout)
		case t, ok := <-l.p.tokens:
			if !ok {
				return nil, fmt.Errorf("%s: %w", r.cmd, l.p.readErr())
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

// exchange is the state of one command in flight.
type exchange struct {
	r        request
	timeout  time.Duration
	info     []string
	bodySent bool
	last     int // kind of the last line
}

// step handles one token of the reply; done reports the final result.
func (l *link) step(x *exchange, t token) (done bool, err error) {
	if t.prompt {
		x.last = lineEcho
		if !x.bodySent {
			x.bodySent = true
			if err := l.p.write([]byte(x.r.body + "\x1a")); err != nil {
				return true, fmt.Errorf("%s: %w", x.r.cmd, err)
			}
		}
		return false, nil
	}
	x.last = l.classify(t.line, &x.r)
	switch x.last {
	case lineOK:
		return true, nil
	case lineError:
		return true, newATError(x.r.cmd, t.line)
	case lineInfo:
		x.info = append(x.info, t.line)
		if len(x.info) > maxInfoLines {
			return true, fmt.Errorf("%s: more than %d lines in the reply", x.r.cmd, maxInfoLines)
		}
	case lineUnsol:
		if isHardBoot(t.line) {
			return true, fmt.Errorf("%s: %w", x.r.cmd, errModemReset)
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
	case x.r.infoEnds && len(x.info) > 0:
		return infoEndsGrace
	}
	return x.timeout
}

// idle handles a token that arrived while no command runs.
func (l *link) idle(t token) {
	if t.prompt {
		return
	}
	if l.classify(t.line, nil) == lineInfo {
		l.log.Debug("modem: unexpected line", "line", t.line)
	}
}

// takeReset reports (once) that the modem restarted since the last call.
func (l *link) takeReset() bool {
	r := l.reset
	l.reset = false
	return r
}

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
func (l *link) classify(line string, r *request) int {
	if l.bodyFor != "" {
		header := l.bodyFor
		l.bodyFor = ""
		if isHexLine(line) {
			l.onUnsol(unsolicited{line: header, body: line})
			return lineUnsol
		}
		l.onUnsol(unsolicited{line: header})
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
	if r != nil && r.prefix != "" && strings.HasPrefix(line, r.prefix) {
		return lineInfo
	}
	if isUnsolicited(line) {
		if hasBody(line) {
			l.bodyFor = line
		} else {
			if isBootLine(line) {
				l.reset = true
			}
			l.onUnsol(unsolicited{line: line})
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

// isUnsolicited reports whether line is one of the modem's own notifications.
func isUnsolicited(line string) bool {
	for _, p := range unsolicitedPrefixes {
		if strings.HasPrefix(line, p) {
			return true
		}
	}
	return false
}

// hasBody reports an unsolicited header followed by a PDU line.
func hasBody(line string) bool {
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
