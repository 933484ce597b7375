package show

import "sync"

// Event is one notification as a Hub subscriber receives it.
type Event struct {
	Name    string
	Payload any
}

// Hub is a Notifier that fans events out to any number of subscribers (the
// HTTP server's SSE streams, the Wails facade). Notify never blocks: each
// subscriber has its own queue in which snapshot events (state, tally, health,
// story) replace an older one of the same name, so a slow subscriber skips
// intermediate tallies but always receives the latest state.
type Hub struct {
	mu     sync.Mutex
	subs   map[*subscriber]struct{}
	closed bool
}

var _ Notifier = (*Hub)(nil)

// NewHub returns an empty hub.
func NewHub() *Hub {
	return &Hub{subs: make(map[*subscriber]struct{})}
}

// Notify queues the event for every subscriber. It never blocks.
func (h *Hub) Notify(name string, payload any) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for s := range h.subs {
		s.push(Event{Name: name, Payload: payload})
	}
}

// Subscribe returns a channel of events with room for buf events (at least 1)
// and a cancel function that unsubscribes and closes the channel. Cancel is
// idempotent; every subscriber must call it. After Close the channel is closed.
func (h *Hub) Subscribe(buf int) (<-chan Event, func()) {
	if buf < 1 {
		buf = 1
	}
	s := &subscriber{
		out:   make(chan Event, buf),
		wake:  make(chan struct{}, 1),
		done:  make(chan struct{}),
		limit: 4 * buf,
	}
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		close(s.out)
		return s.out, func() {}
	}
	h.subs[s] = struct{}{}
	h.mu.Unlock()
	go s.pump()
	cancel := func() {
		h.mu.Lock()
		delete(h.subs, s)
		h.mu.Unlock()
		s.end()
	}
	return s.out, cancel
}

// Close ends every subscription (their channels close) and drops later events.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return
	}
	h.closed = true
	for s := range h.subs {
		delete(h.subs, s)
		s.end()
	}
}

// snapshot events carry a whole document: a newer one makes an older one
// useless, so queues keep only the latest of each.
func snapshot(name string) bool {
	switch name {
	case EventState, EventTally, EventHealth, EventStory, EventTimings:
		return true
	}
	return false
}

// subscriber owns a queue drained into out by its pump goroutine.
type subscriber struct {
	mu    sync.Mutex
	queue []Event
	limit int // most queued events; beyond it the oldest non-state event goes
	out   chan Event
	wake  chan struct{}
	done  chan struct{}
	once  sync.Once
}

// end stops the pump, which then closes out; safe to call twice.
func (s *subscriber) end() { s.once.Do(func() { close(s.done) }) }

// push queues ev without blocking, coalescing snapshots and bounding the queue.
func (s *subscriber) push(ev Event) {
	s.mu.Lock()
	if snapshot(ev.Name) {
		for i, q := range s.queue {
			if q.Name == ev.Name {
				s.queue = append(s.queue[:i], s.queue[i+1:]...)
				break
			}
		}
	}
	s.queue = append(s.queue, ev)
	if len(s.queue) > s.limit {
		s.dropOne()
	}
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// dropOne removes the oldest event that is not a state event.
func (s *subscriber) dropOne() {
	for i, q := range s.queue {
		if q.Name != EventState {
			s.queue = append(s.queue[:i], s.queue[i+1:]...)
			return
		}
	}
}

// pump moves queued events to out until done, then closes out.
func (s *subscriber) pump() {
	defer close(s.out)
	for {
		s.mu.Lock()
		var ev Event
		have := len(s.queue) > 0
		if have {
			ev = s.queue[0]
			s.queue = s.queue[1:]
		}
		s.mu.Unlock()
		if !have {
			select {
			case <-s.wake:
				continue
			case <-s.done:
				return
			}
		}
		select {
		case s.out <- ev:
		case <-s.done:
			return
		}
	}
}
