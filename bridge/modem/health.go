package modem

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"strings"
	"sync"
	"time"

	"forkcast/app/vote"
	"forkcast/bridge/modem/at"
)

// facts is what the session knows about the modem; health derives the state
// and the sentence from it.
type facts struct {
	Device      string
	Model       string
	RSSI        int // +CSQ 0-31, 99 unknown
	Reg         int // +CREG state, regUnknown when not asked
	Operator    string
	SIM         storageUse
	Notify      string // "+CMTI", "+CMT", "polling"
	IngestErr   error  // the engine refused the last batch
	Undecodable int64  // PDUs kept raw
	Ignored     int64  // status reports and WAP pushes deleted
	DeleteFails int64
	PartsWait   int  // parts waiting for the rest of their text
	Timeouts    int  // consecutive commands the modem left unanswered
	Ready       bool // set-up finished: receiving
	Replies     bool // Reply is allowed (the story sets reply texts)
}

// health is the concurrency-safe state behind Bridge.Health.
type health struct {
	mu    sync.Mutex
	h     vote.Health
	f     facts
	fatal bool // Run stopped on an error the speaker must fix: keep saying so
}

func (h *health) init(device string, replies bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.h = vote.Health{Source: "modem", Kind: "modem", State: vote.HealthStopped,
		Detail: "The modem bridge has not started."}
	h.f = facts{Device: device, RSSI: 99, Reg: regUnknown, Replies: replies}
}

// allowReplies records whether Reply is allowed; the state is unchanged.
func (h *health) allowReplies(on bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.f.Replies = on
	if h.h.Metrics != nil {
		h.h.Metrics = metrics(h.f)
	}
}

func (h *health) get() vote.Health {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := h.h
	out.Metrics = maps.Clone(h.h.Metrics)
	return out
}

// connecting reports a session opening device.
func (h *health) connecting(device string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.fatal = false
	h.f.Device, h.f.Timeouts, h.f.Ready = device, 0, false
	h.h.State = vote.HealthConnecting
	h.h.Detail = fmt.Sprintf("Connecting to the modem on %s.", device)
}

// facts returns a copy of what is known.
func (h *health) facts() facts {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.f
}

// update applies fn to the facts and recomputes the state and sentence.
func (h *health) update(fn func(*facts)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	fn(&h.f)
	h.h.State, h.h.Detail = summarize(h.f)
	h.h.Metrics = metrics(h.f)
}

// silent records n consecutive unanswered commands (0: answering again).
func (h *health) silent(n int) {
	h.update(func(f *facts) { f.Timeouts = n })
}

// received counts texts handed to the engine.
func (h *health) received(n int, at time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.h.Received += int64(n)
	h.h.LastText = at
}

// down reports a lost connection that the bridge is retrying.
func (h *health) down(device string, err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.f.Ready = false
	h.h.State = vote.HealthDown
	h.h.Detail = downSentence(device, err)
}

// fail reports an error the bridge stops on.
func (h *health) fail(err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.fatal = true
	h.h.State = vote.HealthDown
	h.h.Detail = downSentence(h.f.Device, err)
}

func (h *health) stopped() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.fatal {
		h.h.State = vote.HealthStopped
		h.h.Detail = "The modem bridge is stopped."
	}
}

// downSentence tells the speaker what to do about err.
func downSentence(device string, err error) string {
	switch {
	case errors.Is(err, ErrPINRequired):
		return "The SIM asks for a PIN: start Forkcast with --modem-pin."
	case errors.Is(err, ErrPINRejected):
		return "The SIM rejected the PIN, and Forkcast will not try it again: check it in a phone, then restart with the right --modem-pin."
	case errors.Is(err, ErrPUK):
		return "The SIM is blocked (it needs its PUK): unlock it in a phone."
	case errors.Is(err, ErrModemLocked):
		return fmt.Sprintf("The modem is locked to another network or SIM (%v): unlock it, or use another stick.", err)
	case errors.Is(err, ErrNoPDUMode):
		return "This modem does not support PDU mode, which Forkcast needs: try another stick."
	case errors.Is(err, errNoSIM):
		return "No SIM card found: insert one and replug the modem; Forkcast keeps retrying."
	case errors.Is(err, ErrPortBusy):
		return fmt.Sprintf("%s is in use by another program (ModemManager?): stop it; Forkcast keeps retrying.", device)
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Sprintf("The modem %s is not plugged in: plug it in; Forkcast reconnects by itself.", device)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Sprintf("No permission to open %s: add your user to the dialout group and log in again.", device)
	case errors.Is(err, at.ErrPortGone):
		return fmt.Sprintf("The modem on %s was unplugged or reset: reconnecting.", device)
	case errors.Is(err, errUnresponsive), errors.Is(err, at.ErrTimeout):
		return fmt.Sprintf("The modem on %s stopped answering: reconnecting; replug it if this lasts.", device)
	}
	return fmt.Sprintf("The modem on %s failed (%v): reconnecting.", device, err)
}

