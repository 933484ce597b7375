package modemtest

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// exec answers one command (upper case, without "AT"). Called with e.mu held.
func (e *Emulator) exec(cmd string) reply {
	ok := reply{final: "OK"}
	name, arg := cmd, ""
	if i := strings.IndexAny(cmd, "=?"); i >= 0 {
		name, arg = cmd[:i], cmd[i:]
	}
	if isSMSCommand(name) && !e.st.smsReadyAt.IsZero() && time.Now().Before(e.st.smsReadyAt) {
		return reply{final: "+CMS ERROR: 302"}
	}
	switch name {
	case "", "V1", "&F", "+CSCS", "+CREG", "+COPS":
		if name == "+COPS" && arg == "?" {
			return e.network("+COPS")
		}
		if name == "+CREG" && arg == "?" {
			return e.network("+CREG")
		}
		return ok
	case "E0", "E1", "E":
		e.st.echo = name == "E1" || e.p.EchoAlways
		return ok
	case "Z":
		e.st.echo = true
		return ok
	case "I":
		return reply{lines: []string{e.p.Manufacturer, e.p.Model, "Revision: " + e.p.Revision}, final: "OK"}
	case "+CGMI", "+GMI":
		return reply{lines: []string{e.p.Manufacturer}, final: "OK"}
	case "+CGMM", "+GMM":
		return reply{lines: []string{e.p.Model}, final: "OK"}
	case "+CGMR", "+GMR":
		return reply{lines: []string{e.p.Revision}, final: "OK"}
	case "+CGSN", "+GSN":
		return reply{lines: []string{e.p.IMEI}, final: "OK"}
	case "+CMEE", "+CSCA":
		if arg == "?" && name == "+CSCA" {
			return reply{lines: []string{`+CSCA: "+15550000000",145`}, final: "OK"}
		}
		return ok
	case "^CURC":
		if !strings.EqualFold(e.p.Manufacturer, "huawei") {
			return reply{final: e.p.Unsupported}
		}
		e.st.quiet = arg == "=0"
		return ok
	case "+CPIN":
		return e.cpin(arg)
	case "+CMGF":
		return e.cmgf(arg)
	case "+CPMS":
		return e.cpms(arg)
	case "+CNMI":
		return e.cnmi(arg)
	case "+CSMS":
		if arg == "=1" || arg == "=0" {
			e.st.csms = int(arg[1] - '0')
			return reply{lines: []string{"+CSMS: 1,1,1"}, final: "OK"}
		}
		return reply{lines: []string{fmt.Sprintf("+CSMS: %d,1,1,1", e.st.csms)}, final: "OK"}
	case "+CNMA":
		if len(e.sim.unacked) == 0 {
			return reply{final: "+CMS ERROR: 340"}
		}
		e.sim.unacked = e.sim.unacked[1:]
		return ok
	case "+CSQ":
		return e.network("+CSQ")
	case "+CMGL":
		return e.cmgl(arg)
	case "+CMGR":
		return e.cmgr(arg)
	case "+CMGD":
		return e.cmgd(arg)
	case "+CMGS":
		if e.st.text || len(arg) < 2 {
			return reply{final: "ERROR"}
		}
		e.st.prompt = true
		return reply{prompt: true}
	case "+CFUN":
		return e.cfun(arg)
	}
	return reply{final: e.p.Unsupported}
}

func isSMSCommand(name string) bool {
	switch name {
	case "+CPMS", "+CMGL", "+CMGR", "+CMGD", "+CNMI", "+CMGS", "+CSMS":
		return true
	}
	return false
}

// network answers +CSQ, +CREG? and +COPS?.
func (e *Emulator) network(name string) reply {
	rssi, reg := 18, 1
	if e.fault.envSet {
		rssi, reg = e.fault.rssi, e.fault.reg
	}
	if !e.st.radio {
		rssi, reg = 99, 0
	}
	var line string
	switch name {
	case "+CSQ":
		line = fmt.Sprintf("+CSQ: %d,99", rssi)
	case "+CREG":
		line = fmt.Sprintf("+CREG: 0,%d", reg)
	default:
		line = `+COPS: 0,0,"Forkcast Mobile",2`
		if reg != 1 && reg != 5 {
			line = "+COPS: 0"
		}
	}
	return reply{lines: []string{line}, final: "OK"}
}

func (e *Emulator) cpin(arg string) reply {
	switch {
	case arg == "?":
		if e.st.sim == "NONE" {
			return reply{final: "+CME ERROR: 10"}
		}
		if time.Now().Before(e.st.busyTill) {
			return reply{final: "+CME ERROR: 14"}
		}
		r := reply{lines: []string{"+CPIN: " + e.st.sim}, final: "OK"}
		if e.p.CPINNoOK {
			r.final = ""
		}
		return r
	case strings.HasPrefix(arg, "="):
		if e.st.sim != "SIM PIN" {
			return reply{final: "+CME ERROR: 3"}
		}
		if strings.Trim(arg[1:], `"`) == e.opts.pin {
			e.st.sim, e.st.busyTill = "READY", time.Now().Add(300*time.Millisecond)
			return reply{final: "OK"}
		}
		e.logf("wrong PIN %s", arg[1:])
		return reply{final: "+CME ERROR: 16"}
	}
	return reply{final: "ERROR"}
}

