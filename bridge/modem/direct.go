package modem

import (
	"context"
	"strings"
	"time"

	"forkcast/bridge/modem/at"
	"forkcast/bridge/modem/pdu"
)

// receiveDirect handles a text the modem handed over as +CMT instead of
// storing it. It is acknowledged (+CNMA) only after the engine (or the parts
// store) committed it; without the acknowledgement the network delivers it
// again, and the modem stops forwarding texts until +CNMI is set again, which
// is done after any failure.
func (s *session) receiveDirect(ctx context.Context, u at.Unsolicited) error {
	length := lastInt(fields(strings.TrimPrefix(u.Line, "+CMT:")))
	d := pdu.Decode(u.Body, length)
	committed := false
	switch {
	case s.recent.has(d.Hash), d.Kind == pdu.KindReport, d.Kind == pdu.KindPort:
		committed = true
	case d.Kind == pdu.KindText && d.Total > 1:
		_, err := s.storePart(ctx, d, length)
		committed = err == nil
		if committed {
			ready, err := s.assembled(ctx)
			if err != nil {
				return err
			}
			if _, err := s.deliver(ctx, ready); err != nil {
				return err
			}
		}
	default:
		if _, err := s.deliver(ctx, []pending{s.message(d, true)}); err != nil {
			return err
		}
		committed = s.recent.has(d.Hash)
	}
	if !committed {
		return s.rearm(ctx)
	}
	if !s.ackCMT {
		return nil
	}
	err := s.run(ctx, "AT+CNMA")
	if answered(err) != nil {
		return err
	}
	if err != nil {
		s.b.log.Warn("modem: +CNMA refused; setting notifications again", "err", err)
		return s.rearm(ctx)
	}
	return nil
}

// rearm sets the notifications again after a text was not acknowledged.
func (s *session) rearm(ctx context.Context) error {
	if err := s.pause(ctx, 200*time.Millisecond); err != nil {
		return err
	}
	return s.setNotify(ctx)
}
