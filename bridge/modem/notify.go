package modem

import (
	"context"
	"fmt"
	"strings"

	"forkcast/bridge/modem/at"
)

// setNotify asks the modem to store each text and announce it (+CMTI), or,
// when it can only hand texts over directly, to send +CMT with acknowledgement.
// A modem that takes neither is read on the poll timer alone.
func (s *session) setNotify(ctx context.Context) error {
	lines, err := s.exec(ctx, at.Request{Cmd: "AT+CNMI=?", Prefix: "+CNMI:"})
	if answered(err) != nil {
		return err
	}
	var cands []string
	if ranges, perr := parseRanges(lines, "+CNMI:"); err == nil && perr == nil {
		if c := chooseCNMI(ranges); c != "" {
			cands = append(cands, c)
		}
	}
	cands = append(cands, "2,1,0,0,0", "1,1,0,0,0")
	s.direct, s.ackCMT, s.cnmi = false, false, ""
	for _, c := range cands {
		direct := strings.HasPrefix(c[strings.Index(c, ",")+1:], "2")
		if direct {
			// Phase 2+ makes the modem wait for +CNMA, so a text is only
			// acknowledged to the network after the engine stored it.
			s.ackCMT = s.run(ctx, "AT+CSMS=1") == nil
		}
		err := s.run(ctx, "AT+CNMI="+c)
		if err == nil {
			s.direct, s.cnmi = direct, c
			notify := "+CMTI"
			if direct {
				notify = "+CMT"
			}
			s.b.health.update(func(f *facts) { f.Notify = notify })
			s.b.log.Info("modem: notifications on", "cnmi", c, "ack", s.ackCMT)
			return nil
		}
		if !at.IsError(err) {
			return err
		}
	}
	s.b.health.update(func(f *facts) { f.Notify = "polling" })
	s.b.log.Warn("modem: no new-text notifications; reading on a timer only")
	return nil
}

// chooseCNMI picks mode, mt, bm, ds, bfr from the supported values: buffer
// notifications while busy (mode 2), store and notify (mt 1) or else deliver
// directly (mt 2), no broadcasts or status reports, flush the buffer (bfr 0).
// It returns "" when the modem cannot notify new texts at all.
func chooseCNMI(r [][]int) string {
	pick := func(i int, prefs ...int) (int, bool) {
		if i >= len(r) {
			return 0, false
		}
		for _, p := range prefs {
			for _, v := range r[i] {
				if v == p {
					return v, true
				}
			}
		}
		if len(r[i]) > 0 && len(prefs) == 1 {
			return r[i][0], true
		}
		return 0, false
	}
	mode, ok1 := pick(0, 2, 1, 3)
	mt, ok2 := pick(1, 1, 2)
	if !ok1 || !ok2 {
		return ""
	}
	out := fmt.Sprintf("%d,%d", mode, mt)
	for i := 2; i < len(r) && i < 5; i++ {
		v, ok := pick(i, 0)
		if !ok {
			break
		}
		out += fmt.Sprintf(",%d", v)
	}
	return out
}

// refreshHealth reads signal, registration, operator and storage use.
func (s *session) refreshHealth(ctx context.Context) error {
	ask := func(cmd, prefix string) ([]string, error) {
		lines, err := s.exec(ctx, at.Request{Cmd: cmd, Prefix: prefix})
		return lines, answered(err)
	}
	lines, err := ask("AT+CSQ", "+CSQ:")
	if err != nil {
		return err
	}
	rssi, _ := parseCSQ(lines)
	if lines, err = ask("AT+CREG?", "+CREG:"); err != nil {
		return err
	}
	reg, _ := parseCREG(lines)
	if _, err = ask("AT+COPS=3,0", ""); err != nil {
		return err
	}
	if lines, err = ask("AT+COPS?", "+COPS:"); err != nil {
		return err
	}
	op := parseCOPS(lines)
	if lines, err = ask("AT+CPMS?", "+CPMS:"); err != nil {
		return err
	}
	use, uerr := parseStorageUse(lines)
	if err := s.checkNotify(ctx); err != nil {
		return err
	}
	s.b.health.update(func(f *facts) {
		f.RSSI, f.Reg, f.Operator = rssi, reg, op
		if uerr == nil {
			f.SIM = use
		}
	})
	return nil
}

// checkNotify sets the notifications again when the modem dropped them: it
// does so by itself after an unacknowledged +CMT, and after a quiet reset.
func (s *session) checkNotify(ctx context.Context) error {
	if s.cnmi == "" {
		return nil
	}
	lines, err := s.exec(ctx, at.Request{Cmd: "AT+CNMI?", Prefix: "+CNMI:"})
	if err != nil {
		return answered(err)
	}
	v, ok := after(lines, "+CNMI:")
	if !ok || strings.HasPrefix(strings.ReplaceAll(v, " ", "")+",", s.cnmi+",") {
		return nil
	}
	s.b.log.Warn("modem: notifications were switched off; setting them again", "had", v, "want", s.cnmi)
	return s.setNotify(ctx)
}