func (e *Emulator) cmgf(arg string) reply {
	switch arg {
	case "=0", "=1":
		e.st.text = arg == "=1"
		return reply{final: "OK"}
	case "?":
		mode := 0
		if e.st.text {
			mode = 1
		}
		return reply{lines: []string{fmt.Sprintf("+CMGF: %d", mode)}, final: "OK"}
	case "=?":
		return reply{lines: []string{"+CMGF: (0,1)"}, final: "OK"}
	}
	return reply{final: "ERROR"}
}

func (e *Emulator) cpms(arg string) reply {
	used, total := len(e.sim.slots), e.sim.capacity
	switch {
	case arg == "=?":
		return reply{lines: []string{"+CPMS: " + e.p.CPMSRange}, final: "OK"}
	case arg == "?":
		m := e.st.mem
		return reply{lines: []string{fmt.Sprintf(`+CPMS: "%s",%d,%d,"%s",%d,%d,"%s",%d,%d`,
			m[0], used, total, m[1], used, total, m[2], used, total)}, final: "OK"}
	case strings.HasPrefix(arg, "="):
		mems := strings.Split(arg[1:], ",")
		if len(mems) > 1 && e.p.CPMSOneArg {
			return reply{final: "ERROR"}
		}
		for i, m := range mems {
			m = strings.Trim(m, `" `)
			if !strings.Contains(e.p.CPMSRange, `"`+m+`"`) || i > 2 {
				return reply{final: "+CMS ERROR: 302"}
			}
			e.st.mem[i] = m
		}
		return reply{lines: []string{fmt.Sprintf("+CPMS: %d,%d,%d,%d,%d,%d", used, total, used, total, used, total)}, final: "OK"}
	}
	return reply{final: "ERROR"}
}

func (e *Emulator) cnmi(arg string) reply {
	switch {
	case arg == "=?":
		return reply{lines: []string{"+CNMI: " + e.p.CNMIRange}, final: "OK"}
	case arg == "?":
		c := e.st.cnmi
		return reply{lines: []string{fmt.Sprintf("+CNMI: %d,%d,%d,%d,%d", c[0], c[1], c[2], c[3], c[4])}, final: "OK"}
	case strings.HasPrefix(arg, "="):
		groups := strings.Split(e.p.CNMIRange, "),(")
		var c [5]int
		for i, v := range strings.Split(arg[1:], ",") {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil || i >= 5 || i < len(groups) && !allowed(groups[i], n) {
				return reply{final: "+CMS ERROR: 303"}
			}
			c[i] = n
		}
		e.st.cnmi = c
		return reply{final: "OK"}
	}
	return reply{final: "ERROR"}
}

// allowed reports whether n is in a range group such as "(0-2" or "0,1,3)".
func allowed(group string, n int) bool {
	for _, r := range strings.Split(strings.Trim(group, "() "), ",") {
		lo, hi, isRange := strings.Cut(r, "-")
		a, err := strconv.Atoi(lo)
		if err != nil {
			continue
		}
		b := a
		if isRange {
			b, _ = strconv.Atoi(hi)
		}
		if a <= n && n <= b {
			return true
		}
	}
	return false
}

func (e *Emulator) cmgl(arg string) reply {
	if e.st.text || arg != "=4" || e.p.NoCMGL {
		return reply{final: "ERROR"}
	}
	var lines []string
	for _, i := range e.sim.indexes() {
		s := e.sim.slots[i]
		pdu := e.printed(s.pdu)
		lines = append(lines, fmt.Sprintf("+CMGL: %d,%d,,%d", i, s.stat, tpduLen(s.pdu)), pdu)
		s.stat = 1
	}
	return reply{lines: lines, final: "OK"}
}

func (e *Emulator) cmgr(arg string) reply {
	i, err := strconv.Atoi(strings.TrimPrefix(arg, "="))
	if e.st.text || err != nil {
		return reply{final: "ERROR"}
	}
	s := e.sim.slots[i]
	if s == nil {
		return reply{final: "+CMS ERROR: 321"}
	}
	r := reply{lines: []string{fmt.Sprintf("+CMGR: %d,,%d", s.stat, tpduLen(s.pdu)), e.printed(s.pdu)}, final: "OK"}
	s.stat = 1
	return r
}

func (e *Emulator) cmgd(arg string) reply {
	f := strings.Split(strings.TrimPrefix(arg, "="), ",")
	i, err := strconv.Atoi(f[0])
	if err != nil {
		return reply{final: "ERROR"}
	}
	if e.fault.failDelete > 0 {
		e.fault.failDelete--
		e.logf("failing the delete of slot %d", i)
		return reply{final: "+CMS ERROR: 500"}
	}
	if len(f) > 1 && f[1] == "4" {
		e.sim.slots = map[int]*slot{}
	} else {
		delete(e.sim.slots, i)
	}
	gen := e.gen
	urcs := e.freed()
	return reply{final: "OK", then: func() { e.urc(gen, urcs...) }}
}

func (e *Emulator) cfun(arg string) reply {
	switch arg {
	case "=0", "=4":
		e.st.radio = false
	case "=1":
		e.st.radio = true
	case "=1,1":
		gen := e.gen
		return reply{final: "OK", then: func() { e.reset(gen) }}
	case "?":
		v := 0
		if e.st.radio {
			v = 1
		}
		return reply{lines: []string{fmt.Sprintf("+CFUN: %d", v)}, final: "OK"}
	default:
		return reply{final: "ERROR"}
	}
	return reply{final: "OK"}
}