// summarize picks the state and the one sentence a speaker can act on.
func summarize(f facts) (string, string) {
	where := "on " + f.Device
	if f.Operator != "" {
		where += ", " + f.Operator
	}
	switch {
	case !f.Ready:
		return vote.HealthConnecting, fmt.Sprintf("Setting up the modem on %s.", f.Device)
	case f.Timeouts > 0:
		return vote.HealthDegraded, fmt.Sprintf("The modem on %s is not answering: trying to wake it.", f.Device)
	case f.IngestErr != nil:
		return vote.HealthDegraded, "The show is not storing texts right now; they stay on the SIM and are retried."
	case f.Reg != regHome && f.Reg != regRoaming && f.Reg != regUnknown:
		return vote.HealthDegraded, fmt.Sprintf("The modem is %s on the network: check the SIM works in a phone and that there is coverage here.",
			registrationText(f.Reg))
	case f.RSSI != 99 && f.RSSI < 8:
		return vote.HealthDegraded, fmt.Sprintf("Weak signal (%d dBm): move the modem, or use a USB extension cable towards a window.", -113+2*f.RSSI)
	case f.SIM.Total > 0 && f.SIM.Used >= f.SIM.Total:
		return vote.HealthDegraded, fmt.Sprintf("The SIM is full (%d/%d): emptying it; texts may arrive late.", f.SIM.Used, f.SIM.Total)
	}
	s := "Receiving texts " + where
	if f.RSSI != 99 {
		s += ", signal " + signalText(f.RSSI)
	}
	if f.Notify == "polling" {
		s += " (the modem gives no notifications: reading it every few seconds)"
	}
	return vote.HealthOK, s + "."
}

// metrics are the figures the console shows.
func metrics(f facts) map[string]string {
	m := map[string]string{
		"signal":   signalText(f.RSSI),
		"network":  registrationText(f.Reg),
		"operator": f.Operator,
		"model":    f.Model,
		"device":   f.Device,
		"notify":   f.Notify,
		"replies":  "off",
	}
	if f.Replies {
		m["replies"] = "on"
	}
	if f.SIM.Total > 0 {
		m["sim"] = fmt.Sprintf("%d/%d", f.SIM.Used, f.SIM.Total)
	}
	if f.Undecodable > 0 {
		m["undecodable"] = fmt.Sprintf("%d (kept raw)", f.Undecodable)
	}
	if f.Ignored > 0 {
		m["ignored"] = fmt.Sprintf("%d (status reports, WAP)", f.Ignored)
	}
	if f.DeleteFails > 0 {
		m["deleteFailures"] = fmt.Sprint(f.DeleteFails)
	}
	if f.PartsWait > 0 {
		m["partsWaiting"] = fmt.Sprint(f.PartsWait)
	}
	for k, v := range m {
		if strings.TrimSpace(v) == "" {
			delete(m, k)
		}
	}
	return m
}

// signalText turns +CSQ's rssi into dBm and a word.
func signalText(rssi int) string {
	if rssi < 0 || rssi > 31 {
		return "unknown"
	}
	dbm := -113 + 2*rssi
	word := "excellent"
	switch {
	case rssi < 8:
		word = "weak"
	case rssi < 13:
		word = "fair"
	case rssi < 20:
		word = "good"
	}
	return fmt.Sprintf("%d dBm (%s)", dbm, word)
}
