package modem

import (
	"context"
	"fmt"
	"strings"
	"time"

	"forkcast/app/vote"
	"forkcast/bridge/modem/at"
	"forkcast/bridge/modem/pdu"
)

// pending is a text on its way to the engine, and what to clean up once the
// engine has committed it.
type pending struct {
	msg     vote.Message
	indexes []int    // SIM slots to delete
	parts   []string // stored part hashes to mark delivered
	raw     bool     // a PDU that is not a text, kept raw
}

// drain reads every storage, hands the texts to the engine, and deletes from
// the SIM only what the engine (or the parts store) has committed. A delete
// that fails is harmless: the copy is read again later and recognised by its
// hash.
func (s *session) drain(ctx context.Context) error {
	for _, mem := range s.mems {
		if err := s.drainMem(ctx, mem); err != nil {
			return err
		}
	}
	for idx, at := range s.live {
		if time.Since(at) > time.Minute {
			delete(s.live, idx) // announced in a storage never listed
		}
	}
	return nil
}

func (s *session) drainMem(ctx context.Context, mem string) error {
	if mem != "" && mem != s.curMem {
		if _, err := s.exec(ctx, at.Request{Cmd: `AT+CPMS="` + mem + `"`, Prefix: "+CPMS:"}); err != nil {
			return err
		}
		s.curMem = mem
	}
	list, err := s.list(ctx)
	if err != nil {
		return err
	}
	var out []pending
	var drop []int
	for _, e := range list {
		if e.Stat == 2 || e.Stat == 3 {
			continue // drafts and sent texts: not ours to touch
		}
		p, del, err := s.classify(ctx, e)
		if err != nil {
			return err
		}
		if del {
			drop = append(drop, e.Index)
		}
		if p != nil {
			out = append(out, *p)
		}
	}
	ready, err := s.assembled(ctx)
	if err != nil {
		return err
	}
	out = append(out, ready...)
	done, err := s.deliver(ctx, out)
	if err != nil {
		return err
	}
	deleted, err := s.delete(ctx, append(drop, done...))
	if mem == s.curMem || mem == "" {
		// What is left, without another command: the health refresh re-reads it.
		s.b.health.update(func(f *facts) { f.SIM.Used = max(0, len(list)-deleted) })
	}
	return err
}

// list reads the storage with AT+CMGL=4 (all texts, PDU mode). After a reset
// the modem may be back in text mode, where that fails: set up again; if it
// fails again right after set-up, read slot by slot with AT+CMGR.
func (s *session) list(ctx context.Context) ([]stored, error) {
	if s.byIndex {
		return s.listByIndex(ctx)
	}
	lines, err := s.exec(ctx, at.Request{Cmd: "AT+CMGL=4", Prefix: "+CMGL:"})
	switch {
	case err == nil:
		s.listFail = 0
		return parseList(lines), nil
	case at.IsCMS(err, 321):
		return nil, nil // some modems answer "invalid index" for an empty storage
	case at.IsError(err):
		s.listFail++
		if s.listFail >= 2 {
			s.b.log.Warn("modem: AT+CMGL fails; reading slot by slot", "err", err)
			s.byIndex = true
			return s.listByIndex(ctx)
		}
		s.needInit = true
		return nil, nil
	}
	return nil, err
}

// listByIndex reads every slot of the storage with AT+CMGR.
func (s *session) listByIndex(ctx context.Context) ([]stored, error) {
	lines, err := s.exec(ctx, at.Request{Cmd: "AT+CPMS?", Prefix: "+CPMS:"})
	if err != nil {
		return nil, err
	}
	use, err := parseStorageUse(lines)
	if err != nil {
		return nil, err
	}
	var out []stored
	for i := 0; i <= use.Total && len(out) < use.Used; i++ {
		lines, err := s.exec(ctx, at.Request{Cmd: fmt.Sprintf("AT+CMGR=%d", i), Prefix: "+CMGR:"})
		if at.IsError(err) {
			continue
		} else if err != nil {
			return nil, err
		}
		if st, err := parseRead(lines, i); err == nil {
			out = append(out, st)
		}
	}
	return out, nil
}

// classify decides what to do with one stored PDU: hand it over (p), delete
// it now (del: ignored kinds, copies already committed, parts stored durably),
// or leave it (a part kept on the SIM by a memory parts store).
func (s *session) classify(ctx context.Context, e stored) (p *pending, del bool, err error) {
	d := pdu.Decode(e.PDU, e.Length)
	if s.recent.has(d.Hash) {
		return nil, true, nil
	}
	switch {
	case d.Kind == pdu.KindReport || d.Kind == pdu.KindPort:
		s.b.log.Info("modem: ignoring a status report or WAP push", "index", e.Index)
		s.b.health.update(func(f *facts) { f.Ignored++ })
		return nil, true, nil
	case d.Kind == pdu.KindText && d.Total > 1:
		del, err := s.storePart(ctx, d, e.Length)
		return nil, del, err
	}
	live := false
	if at, ok := s.live[e.Index]; ok {
		live = time.Since(at) < 10*time.Second
		delete(s.live, e.Index)
	}
	p = new(pending)
	*p = s.message(d, live)
	p.indexes = []int{e.Index}
	return p, false, nil
}

