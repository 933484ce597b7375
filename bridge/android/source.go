package android

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"forkcast/app/vote"
)

// Source is the Android phone as a vote.Source: it reads the app's inbox,
// receives its webhooks (WebhookHandler), and texts back through the app
// (Reply). Make one with New.
type Source struct {
	cfg   Config
	log   *slog.Logger
	api   *client
	state State
	h     health

	checkEvery time.Duration // how often the count below the read window is checked

	running atomic.Bool
	stopped atomic.Pointer[chan struct{}] // closed when the current Run ends
	ready   atomic.Bool                   // the first inbox read is done: webhooks are taken
	subs    chan *submission

	// owned by the ingest loop
	ids       *identifier
	committed map[string]time.Time // provider id -> stamp (laptop clock)

	secret  []byte
	optout  *optOuts
	replyOn atomic.Bool
	replies chan outgoing
	legacy  atomic.Bool // the app wants the old {"message": ...} send body
}

var (
	_ vote.Source  = (*Source)(nil)
	_ vote.Replier = (*Source)(nil)
)

// errRunning is returned by a second concurrent Run.
var errRunning = errors.New("android: Run is already running")

// errStopped is given to texts waiting for a commit when Run ends.
var errStopped = errors.New("android: the source stopped")

// New checks c and loads the saved state. It fails when c is invalid (see
// Config.Validate) or the state cannot be read.
func New(c Config) (*Source, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	c = c.withDefaults()
	st := c.State
	if st == nil {
		st = newMemState()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	snap, err := st.Load(ctx, c.Now().Add(-keepPairs))
	if err != nil {
		return nil, err
	}
	s := &Source{cfg: c, log: c.Logger, api: newClient(c), state: st, subs: make(chan *submission, 256),
		ids: newIdentifier(snap.Secret, snap.Pairs), committed: map[string]time.Time{}, secret: snap.Secret,
		replies: make(chan outgoing, 64), checkEvery: checkEvery}
	if snap.OptOut == nil {
		snap.OptOut = map[string]bool{}
	}
	s.optout = &optOuts{keys: snap.OptOut, state: st, secret: snap.Secret}
	s.replyOn.Store(c.Replies)
	s.h = health{name: c.Name, downAfter: max(5*time.Second, 3*c.Poll), noHook: noHookAfter, now: c.Now,
		f: facts{Battery: -1, Charging: -1, Transport: -1, Cellular: -1, Total: -1}}
	return s, nil
}

// keepPairs is how long id decisions are kept: long past any twin's arrival.
const keepPairs = 2 * time.Hour

// Name returns the source name ("android" unless Config.Name says otherwise).
func (s *Source) Name() string { return s.cfg.Name }

// Health reports the phone's state; safe for concurrent use.
func (s *Source) Health() vote.Health {
	if d, ok := s.api.skew.get(); ok {
		s.h.update(func(f *facts) { f.Skew, f.SkewKnown = d, true })
	}
	return s.h.get()
}

// Run reads the phone and hands its texts to sink until ctx ends. It keeps
// trying when the phone does not answer (Health says so) and returns
// ctx.Err() on a clean stop; it fails at once if already running.
func (s *Source) Run(ctx context.Context, sink vote.Sink) error {
	if !s.running.CompareAndSwap(false, true) {
		return errRunning
	}
	defer s.running.Store(false)
	s.h.update(func(f *facts) {
		*f = facts{Running: true, Battery: -1, Charging: -1, Transport: -1, Cellular: -1, Total: -1}
	})
	defer s.h.update(func(f *facts) { f.Running = false })
	inner, cancel := context.WithCancel(ctx)
	defer cancel()
	stopped := make(chan struct{})
	s.stopped.Store(&stopped)
	defer close(stopped)
	var wg sync.WaitGroup
	wg.Go(func() { s.ingestLoop(inner, sink) })
	wg.Go(func() { s.replyLoop(inner) })
	s.pollLoop(inner)
	cancel()
	wg.Wait()
	s.ready.Store(false)
	return ctx.Err()
}

// submission is a group of deliveries waiting for one commit.
type submission struct {
	ds   []delivery
	done chan error // buffered: the ingest loop never blocks on it
}

// maxBatch is the most texts handed to one Ingest.
const maxBatch = 500

// submit hands ds to the ingest loop and waits until the engine committed
// them (nil), refused them, or ctx ended.
func (s *Source) submit(ctx context.Context, ds []delivery) error {
	p := s.stopped.Load()
	if p == nil || !s.running.Load() {
		return errStopped
	}
	stopped := *p
	sub := &submission{ds: ds, done: make(chan error, 1)}
	select {
	case s.subs <- sub:
	case <-ctx.Done():
		return ctx.Err()
	case <-stopped:
		return errStopped
	}
	select {
	case err := <-sub.done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	case <-stopped:
		return errStopped
	}
}

// ingestLoop commits submissions in order, gathering those that wait into
// one Ingest: under load many texts share one commit.
func (s *Source) ingestLoop(ctx context.Context, sink vote.Sink) {
	lastPrune := s.cfg.Now()
	for {
		var batch []*submission
		select {
		case <-ctx.Done():
			for {
				select {
				case sub := <-s.subs:
					sub.done <- errStopped
				default:
					return
				}
			}
		case sub := <-s.subs:
			batch = append(batch, sub)
		}
		n := len(batch[0].ds)
	gather:
		for n < maxBatch {
			select {
			case sub := <-s.subs:
				batch = append(batch, sub)
				n += len(sub.ds)
			default:
				break gather
			}
		}
		err := s.commit(ctx, sink, batch)
		for _, sub := range batch {
			sub.done <- err
		}
		if now := s.cfg.Now(); now.Sub(lastPrune) > 10*time.Minute {
			s.prune(ctx)
			lastPrune = now
		}
	}
}

// commit gives each delivery its id, saves the id decisions, and hands the
// texts the engine has not yet committed to it in one Ingest.
func (s *Source) commit(ctx context.Context, sink vote.Sink, batch []*submission) error {
	skew, _ := s.api.skew.get()
	var msgs []vote.Message
	var pairs []Pair
	fresh := map[string]time.Time{}
	byInbox := 0
	for _, sub := range batch {
		for _, d := range sub.ds {
			id, at, p := s.ids.assign(d, skew)
			if p != nil {
				pairs = append(pairs, *p)
			}
			if _, done := s.committed[id]; done {
				continue
			}
			if _, dup := fresh[id]; dup {
				continue
			}
			fresh[id] = at
			if d.Via == "inbox" {
				byInbox++
			}
			msgs = append(msgs, vote.Message{Source: s.cfg.Name, ProviderID: id, Sender: d.Sender,
				Text: d.Text, ReceivedAt: receivedAt(at, d.Arrived)})
		}
	}
	// Decisions are saved before the engine sees their texts, so a restart
	// gives a text the id it was committed under.
	if err := s.state.SavePairs(ctx, pairs); err != nil {
		s.log.Error("android: cannot save id decisions; the texts stay on the phone", "err", err)
		return err
	}
	if len(msgs) == 0 {
		return nil
	}
	if err := sink.Ingest(ctx, msgs); err != nil {
		if ctx.Err() == nil {
			s.log.Error("android: the engine did not store the texts; they are read again", "n", len(msgs), "err", err)
			s.h.update(func(f *facts) { f.IngestErr = err })
		}
		return fmt.Errorf("ingest %d texts: %w", len(msgs), err)
	}
	now := s.cfg.Now()
	s.h.update(func(f *facts) {
		f.IngestErr = nil
		if byInbox > 0 && f.NoHook == 0 {
			f.NoHookAt = now
		}
		f.NoHook += byInbox
	})
	s.h.texts(len(msgs), now)
	for id, at := range fresh {
		s.committed[id] = at
	}
	for _, m := range msgs {
		s.optout.watch(ctx, m, s.cfg.Now(), s.log)
	}
	return nil
}

// Bounds on a text's time stamp, as for the modem: the network's clock may
// run a little fast, and a text may wait days for a switched-off phone.
const maxBehind = 7 * 24 * time.Hour

// receivedAt is when the text reached the network, on the laptop's clock,
// but never later than the laptop read it (so the phone's clock can never
// make a text count after its poll closed) nor absurdly earlier.
func receivedAt(at, arrived time.Time) time.Time {
	if at.After(arrived) || at.Before(arrived.Add(-maxBehind)) {
		return arrived
	}
	return at
}

// prune drops id decisions and committed ids older than keepPairs; the
// ingest loop calls it now and then.
func (s *Source) prune(ctx context.Context) {
	t := s.cfg.Now().Add(-keepPairs)
	s.ids.forget(t)
	for id, at := range s.committed {
		if at.Before(t) {
			delete(s.committed, id)
		}
	}
	if err := s.state.Forget(ctx, t); err != nil {
		s.log.Warn("android: cannot prune id decisions", "err", err)
	}
}
