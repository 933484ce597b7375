package modemtest

import (
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"time"
)

// ackTimeout is how long a +CMT waits for +CNMA before the modem gives up on
// direct delivery (3GPP TS 27.005: it then stops routing texts to the host).
const ackTimeout = 3 * time.Second

// slot is one stored text.
type slot struct {
	stat int // 0 unread, 1 read
	pdu  string
}

// simStore is what survives a reset: the SIM's texts, and the network's queue.
type simStore struct {
	first, capacity int
	slots           map[int]*slot
	held            []string // the network holds these while the SIM is full
	announcedFull   bool
	unacked         []unacked
	sent            []string
	mr              int
	puk             bool
}

type unacked struct {
	pdu      string
	deadline time.Time
}

func newSIMStore(p Profile) simStore {
	c := p.Capacity
	if c <= 0 {
		c = 20
	}
	return simStore{first: p.FirstIndex, capacity: c, slots: map[int]*slot{}}
}

// free returns the lowest free index.
func (s *simStore) free() (int, bool) {
	for i := s.first; i < s.first+s.capacity; i++ {
		if s.slots[i] == nil {
			return i, true
		}
	}
	return 0, false
}

// indexes returns the used indexes in order.
func (s *simStore) indexes() []int {
	out := make([]int, 0, len(s.slots))
	for i := range s.slots {
		out = append(out, i)
	}
	sort.Ints(out)
	return out
}

// faults are the misbehaviours a test switches on.
type faults struct {
	loseCMTI   int
	failDelete int
	resetOn    string
	hang       bool
	rssi, reg  int
	envSet     bool
	lateFinal  string // prefix of the next command whose final result comes late
	heldFinal  string // that final result, printed before the next answer
}

// Deliver hands PDUs (hex, SMSC first) to the modem as the network would: into
// a free slot with a +CMTI, as +CMT when the host asked for direct delivery,
// or held by the network while the SIM is full (delivered when a slot frees).
func (e *Emulator) Deliver(pdus ...string) {
	e.mu.Lock()
	gen := e.gen
	var urcs []string
	for _, p := range pdus {
		urcs = append(urcs, e.place(strings.ToUpper(p))...)
	}
	e.mu.Unlock()
	e.urc(gen, urcs...)
}

// DeliverSMS encodes s (see Encode) and delivers its parts; it fails when s
// cannot be encoded.
func (e *Emulator) DeliverSMS(s SMS) ([]string, error) {
	pdus, err := Encode(s)
	if err != nil {
		return nil, err
	}
	e.Deliver(pdus...)
	return pdus, nil
}

// place stores or forwards one PDU and returns the unsolicited lines to print.
// Called with e.mu held.
func (e *Emulator) place(pdu string) []string {
	if e.st.cnmi[0] != 0 && e.st.cnmi[1] == 2 && !e.fault.hang {
		if e.st.csms == 1 {
			e.sim.unacked = append(e.sim.unacked, unacked{pdu: pdu, deadline: time.Now().Add(ackTimeout)})
		}
		return []string{fmt.Sprintf("+CMT: ,%d\r\n%s", tpduLen(pdu), e.printed(pdu))}
	}
	idx, ok := e.sim.free()
	if !ok {
		e.sim.held = append(e.sim.held, pdu)
		if !e.sim.announcedFull && e.p.FullURC != "" {
			e.sim.announcedFull = true
			return []string{e.p.FullURC}
		}
		return nil
	}
	e.sim.slots[idx] = &slot{pdu: pdu}
	return e.cmti(idx)
}

// cmti announces a stored text if notifications are on. Called with e.mu held.
func (e *Emulator) cmti(idx int) []string {
	mt := e.st.cnmi[1]
	if e.st.cnmi[0] == 0 || mt < 1 || e.fault.hang {
		return nil
	}
	if e.fault.loseCMTI > 0 {
		e.fault.loseCMTI--
		e.logf("lost the +CMTI of slot %d", idx)
		return nil
	}
	mem := e.st.mem[2]
	if e.p.CMTIMem != "" {
		mem = e.p.CMTIMem
	}
	return []string{fmt.Sprintf(`+CMTI: "%s",%d`, mem, idx)}
}

