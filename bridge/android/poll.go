package android

import (
	"context"
	"errors"
	"net/http"
	"time"
)

// How the inbox is read (the app lists it newest first, by time stamp, with
// limit/offset pages and the range's X-Total-Count):
//
//   - Every Poll, the Source reads every text stamped at or after
//     Cursor.BelowFrom, page by page until a short page. A text written while
//     the pages are read pushes older ones to later offsets: it can make a
//     text be read twice (the id dedupes it), never skipped.
//   - Every checkEvery, it asks how many texts lie in [Since, BelowFrom).
//     When that differs from Cursor.Below, a text landed below the read
//     window (the network delivered it late): the next read starts at Since.
//   - At the same time it moves BelowFrom up to Lookback before now (on both
//     the laptop's and the phone's clock), counting [Since, new BelowFrom)
//     before reading, so a text that lands there during the read is both
//     read and noticed by the next count, never lost.
//   - The cursor is saved only after the engine committed everything read.
const checkEvery = 5 * time.Second

// healthEvery is how often the phone's battery and network are refreshed.
const healthEvery = 10 * time.Second

// freshAfter starts a new cursor when the saved one is older: a new day is a
// new show, and its inbox is not read back to yesterday.
const freshAfter = 12 * time.Hour

// poller is the read state, owned by pollLoop.
type poller struct {
	cur       Cursor
	loaded    bool
	lastCheck time.Time
	lastInfo  time.Time
	lastHook  time.Time
	hookOK    bool
}

