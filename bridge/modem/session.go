package modem

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"forkcast/app/vote"
	"forkcast/bridge/modem/at"
)

// session is one connection to the modem: open, set up, receive until the port
// goes away or ctx ends. One goroutine runs it, so one command runs at a time.
type session struct {
	b    *Bridge
	sink vote.Sink
	port *at.Port
	link *at.Link

	info     modemInfo
	lists    [][]string // storages per +CPMS parameter
	mems     []string   // storages to read (the receive storage, plus any +CMTI names)
	named    []string   // storages +CMTI named: read again after every set-up
	curMem   string     // storage AT+CMGL currently reads
	direct   bool       // texts arrive as +CMT (no storage)
	ackCMT   bool       // +CMT must be acknowledged with +CNMA
	cnmi     string     // the +CNMI setting applied, "" when polling only
	byIndex  bool       // AT+CMGL is broken: read slot by slot
	listFail int

	needDrain bool
	needInit  bool
	smsReady  bool
	cmts      []at.Unsolicited
	live      map[int]time.Time // +CMTI index → when it was announced
	timeouts  int
	recent    *hashSet // PDU hashes the engine has committed
	nextReply time.Time
	purged    time.Time   // last purge of delivered parts
	inits     []time.Time // when set-up last ran, to stop a restart loop
}

// session opens the device and runs until it fails or ctx ends.
func (b *Bridge) session(ctx context.Context, sink vote.Sink) error {
	device := b.device()
	b.health.connecting(device)
	rwc, err := openSerial(device, b.cfg.Baud)
	if err != nil {
		return err
	}
	s := &session{b: b, sink: sink, port: at.NewPort(rwc), live: map[int]time.Time{}, recent: newHashSet(4096)}
	defer s.port.Close()
	s.link = at.NewLink(s.port, b.log, b.cfg.CommandTimeout, s.unsolicited)
	b.log.Info("modem: opened", "device", device, "baud", b.cfg.Baud)
	b.health.update(func(f *facts) { f.Device = device })
	if err := s.setup(ctx); err != nil {
		return err
	}
	b.rememberDevice(device, s.info.IMEI)
	b.health.update(func(f *facts) { f.Ready = true })
	return s.loop(ctx)
}

