package modem

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"forkcast/bridge/modem/at"
)

// errNoSIM reports a modem without a usable SIM; the bridge keeps retrying.
var errNoSIM = errors.New("no usable SIM card")

// ErrModemLocked reports a modem locked to another network or SIM (PH-NET PIN, PH-SIM PIN).
var ErrModemLocked = errors.New("the modem is locked to another network or SIM")

// modemInfo identifies the modem.
type modemInfo struct {
	Manufacturer, Model, Revision, IMEI string
}

func (m modemInfo) String() string {
	s := strings.TrimSpace(m.Manufacturer + " " + m.Model)
	if s == "" {
		return "unknown modem"
	}
	return s
}

func (m modemInfo) huawei() bool {
	return strings.Contains(strings.ToUpper(m.Manufacturer), "HUAWEI")
}

// announcesReady reports modems that refuse SMS commands until "SMS Ready".
func (m modemInfo) announcesReady() bool {
	u := strings.ToUpper(m.Manufacturer + " " + m.Model)
	return strings.Contains(u, "SIMCOM") || strings.Contains(u, "SIM800") || strings.Contains(u, "SIM900")
}

// setup brings the modem to a known state: echo off, numeric errors, SIM
// unlocked, PDU mode, a storage, store-and-notify. It is run again after a
// reset, and fails with the errors recover and Run sort out.
func (s *session) setup(ctx context.Context) error {
	now := time.Now()
	s.inits = append(s.inits, now)
	if len(s.inits) > 5 {
		s.inits = s.inits[1:]
		if now.Sub(s.inits[0]) < 10*time.Second {
			return fmt.Errorf("%w: it restarted 5 times in 10 s", errUnresponsive)
		}
	}
	return s.restartOnReset(func() error { return s.setupOnce(ctx) })
}

// restartOnReset runs fn again when the modem reboots in the middle of it
// (a freshly powered SIM800 prints RDY while the first commands run).
func (s *session) restartOnReset(fn func() error) error {
	var err error
	for i := 0; i < 4; i++ {
		if err = fn(); !errors.Is(err, at.ErrReset) {
			return err
		}
		s.b.log.Info("modem: it restarted during set-up; starting over")
	}
	return err
}

func (s *session) setupOnce(ctx context.Context) error {
	s.link.Restart()
	if err := s.wake(ctx); err != nil {
		return err
	}
	if err := answered(s.run(ctx, "ATE0")); err != nil {
		return err
	}
	echoes := s.link.Echoes()
	if err := answered(s.run(ctx, "AT+CMEE=1")); err != nil {
		return err
	}
	// A modem that ignores ATE0 keeps echoing: tolerate it rather than take
	// every echo for a restart.
	s.link.SetEchoOff(s.link.Echoes() == echoes)
	if s.info.Model == "" {
		if err := s.identify(ctx); err != nil {
			return err
		}
	}
	if s.info.huawei() {
		// Huawei sticks print ^RSSI, ^BOOT, ^DSFLOWRPT... on their own; quiet them.
		if err := answered(s.run(ctx, "AT^CURC=0")); err != nil {
			return err
		}
	}
	if err := s.unlockSIM(ctx); err != nil {
		return err
	}
	if err := s.setupSMS(ctx, true); err != nil {
		return err
	}
	return s.refreshHealth(ctx)
}

// answered hides the errors that prove the modem answered (it refused the
// command) and keeps the ones that mean it did not.
func answered(err error) error {
	if at.IsError(err) {
		return nil
	}
	return err
}

// wake checks the modem answers "AT", cancelling a stuck prompt with ESC.
func (s *session) wake(ctx context.Context) error {
	var err error
	for i := 0; i < 3; i++ {
		if i > 0 {
			if werr := s.port.Write([]byte("\x1b\r")); werr != nil {
				return werr
			}
		}
		quick := min(1500*time.Millisecond, s.b.cfg.CommandTimeout)
		if _, err = s.link.Exec(ctx, at.Request{Cmd: "AT", Timeout: quick}); err == nil {
			return nil
		}
		if !errors.Is(err, at.ErrTimeout) && !at.IsError(err) {
			return err
		}
	}
	return err
}

// identify reads the manufacturer, model, revision and IMEI.
func (s *session) identify(ctx context.Context) error {
	for _, q := range []struct {
		cmd string
		to  *string
	}{{"AT+CGMI", &s.info.Manufacturer}, {"AT+CGMM", &s.info.Model},
		{"AT+CGMR", &s.info.Revision}, {"AT+CGSN", &s.info.IMEI}} {
		lines, err := s.exec(ctx, at.Request{Cmd: q.cmd})
		if answered(err) != nil {
			return err
		}
		if err == nil && len(lines) > 0 {
			v := lines[0]
			if i := strings.Index(v, ":"); i > 0 && strings.HasPrefix(v, "+") {
				v = v[i+1:]
			}
			*q.to = unquote(v)
		}
	}
	s.b.health.update(func(f *facts) { f.Model = s.info.String() })
	return nil
}

