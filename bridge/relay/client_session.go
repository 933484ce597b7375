package relay

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"forkcast/app/vote"
)

// session runs one connection: it reads the stream, hands batches of texts
// to sink, and advances the cursor after each successful Ingest. It returns
// why the connection ended.
func (c *Client) session(ctx context.Context, sink vote.Sink) error {
	cur := c.getCursor()
	sctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	q := url.Values{"after": {strconv.FormatInt(cur.ID, 10)}}
	if cur.Epoch != "" {
		q.Set("epoch", cur.Epoch)
	}
	req, err := http.NewRequestWithContext(sctx, http.MethodGet, c.base+StreamPath+"?"+q.Encode(), nil)
	if err != nil {
		return fmt.Errorf("relay stream request: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+c.cfg.Token)
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("Last-Event-ID", strconv.FormatInt(cur.ID, 10))
	resp, err := c.hc.Do(req)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		return ErrUnauthorized
	case resp.StatusCode != http.StatusOK:
		return fmt.Errorf("relay answered %s", resp.Status)
	}
	if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mt != "text/event-stream" {
		return fmt.Errorf("relay answered %q, not an event stream", mt)
	}

	c.setDeadAfter(c.cfg.DeadAfter, 0)
	watchdog := time.AfterFunc(c.dead(), func() { cancel(errDead) })
	defer watchdog.Stop()
	events := make(chan Event, 1024)
	readErr := make(chan error, 1)
	go func() {
		defer close(events)
		readErr <- readEvents(sctx, &activityReader{r: resp.Body, touch: func() { watchdog.Reset(c.dead()) }}, events)
	}()
	defer func() {
		cancel(nil)
		for range events { // wait for the reader to stop
		}
	}()
	return c.consume(ctx, sctx, sink, events, readErr, watchdog)
}

// consume handles events until the stream ends or an Ingest fails.
func (c *Client) consume(ctx, sctx context.Context, sink vote.Sink, events <-chan Event,
	readErr <-chan error, watchdog *time.Timer) error {
	for {
		ev, ok := <-events
		if !ok {
			if cause := context.Cause(sctx); errors.Is(cause, errDead) {
				return fmt.Errorf("%w for %s", errDead, c.dead())
			}
			return fmt.Errorf("stream: %w", <-readErr)
		}
		// A fresh slice per batch: the sink may keep what it was handed.
		batch, last := c.handle(ev, make([]vote.Message, 0, 16))
	more:
		for len(batch) < c.cfg.MaxBatch && len(batch) > 0 {
			select {
			case ev, ok := <-events:
				if !ok {
					break more
				}
				var id int64
				batch, id = c.handle(ev, batch)
				last = max(last, id)
			default:
				break more
			}
		}
		if len(batch) == 0 {
			continue
		}
		watchdog.Stop() // the reader may block while the engine commits: not the network's fault
		err := sink.Ingest(ctx, batch)
		watchdog.Reset(c.dead())
		if err != nil {
			c.setState(vote.HealthDegraded, "The engine could not store texts; reconnecting to fetch them again.")
			return fmt.Errorf("ingest %d texts: %w", len(batch), err)
		}
		c.committed(last, batch)
	}
}

// handle processes one event, appending a text to batch; it returns the
// text's id, or 0.
func (c *Client) handle(ev Event, batch []vote.Message) ([]vote.Message, int64) {
	switch ev.Event {
	case EventHello:
		var h Hello
		if err := json.Unmarshal([]byte(ev.Data), &h); err != nil {
			c.log.Error("relay hello unreadable", "err", err)
			return batch, 0
		}
		c.hello(h)
	case EventPing:
		var p Ping
		if json.Unmarshal([]byte(ev.Data), &p) == nil {
			c.mu.Lock()
			c.queue = p.Pending
			c.mu.Unlock()
		}
	case EventText:
		var t Text
		if err := json.Unmarshal([]byte(ev.Data), &t); err != nil || t.MessageID == "" {
			c.log.Error("relay text unreadable; skipped", "id", ev.ID, "err", err)
			return batch, 0
		}
		if t.ID <= c.getCursor().ID {
			return batch, 0 // already committed (a resend)
		}
		return append(batch, vote.Message{Source: MessageSource, ProviderID: t.MessageID, Sender: t.From,
			Text: t.Text, ReceivedAt: t.ReceivedAt}), t.ID
	}
	return batch, 0
}

// hello records a new connection; a different epoch means a new relay
// store, whose ids start again.
func (c *Client) hello(h Hello) {
	if h.Heartbeat > 0 {
		c.setDeadAfter(c.cfg.DeadAfter, time.Duration(h.Heartbeat)*time.Millisecond)
	}
	c.mu.Lock()
	if c.cursor.Epoch != h.Epoch {
		if c.cursor.Epoch != "" {
			c.log.Warn("relay store changed; stream restarts", "old_epoch", c.cursor.Epoch, "epoch", h.Epoch)
		}
		c.cursor = Cursor{Epoch: h.Epoch, ID: h.After}
	}
	c.state, c.detail, c.queue = vote.HealthOK, "Connected to the relay.", h.Pending
	c.mu.Unlock()
	c.log.Info("connected to relay", "after", h.After, "pending", h.Pending)
	c.connGen.Add(1)
	kick(c.policyKick) // a restarted relay may have lost nothing, but a new one has no policy
}

// committed advances the cursor after the engine's commit and wakes the acker.
func (c *Client) committed(last int64, batch []vote.Message) {
	now := time.Now()
	c.mu.Lock()
	if last > c.cursor.ID {
		c.cursor.ID = last
	}
	c.received += int64(len(batch))
	newest := batch[len(batch)-1].ReceivedAt
	c.lastText = newest
	c.lag = now.Sub(newest)
	c.queue = max(0, c.queue-int64(len(batch)))
	c.mu.Unlock()
	if c.cfg.Group != nil {
		c.cfg.Group.saw(c, newest)
	}
	kick(c.ackKick)
}

func (c *Client) setDeadAfter(cfg, heartbeat time.Duration) {
	d := cfg
	if d <= 0 {
		d = 20 * time.Second
		if heartbeat > 0 {
			d = max(3*heartbeat, 300*time.Millisecond)
		}
	}
	c.deadAfter.Store(int64(d))
}

func (c *Client) dead() time.Duration { return time.Duration(c.deadAfter.Load()) }

// readEvents parses the stream into events until it ends or ctx ends.
func readEvents(ctx context.Context, r io.Reader, out chan<- Event) error {
	p := NewEventReader(r)
	for {
		ev, err := p.Next()
		if err != nil {
			return err
		}
		select {
		case out <- ev:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// activityReader calls touch whenever bytes arrive.
type activityReader struct {
	r     io.Reader
	touch func()
}

func (a *activityReader) Read(p []byte) (int, error) {
	n, err := a.r.Read(p)
	if n > 0 {
		a.touch()
	}
	return n, err
}
