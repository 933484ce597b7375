package modemtest

import (
	"os"
	"strings"
	"time"
)

// state is what the modem forgets when it powers off or resets.
type state struct {
	echo       bool
	text       bool // AT+CMGF=1: text mode (where a reset leaves it)
	cnmi       [5]int
	csms       int
	quiet      bool // AT^CURC=0
	mem        [3]string
	sim        string // "READY", "SIM PIN", "SIM PUK", "NONE"
	busyTill   time.Time
	radio      bool
	boot       []string  // boot lines still to print
	smsReadyAt time.Time // zero once "SMS Ready" is printed
	// booting: the power-on line ("RDY", "^SYSSTART") is not on the wire
	// yet, and until it is the modem answers nothing (see command).
	booting bool
	bootID  int  // tells this power-up from the next (see background)
	prompt  bool // AT+CMGS is waiting for its PDU
}

// freshState is the state after power-up. Called with e.mu held.
func (e *Emulator) freshState() state {
	now := time.Now()
	e.boots++
	s := state{echo: true, text: true, mem: [3]string{"SM", "SM", "SM"}, radio: true,
		boot: append([]string(nil), e.p.BootLines...), sim: "READY", bootID: e.boots}
	for _, l := range s.boot {
		s.booting = s.booting || powerOnLine(l)
	}
	if e.p.SMSReadyAfter > 0 {
		s.smsReadyAt = now.Add(e.p.SMSReadyAfter)
	}
	switch {
	case e.opts.noSIM:
		s.sim = "NONE"
	case e.sim.puk:
		s.sim = "SIM PUK"
	case e.opts.pin != "":
		s.sim = "SIM PIN"
	}
	// A real modem's boot line tells the SIM's state ("+CPIN: SIM PIN" when
	// it wants one): a profile's "+CPIN: READY" says so only for a ready SIM.
	// Printed while an AT+CPIN? is waiting, a "READY" line would answer it
	// for a SIM that asks for a PIN (seen under load in TestModemProbe).
	boot := s.boot[:0]
	for _, l := range s.boot {
		switch {
		case !strings.HasPrefix(l, "+CPIN:"):
		case s.sim == "NONE":
			continue // no SIM, no SIM line
		default:
			l = "+CPIN: " + s.sim
		}
		boot = append(boot, l)
	}
	s.boot = boot
	return s
}

// serve reads what the host writes, paced like a UART, and runs each command.
func (e *Emulator) serve(gen int, m *os.File) {
	defer e.wg.Done()
	buf := make([]byte, 512)
	var line []byte
	var next time.Time
	for {
		n, err := m.Read(buf)
		if err != nil {
			return
		}
		e.in.Add(int64(n))
		e.idle(&next)
		e.pace(&next, n)
		for _, c := range buf[:n] {
			line = e.byteIn(gen, line, c)
		}
	}
}

// byteIn handles one byte from the host: command lines end with \r, the PDU
// after the "> " prompt ends with Ctrl-Z, ESC cancels either.
func (e *Emulator) byteIn(gen int, line []byte, c byte) []byte {
	e.mu.Lock()
	prompt := e.st.prompt
	if c == 0x1b {
		e.st.prompt = false
	}
	e.mu.Unlock()
	switch {
	case c == 0x1b:
		return line[:0]
	case prompt && c == 0x1a:
		e.sendPDU(gen, string(line))
		return line[:0]
	case prompt && (c == '\r' || c == '\n'):
		return line
	case c == '\r':
		e.command(gen, string(line))
		return line[:0]
	case c == '\n' || c == 0x1a:
		return line
	}
	return append(line, c)
}

// reply is the answer to one command.
type reply struct {
	lines  []string
	final  string // "" = none (Wavecom's +CPIN?, or a prompt)
	prompt bool
	then   func() // runs after the answer is written
}