// unlockSIM waits for the SIM, entering the PIN once if asked. A rejected PIN
// is never sent again by this Bridge: three wrong tries would block the SIM.
func (s *session) unlockSIM(ctx context.Context) error {
	deadline := time.Now().Add(30 * time.Second)
	for {
		lines, err := s.exec(ctx, at.Request{Cmd: "AT+CPIN?", Prefix: "+CPIN:", InfoEnds: true})
		state, _ := parseCPIN(lines)
		switch {
		case err == nil && (state == "READY" || state == "SIM PIN2" || state == "SIM PUK2"):
			return nil
		case err == nil && state == "SIM PIN":
			if err := s.enterPIN(ctx); err != nil {
				return err
			}
		case err == nil && state == "SIM PUK":
			return ErrPUK
		case err == nil && strings.HasPrefix(state, "PH-"):
			return fmt.Errorf("%w (%s)", ErrModemLocked, state)
		case at.SIMBusy(err) || state == "NOT READY":
		case at.IsCME(err, 10, 13, 15) || at.IsCMS(err, 310, 313, 315) || at.IsError(err):
			return fmt.Errorf("%w: %v", errNoSIM, err)
		case err != nil:
			return err
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%w: the SIM stayed busy for 30 s", errNoSIM)
		}
		if err := s.pause(ctx, time.Second); err != nil {
			return err
		}
	}
}

// enterPIN sends the configured PIN once.
func (s *session) enterPIN(ctx context.Context) error {
	if s.b.cfg.PIN == "" {
		return ErrPINRequired
	}
	if s.b.pinFailed.Load() {
		return ErrPINRejected
	}
	err := s.run(ctx, `AT+CPIN="`+s.b.cfg.PIN+`"`)
	switch {
	case err == nil, at.SIMBusy(err):
		return nil // asked again after a pause
	case at.IsError(err):
		s.b.pinFailed.Store(true)
		s.b.log.Error("modem: the SIM rejected the PIN; it will not be sent again", "err", err)
		return ErrPINRejected
	}
	return err
}

// pause waits d while still reading the port, so notifications are not missed.
func (s *session) pause(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
			return nil
		case tok, ok := <-s.port.Tokens():
			if !ok {
				return s.port.Err()
			}
			s.link.Idle(tok)
		}
	}
}

// retryBusy runs fn until it stops failing with "busy" errors, for at most 30 s;
// modems that announce "SMS Ready" refuse SMS commands until then.
func (s *session) retryBusy(ctx context.Context, fn func() error) error {
	deadline := time.Now().Add(30 * time.Second)
	for {
		err := fn()
		retry := at.SIMBusy(err) || at.IsError(err) && s.info.announcesReady() && !s.smsReady
		if !retry || time.Now().After(deadline) {
			return err
		}
		if err := s.pause(ctx, 500*time.Millisecond); err != nil {
			return err
		}
	}
}

// setupSMS selects PDU mode, a storage and (when apply) the notifications.
func (s *session) setupSMS(ctx context.Context, apply bool) error {
	err := s.retryBusy(ctx, func() error { return s.run(ctx, "AT+CMGF=0") })
	if at.IsError(err) {
		return fmt.Errorf("%w: %v", ErrNoPDUMode, err)
	} else if err != nil {
		return err
	}
	var lines []string
	err = s.retryBusy(ctx, func() (e error) {
		lines, e = s.exec(ctx, at.Request{Cmd: "AT+CPMS=?", Prefix: "+CPMS:"})
		return e
	})
	if answered(err) != nil {
		return err
	}
	s.lists, _ = parseStorageLists(lines)
	s.mems, s.curMem = []string{""}, ""
	if mem := chooseStorage(s.lists); mem != "" {
		if err := s.setStorage(ctx, mem, len(s.lists) >= 3); err != nil {
			return err
		}
	}
	// A storage a +CMTI named (before this set-up or during it) may still
	// hold texts, and no new +CMTI announces them: keep reading it (addMem
	// drops the ones this modem no longer lists).
	for _, mem := range s.named {
		s.addMem(mem)
	}
	if !apply {
		return nil
	}
	return s.setNotify(ctx)
}

// chooseStorage prefers the SIM, then the modem's memory, among the storages
// the modem can both read from and receive into.
func chooseStorage(lists [][]string) string {
	if len(lists) == 0 {
		return ""
	}
	for _, m := range []string{"SM", "ME", "MT"} {
		if contains(lists[0], m) && (len(lists) < 3 || contains(lists[2], m)) {
			return m
		}
	}
	if len(lists[0]) > 0 {
		return lists[0][0]
	}
	return ""
}

// setStorage selects mem for reading, writing and receiving, falling back to
// the one-argument form some modems insist on.
func (s *session) setStorage(ctx context.Context, mem string, three bool) error {
	q := `"` + mem + `"`
	cmds := []string{"AT+CPMS=" + q}
	if three {
		cmds = []string{"AT+CPMS=" + q + "," + q + "," + q, "AT+CPMS=" + q}
	}
	var err error
	for _, cmd := range cmds {
		var lines []string
		err = s.retryBusy(ctx, func() (e error) {
			lines, e = s.exec(ctx, at.Request{Cmd: cmd, Prefix: "+CPMS:"})
			return e
		})
		if err == nil {
			s.mems, s.curMem = []string{mem}, mem
			if use, perr := parseStorageUse(lines); perr == nil {
				use.Mem = mem
				s.b.health.update(func(f *facts) { f.SIM = use })
			}
			return nil
		}
		if !at.IsError(err) {
			return err
		}
	}
	s.b.log.Warn("modem: cannot select a storage; using the modem's default", "err", err)
	return nil
}