// freed moves a held text into the SIM once a slot is free. Called with e.mu held.
func (e *Emulator) freed() []string {
	var out []string
	for len(e.sim.held) > 0 {
		idx, ok := e.sim.free()
		if !ok {
			break
		}
		e.sim.slots[idx] = &slot{pdu: e.sim.held[0]}
		e.sim.held = e.sim.held[1:]
		out = append(out, e.cmti(idx)...)
	}
	if len(e.sim.held) == 0 {
		e.sim.announcedFull = false
	}
	return out
}

// expireUnacked stores texts whose +CMT was never acknowledged and switches
// direct delivery off, as 27.005 says. Called with e.mu held.
func (e *Emulator) expireUnacked(now time.Time) []string {
	var out []string
	for len(e.sim.unacked) > 0 && now.After(e.sim.unacked[0].deadline) {
		u := e.sim.unacked[0]
		e.sim.unacked = e.sim.unacked[1:]
		e.st.cnmi[1] = 0
		e.logf("no +CNMA: direct delivery off, text stored")
		out = append(out, e.place(u.pdu)...)
	}
	return out
}

// tpduLen is the TPDU length in octets (the PDU without its SMSC address).
// printed is pdu as the modem prints it: without its SMSC address when the
// profile says so.
func (e *Emulator) printed(pdu string) string {
	b, err := hex.DecodeString(pdu)
	if !e.p.NoSMSC || err != nil || len(b) == 0 || 1+int(b[0]) >= len(b) {
		return pdu
	}
	return strings.ToUpper(hex.EncodeToString(b[1+int(b[0]):]))
}

func tpduLen(pdu string) int {
	b, err := hex.DecodeString(pdu)
	if err != nil || len(b) == 0 {
		return len(pdu) / 2
	}
	return len(b) - 1 - int(b[0])
}

// LoseCMTI drops the next n new-text notifications.
func (e *Emulator) LoseCMTI(n int) { e.setFault(func(f *faults) { f.loseCMTI += n }) }

// FailDeletes makes the next n AT+CMGD fail (the text stays).
func (e *Emulator) FailDeletes(n int) { e.setFault(func(f *faults) { f.failDelete += n }) }

// ResetOn makes the modem reboot, unanswered, when it next receives a command
// starting with prefix (e.g. "AT+CMGL").
func (e *Emulator) ResetOn(prefix string) { e.setFault(func(f *faults) { f.resetOn = prefix }) }

// LateFinal makes the modem answer the next command starting with prefix
// without its final result, and print that result (OK, ERROR) just before its
// next answer, in order, as a modem still busy with a slow SIM does.
func (e *Emulator) LateFinal(prefix string) { e.setFault(func(f *faults) { f.lateFinal = prefix }) }

// Hang makes the modem stop (on) or resume answering and printing anything.
func (e *Emulator) Hang(on bool) { e.setFault(func(f *faults) { f.hang = on }) }

// SetNetwork sets the signal (+CSQ rssi) and the registration state (+CREG).
func (e *Emulator) SetNetwork(rssi, reg int) {
	e.setFault(func(f *faults) { f.rssi, f.reg, f.envSet = rssi, reg, true })
}

func (e *Emulator) setFault(fn func(*faults)) {
	e.mu.Lock()
	defer e.mu.Unlock()
	fn(&e.fault)
}

// Stored returns the PDUs on the SIM, by index.
func (e *Emulator) Stored() map[int]string {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := map[int]string{}
	for i, s := range e.sim.slots {
		out[i] = s.pdu
	}
	return out
}

// CNMI returns the new-text notification setting (+CNMI) now in force.
func (e *Emulator) CNMI() [5]int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.st.cnmi
}

// Held returns how many texts the network holds because the SIM is full.
func (e *Emulator) Held() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.sim.held)
}

// Sent returns the TPDUs (hex, without SMSC) the host sent with AT+CMGS.
func (e *Emulator) Sent() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.sim.sent...)
}

// sendPDU finishes an AT+CMGS.
func (e *Emulator) sendPDU(gen int, pdu string) {
	e.mu.Lock()
	e.st.prompt = false
	final := "ERROR"
	if b, err := hex.DecodeString(strings.TrimSpace(pdu)); err == nil && len(b) > 1 {
		e.sim.sent = append(e.sim.sent, strings.ToUpper(hex.EncodeToString(b[1+int(b[0]):])))
		e.sim.mr = (e.sim.mr + 1) % 256
		final = fmt.Sprintf("\r\n+CMGS: %d\r\n\r\nOK", e.sim.mr)
	}
	e.mu.Unlock()
	e.write(gen, "\r\n"+final+"\r\n")
}