// command runs one command line and writes its answer.
func (e *Emulator) command(gen int, raw string) {
	cmd := strings.TrimSpace(raw)
	if len(cmd) < 2 || !strings.EqualFold(cmd[:2], "AT") {
		return
	}
	e.mu.Lock()
	if e.st.booting {
		// A real modem ignores what it is sent before it prints its power-on
		// line: it cannot answer a command after announcing the restart that
		// lost it (the host then pairs that late answer with its next command).
		e.mu.Unlock()
		e.logf("<- %s (ignored: still starting up)", cmd)
		return
	}
	e.cmds = append(e.cmds, cmd)
	echo, hang := e.st.echo, e.fault.hang
	reset := e.fault.resetOn != "" && strings.HasPrefix(strings.ToUpper(cmd), strings.ToUpper(e.fault.resetOn))
	if reset {
		e.fault.resetOn = ""
	}
	var r reply
	held := ""
	if !hang && !reset {
		r = e.exec(strings.ToUpper(cmd[2:]))
		held, e.fault.heldFinal = e.fault.heldFinal, ""
		if e.fault.lateFinal != "" && strings.HasPrefix(strings.ToUpper(cmd), strings.ToUpper(e.fault.lateFinal)) {
			e.fault.lateFinal, e.fault.heldFinal, r.final = "", r.final, ""
		}
	}
	e.mu.Unlock()
	e.logf("<- %s", cmd)
	if hang {
		return
	}
	if reset {
		e.logf("reset while running %s", cmd)
		e.reset(gen)
		return
	}
	var out strings.Builder
	if held != "" {
		out.WriteString("\r\n" + held + "\r\n")
	}
	if echo {
		out.WriteString(raw + "\r")
	}
	for _, l := range r.lines {
		out.WriteString("\r\n" + l + "\r\n")
	}
	if r.final != "" {
		out.WriteString("\r\n" + r.final + "\r\n")
	}
	if r.prompt {
		out.WriteString("\r\n> ")
	}
	e.write(gen, out.String())
	if r.then != nil {
		r.then()
	}
}

// reset reboots the modem: settings lost, echo back on, text mode, boot lines.
func (e *Emulator) reset(gen int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.gen == gen {
		e.st = e.freshState()
	}
}

// Reset reboots the modem now, as a brown-out or firmware crash would.
func (e *Emulator) Reset() {
	e.mu.Lock()
	gen := e.gen
	e.mu.Unlock()
	e.logf("reset")
	e.reset(gen)
}

// Booted reports that the modem has printed all its boot lines and "SMS
// Ready" (when its profile prints it): from then on it says nothing unasked
// but noise and texts.
func (e *Emulator) Booted() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.st.boot) == 0 && e.st.smsReadyAt.IsZero()
}

// background prints boot lines, "SMS Ready" and noise, and times out direct
// deliveries the host did not acknowledge.
func (e *Emulator) background(gen int) {
	defer e.wg.Done()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	var noiseAt time.Time
	noise := 0
	for now := range tick.C {
		var out []string
		poweredOn := 0 // the bootID whose power-on line this tick prints
		e.mu.Lock()
		if e.gen != gen {
			e.mu.Unlock()
			return
		}
		switch {
		case e.fault.hang:
		case len(e.st.boot) > 0:
			if powerOnLine(e.st.boot[0]) {
				poweredOn = e.st.bootID
			}
			out, e.st.boot = append(out, e.st.boot[0]), e.st.boot[1:]
		case !e.st.smsReadyAt.IsZero() && now.After(e.st.smsReadyAt):
			out, e.st.smsReadyAt = append(out, "SMS Ready"), time.Time{}
		case e.p.NoiseEvery > 0 && !e.st.quiet && now.After(noiseAt):
			out = append(out, e.p.Noise[noise%len(e.p.Noise)])
			noise++
			noiseAt = now.Add(e.p.NoiseEvery)
		}
		out = append(out, e.expireUnacked(now)...)
		e.mu.Unlock()
		e.urc(gen, out...)
		if poweredOn != 0 {
			// The power-on line is on the wire: answers may follow it now
			// (unless the modem restarted meanwhile and boots again).
			e.mu.Lock()
			if e.st.bootID == poweredOn {
				e.st.booting = false
			}
			e.mu.Unlock()
		}
	}
}

// powerOnLine reports the line a modem prints once it can take commands
// after power-on or a restart.
func powerOnLine(l string) bool { return l == "RDY" || l == "^SYSSTART" }