// loop receives until the port goes away or ctx ends.
func (s *session) loop(ctx context.Context) error {
	poll := time.NewTicker(s.b.cfg.PollInterval)
	defer poll.Stop()
	refresh := time.NewTicker(s.b.cfg.HealthInterval)
	defer refresh.Stop()
	s.needDrain = true
	for {
		if err := s.work(ctx); err != nil {
			return err
		}
		var replyC <-chan outgoing
		var replyWait, again <-chan time.Time
		if s.busy() {
			again = closedTime // more to do: look at the port, then carry on
		} else if len(s.b.replies) > 0 {
			// Paced on the bridge's clock (Config.Now), so a test can move it.
			if wait := s.nextReply.Sub(s.b.now()); wait > 0 {
				replyWait = time.After(wait)
				s.b.repliesHeld.Add(1)
			} else {
				replyC = s.b.replies
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case t, ok := <-s.port.Tokens():
			if !ok {
				return s.port.Err()
			}
			s.link.Idle(t)
		case <-poll.C:
			s.needDrain = true
		case <-refresh.C:
			if err := s.recover(ctx, s.refreshHealth(ctx)); err != nil {
				return err
			}
		case <-replyWait:
		case <-again:
		case r := <-replyC:
			if err := s.recover(ctx, s.sendReply(ctx, r)); err != nil {
				return err
			}
			s.nextReply = s.b.now().Add(s.b.cfg.ReplyInterval)
		}
	}
}

// work does what the flags ask, receive first: set-up again after a reset,
// direct texts, then the SIM.
func (s *session) work(ctx context.Context) error {
	for i := 0; i < 8; i++ {
		if s.link.TakeReset() || s.needInit {
			s.needInit = false
			s.b.log.Info("modem: setting up again (the modem restarted or misbehaved)")
			if err := s.recover(ctx, s.setup(ctx)); err != nil {
				return err
			}
			s.needDrain = true
			continue
		}
		if len(s.cmts) > 0 {
			u := s.cmts[0]
			s.cmts = s.cmts[1:]
			if err := s.recover(ctx, s.receiveDirect(ctx, u)); err != nil {
				return err
			}
			continue
		}
		if s.needDrain {
			s.needDrain = false
			if err := s.recover(ctx, s.drain(ctx)); err != nil {
				return err
			}
			continue
		}
		return nil
	}
	return nil
}

// busy reports receive work still to do.
func (s *session) busy() bool {
	return s.needInit || s.needDrain || len(s.cmts) > 0 || s.link.ResetPending()
}

// closedTime is always ready.
var closedTime = func() <-chan time.Time {
	c := make(chan time.Time)
	close(c)
	return c
}()

// exec runs one command, counting consecutive timeouts for recover.
func (s *session) exec(ctx context.Context, r at.Request) ([]string, error) {
	lines, err := s.link.Exec(ctx, r)
	if (err == nil || at.IsError(err)) && s.timeouts > 0 {
		s.timeouts = 0
		s.b.health.silent(0)
	}
	return lines, err
}

// run is exec for commands whose info lines do not matter.
func (s *session) run(ctx context.Context, cmd string) error {
	_, err := s.exec(ctx, at.Request{Cmd: cmd})
	return err
}

// recover decides what an error means for the session: nil to carry on, or
// the error that ends it. Consecutive timeouts escalate: ESC, set up again,
// radio off and on, then reopen the port (AT+CFUN=1,1 first if allowed).
func (s *session) recover(ctx context.Context, err error) error {
	switch {
	case err == nil:
		return nil
	case ctx.Err() != nil:
		return ctx.Err()
	case errors.Is(err, at.ErrPortGone), errors.Is(err, at.ErrWriteTimeout), isFatal(err), errors.Is(err, errNoSIM):
		return err
	case errors.Is(err, at.ErrReset):
		s.needInit = true
		return nil
	case !errors.Is(err, at.ErrTimeout):
		s.b.log.Warn("modem: command failed", "err", err)
		return nil
	}
	s.timeouts++
	s.b.log.Warn("modem: timeout", "err", err, "consecutive", s.timeouts)
	s.b.health.silent(s.timeouts)
	quick := min(2*time.Second, s.b.cfg.CommandTimeout)
	switch s.timeouts {
	case 1:
		// ESC cancels a stuck "> " prompt; then check the modem answers.
		if werr := s.port.Write([]byte("\x1b\r")); werr != nil {
			return werr
		}
		_, err = s.link.Exec(ctx, at.Request{Cmd: "AT", Timeout: quick})
		if err == nil {
			s.timeouts = 0
		}
	case 2:
		s.needInit = true
	case 3:
		// Unsynced: these must reach a modem that answers nothing, even
		// while the link is out of step (a resynchronising AT would fail).
		_, _ = s.exec(ctx, at.Request{Cmd: "AT+CFUN=0", Unsynced: true})
		_, _ = s.exec(ctx, at.Request{Cmd: "AT+CFUN=1", Unsynced: true})
		s.needInit = true
	default:
		if s.b.cfg.AllowModemReset {
			_, _ = s.exec(ctx, at.Request{Cmd: "AT+CFUN=1,1", Unsynced: true})
		}
		return fmt.Errorf("%w: %v", errUnresponsive, err)
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return nil
}

// unsolicited handles a line the modem sent on its own. It runs inside exec
// or idle, so it only records what to do.
func (s *session) unsolicited(u at.Unsolicited) {
	switch {
	case strings.HasPrefix(u.Line, "+CMTI:") || strings.HasPrefix(u.Line, "+CDSI:"):
		s.needDrain = true
		if mem, idx, err := parseCMTI(u.Line); err == nil && strings.HasPrefix(u.Line, "+CMTI:") {
			s.live[idx] = time.Now()
			s.addMem(mem)
		}
	case strings.HasPrefix(u.Line, "+CMT:"):
		if u.Body != "" {
			s.cmts = append(s.cmts, u)
		}
	case strings.HasPrefix(u.Line, "^SMMEMFULL"), strings.Contains(u.Line, "MEMORY FULL"):
		s.needDrain = true
		s.b.log.Warn("modem: SIM storage full; draining", "line", u.Line)
	case u.Line == "SMS Ready" || u.Line == "+QIND: SMS DONE" || u.Line == "SMS DONE":
		s.smsReady = true
	case strings.HasPrefix(u.Line, "^RSSI:"):
		if n, err := parseCSQ([]string{"+CSQ:" + strings.TrimPrefix(u.Line, "^RSSI:")}); err == nil {
			s.b.health.update(func(f *facts) { f.RSSI = n })
		}
	case strings.HasPrefix(u.Line, "+CREG:"):
		s.b.log.Debug("modem: registration changed", "line", u.Line)
	default:
		s.b.log.Debug("modem: unsolicited", "line", u.Line)
	}
}

// addMem adds a storage named by +CMTI to those read, if the modem can read
// it, and remembers it in named for the next set-up.
func (s *session) addMem(mem string) {
	if mem == "" {
		return
	}
	if len(s.lists) > 0 && !contains(s.lists[0], mem) {
		return
	}
	if !slices.Contains(s.named, mem) {
		s.named = append(s.named, mem)
	}
	if !slices.Contains(s.mems, mem) {
		s.mems = append(s.mems, mem)
	}
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if strings.EqualFold(x, v) {
			return true
		}
	}
	return false
}

// hashSet remembers up to n hashes, forgetting the oldest.
type hashSet struct {
	n     int
	order []string
	set   map[string]bool
}

func newHashSet(n int) *hashSet { return &hashSet{n: n, set: map[string]bool{}} }

func (h *hashSet) has(k string) bool { return h.set[k] }

func (h *hashSet) add(k string) {
	if h.set[k] {
		return
	}
	h.set[k] = true
	h.order = append(h.order, k)
	if len(h.order) > h.n {
		delete(h.set, h.order[0])
		h.order = h.order[1:]
	}
}