func (s *Source) pollLoop(ctx context.Context) {
	p := &poller{}
	t := time.NewTicker(s.cfg.Poll)
	defer t.Stop()
	for {
		s.pollOnce(ctx, p)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// pollOnce refreshes what is due and reads the inbox once.
func (s *Source) pollOnce(ctx context.Context, p *poller) {
	now := s.cfg.Now()
	if now.Sub(p.lastInfo) >= healthEvery || !p.loaded {
		if err := s.refreshInfo(ctx, p); err != nil {
			s.failed(ctx, err)
			return
		}
		s.answered()
		p.lastInfo = now
	}
	if s.cfg.Webhook != "" && (!p.hookOK && now.Sub(p.lastHook) >= 30*time.Second || now.Sub(p.lastHook) >= 5*time.Minute) {
		p.hookOK = s.registerWebhook(ctx)
		p.lastHook = now
	}
	if s.h.inbox() == inboxNo {
		s.ready.Store(true)
		if now.Sub(p.lastCheck) < time.Minute {
			return
		}
		p.lastCheck = now // try again now and then: the app may have been updated
	}
	if err := s.sweep(ctx, p); err != nil {
		s.failed(ctx, err)
		return
	}
	s.answered()
	s.ready.Store(true)
}

// refreshInfo reads /health and /device, and loads or starts the cursor.
func (s *Source) refreshInfo(ctx context.Context, p *poller) error {
	hb, err := s.api.health(ctx)
	if err != nil {
		return err
	}
	dev, err := s.api.device(ctx)
	if err != nil {
		return err
	}
	s.h.update(func(f *facts) {
		f.Version, f.Status, f.Device = hb.Version, hb.Status, dev.Name
		f.Battery, f.Charging = check(hb, "battery:level"), check(hb, "battery:charging")
		f.Transport, f.Cellular = check(hb, "connection:transport"), check(hb, "connection:cellular")
	})
	if !p.loaded {
		snap, err := s.state.Load(ctx, s.cfg.Now().Add(-keepPairs))
		if err != nil {
			return err
		}
		p.cur, p.loaded = snap.Cursor, true
	}
	now := s.cfg.Now()
	if p.cur.Since.IsZero() || p.cur.Device != dev.ID || now.Sub(p.cur.Saved) > freshAfter {
		if !p.cur.Since.IsZero() {
			s.log.Info("android: starting a new read of the inbox", "reason", "another phone or an old cursor")
		}
		since := s.windowStart(now)
		p.cur = Cursor{Since: since, BelowFrom: since, Device: dev.ID, Saved: now}
		if err := s.state.SaveCursor(ctx, p.cur); err != nil {
			return err
		}
	}
	return nil
}

// check returns a health check's observed value, -1 when absent.
func check(hb healthBody, name string) int {
	c, ok := hb.Checks[name]
	if !ok {
		return -1
	}
	return int(c.ObservedValue)
}

// windowStart is Lookback before now on whichever clock, the laptop's (for
// network time stamps) or the phone's (for its own), is behind.
func (s *Source) windowStart(now time.Time) time.Time {
	skew, _ := s.api.skew.get()
	return now.Add(min(skew, 0)).Add(-s.cfg.Lookback).Truncate(time.Millisecond)
}

// sweep reads the inbox once (see the comment at the top of this file).
func (s *Source) sweep(ctx context.Context, p *poller) error {
	now := s.cfg.Now()
	cur := p.cur
	from := cur.BelowFrom
	var rebase bool
	var newFrom time.Time
	var newBelow int
	if now.Sub(p.lastCheck) >= s.checkEvery {
		if cur.BelowFrom.After(cur.Since) {
			n, err := s.count(ctx, cur.Since, cur.BelowFrom)
			if err != nil {
				return err
			}
			if n != cur.Below {
				s.log.Info("android: a text arrived late, below the read window; reading the whole show's inbox")
				from = cur.Since
			}
		}
		newFrom = later(s.windowStart(now), cur.BelowFrom)
		if newFrom.After(cur.Since) {
			n, err := s.count(ctx, cur.Since, newFrom)
			if err != nil {
				return err
			}
			newBelow = n
		}
		rebase, p.lastCheck = true, now
	}
	if err := s.readFrom(ctx, from, now); err != nil {
		return err
	}
	if rebase {
		cur.BelowFrom, cur.Below = newFrom, newBelow
	}
	cur.Saved = s.cfg.Now()
	if err := s.state.SaveCursor(ctx, cur); err != nil {
		return err
	}
	p.cur = cur
	return nil
}

// farAhead is the end of every read range: the app's default end is the
// phone's now, which would hide texts stamped by a network clock ahead of it.
const farAhead = 48 * time.Hour

// count returns how many texts are stamped in [from, to).
func (s *Source) count(ctx context.Context, from, to time.Time) (int, error) {
	_, total, err := s.inboxPage(ctx, from, to.Add(-time.Millisecond), 1, 0)
	if err != nil {
		return 0, err
	}
	if total < 0 {
		return 0, errors.New("GET /inbox: the phone sent no X-Total-Count")
	}
	return total, nil
}

// readFrom reads every text stamped at or after from, then commits them:
// network-stamped copies first, so a phone-stamped twin always pairs with
// one already known, whatever order the pages listed them in.
func (s *Source) readFrom(ctx context.Context, from, now time.Time) error {
	skew, _ := s.api.skew.get()
	to := later(now, now.Add(skew)).Add(farAhead)
	var network, phone []delivery
	for offset := 0; ; offset += inboxPageSize {
		rows, total, err := s.inboxPage(ctx, from, to, inboxPageSize, offset)
		if err != nil {
			return err
		}
		if offset == 0 {
			s.h.update(func(f *facts) { f.Total = total })
		}
		arrived := s.cfg.Now()
		for _, r := range rows {
			d, ok := s.inboxDelivery(r, arrived)
			switch {
			case !ok:
			case phoneStamped(d.Stamp):
				phone = append(phone, d)
			default:
				network = append(network, d)
			}
		}
		if len(rows) < inboxPageSize {
			break
		}
	}
	all := append(network, phone...)
	for len(all) > 0 {
		n := min(len(all), maxBatch)
		if err := s.submit(ctx, all[:n]); err != nil {
			return err
		}
		all = all[n:]
	}
	return nil
}

// inboxPage reads one page and learns whether the app has an inbox at all.
func (s *Source) inboxPage(ctx context.Context, from, to time.Time, limit, offset int) ([]inboxRow, int, error) {
	rows, total, err := s.api.inbox(ctx, from, to, limit, offset)
	var ae *APIError
	switch {
	case errors.As(err, &ae) && (ae.Status == http.StatusNotFound || ae.Status == http.StatusMethodNotAllowed):
		if s.h.inbox() != inboxNo {
			s.log.Warn("android: this version of the app has no GET /inbox (1.59 or later has): webhooks only")
		}
		s.h.update(func(f *facts) { f.Inbox = inboxNo })
		return nil, 0, errNoInbox
	case err == nil:
		s.h.update(func(f *facts) { f.Inbox = inboxYes })
	}
	return rows, total, err
}

// errNoInbox means the app cannot list its inbox; it is not a failure of the phone.
var errNoInbox = errors.New("the app has no inbox API")

// inboxDelivery turns an inbox row into a delivery; rows of other SIMs, and
// anything but SMS, are left alone.
func (s *Source) inboxDelivery(r inboxRow, arrived time.Time) (delivery, bool) {
	if r.Type != "" && r.Type != "SMS" || r.CreatedAt.IsZero() {
		return delivery{}, false
	}
	sim := 0
	if r.SIMNumber != nil {
		sim = *r.SIMNumber
	}
	if s.cfg.SIM != 0 && sim != 0 && sim != s.cfg.SIM {
		return delivery{}, false
	}
	return delivery{Sender: r.Sender, Text: r.Content, SIM: sim, Stamp: r.CreatedAt.Time, Arrived: arrived, Via: "inbox"}, true
}

// failed records a failed exchange with the phone.
func (s *Source) failed(ctx context.Context, err error) {
	if ctx.Err() != nil || errors.Is(err, errNoInbox) {
		return
	}
	now := s.cfg.Now()
	s.h.update(func(f *facts) {
		if f.FailSince.IsZero() {
			s.log.Warn("android: the phone did not answer", "err", err)
			f.FailSince = now
		}
		f.LastErr = err
	})
}

// answered records a good exchange.
func (s *Source) answered() {
	now := s.cfg.Now()
	s.h.update(func(f *facts) {
		if !f.FailSince.IsZero() {
			s.log.Info("android: the phone answers again")
		}
		f.Reached, f.LastOK, f.FailSince, f.LastErr = true, now, time.Time{}, nil
	})
}

func (h *health) inbox() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.f.Inbox
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