// storePart adds a part to the parts store. It reports whether the SIM copy
// can go: at once with a durable store, after its text is delivered otherwise.
func (s *session) storePart(ctx context.Context, d pdu.Decoded, length int) (bool, error) {
	old, err := s.b.parts.Add(ctx, pdu.Part{Hash: d.Hash, Group: pdu.GroupKey(d.Sender, d.Ref, d.Total),
		Seq: d.Seq, Total: d.Total, PDU: d.Raw, Length: length, Seen: s.b.now()})
	if err != nil {
		return false, err
	}
	if old != nil && !old.Delivered.IsZero() {
		return true, nil
	}
	return s.b.durable, nil
}

// message turns a decoded single text into a Message. A PDU received that is
// not a text (undecodable, or an SMS-SUBMIT where a received text should be)
// goes to the engine raw and marked Unreadable, so it is stored and shown but
// never counted; an undecodable one keeps its sender when the address could
// be read (an SMS-SUBMIT's address is its recipient: dropped).
func (s *session) message(d pdu.Decoded, live bool) pending {
	m := vote.Message{Source: "modem", ProviderID: d.Hash, Sender: d.Sender, Text: d.Text,
		PDU: strings.TrimSpace(d.Raw), ReceivedAt: s.b.receivedAt(d.SCTS, live)}
	if d.Kind != pdu.KindText {
		s.b.log.Warn("modem: keeping a PDU that is not a text raw", "err", d.Err, "kind", d.Kind, "pdu", d.Raw)
		m.Text, m.ReceivedAt, m.Unreadable = "", s.b.now(), true
		if d.Kind != pdu.KindBad {
			m.Sender = ""
		}
		return pending{msg: m, raw: true}
	}
	if len(d.Fixes) > 0 {
		s.b.log.Info("modem: repaired a PDU", "fixes", d.Fixes)
	}
	return pending{msg: m}
}

// assembled returns the concatenated texts that are complete, timed out, or
// late stragglers, and purges parts delivered more than a week ago.
func (s *session) assembled(ctx context.Context) ([]pending, error) {
	parts, err := s.b.parts.Pending(ctx)
	if err != nil {
		return nil, err
	}
	now := s.b.now()
	last := func(g string) time.Time {
		t, _ := s.b.parts.LastDelivered(ctx, g)
		return t
	}
	var out []pending
	for _, a := range pdu.Assemble(parts, now, s.b.cfg.PartsTimeout, last) {
		m := vote.Message{Source: "modem", ProviderID: a.ProviderID, Sender: a.Sender, Text: a.Text,
			PDU: a.PDU, ReceivedAt: s.b.receivedAt(a.SCTS, false), Partial: a.Partial}
		if a.Partial {
			s.b.log.Warn("modem: delivering a text with parts missing", "parts", len(a.Hashes))
		}
		out = append(out, pending{msg: m, parts: a.Hashes})
	}
	s.b.health.update(func(f *facts) { f.PartsWait = len(parts) - countParts(out) })
	if now.Sub(s.purged) > 10*time.Minute {
		s.purged = now
		if err := s.b.parts.Purge(ctx, now.Add(-7*24*time.Hour)); err != nil {
			s.b.log.Warn("modem: purge parts", "err", err)
		}
	}
	return out, nil
}

func countParts(ps []pending) int {
	n := 0
	for _, p := range ps {
		n += len(p.parts)
	}
	return n
}

// deliver hands the texts to the engine in one batch and returns the SIM
// slots that may now be deleted. When the engine refuses, nothing is deleted
// and the next read retries.
func (s *session) deliver(ctx context.Context, out []pending) ([]int, error) {
	if len(out) == 0 {
		return nil, nil
	}
	msgs := make([]vote.Message, len(out))
	for i, p := range out {
		msgs[i] = p.msg
	}
	if err := s.b.ingest(ctx, s.sink, msgs); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		s.b.log.Error("modem: the engine did not store the texts; they stay on the SIM", "n", len(msgs), "err", err)
		s.b.health.update(func(f *facts) { f.IngestErr = err })
		return nil, nil
	}
	s.b.health.update(func(f *facts) { f.IngestErr = nil })
	s.b.health.received(len(msgs), s.b.now())
	var del []int
	for _, p := range out {
		if p.raw {
			s.b.health.update(func(f *facts) { f.Undecodable++ })
		}
		s.recent.add(p.msg.ProviderID)
		s.b.watchOptOut(ctx, p.msg)
		if len(p.parts) > 0 {
			if err := s.b.parts.MarkDelivered(ctx, p.parts, s.b.now()); err != nil {
				s.b.log.Warn("modem: mark parts delivered", "err", err)
			}
			for _, h := range p.parts {
				s.recent.add(h)
			}
		}
		del = append(del, p.indexes...)
	}
	return del, nil
}

// ingest calls sink.Ingest, but stops waiting shortly after ctx ends so a
// stuck sink cannot hold up a stop.
func (b *Bridge) ingest(ctx context.Context, sink vote.Sink, msgs []vote.Message) error {
	res := make(chan error, 1)
	go func() { res <- sink.Ingest(ctx, msgs) }()
	_, err := resultOrGrace(ctx, res, 200*time.Millisecond)
	return err
}

// delete removes committed texts from the SIM, one slot at a time, and
// returns how many went.
func (s *session) delete(ctx context.Context, idx []int) (int, error) {
	n := 0
	for _, i := range idx {
		err := s.run(ctx, fmt.Sprintf("AT+CMGD=%d", i))
		if err == nil {
			n++
			continue
		}
		if !at.IsError(err) {
			return n, err
		}
		s.b.log.Warn("modem: delete failed; it will be retried", "index", i, "err", err)
		s.b.health.update(func(f *facts) { f.DeleteFails++ })
	}
	return n, nil
}
