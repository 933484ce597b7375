package relay

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"forkcast/app/vote"
)

// apiTimeout bounds one ack or policy request.
const apiTimeout = 10 * time.Second

// SetReplies pushes the reply texts to the relay (PUT /v1/replies) and
// remembers them, so they are pushed again after a reconnection. It fails
// when the relay cannot be reached or refuses them; Run keeps retrying.
func (c *Client) SetReplies(ctx context.Context, r vote.Replies) error {
	c.policyMu.Lock()
	c.policy.Replies = r
	c.policyVer++
	c.policyMu.Unlock()
	if err := c.pushPolicy(ctx); err != nil {
		kick(c.policyKick)
		return err
	}
	return nil
}

// PollChanged records the poll the relay's replies refer to and pushes it in
// the background; it never blocks.
func (c *Client) PollChanged(p vote.PollInfo) {
	c.policyMu.Lock()
	c.policy.Poll = &p
	c.policyVer++
	c.policyMu.Unlock()
	kick(c.policyKick)
}

// pushPolicy sends the newest policy if it has not been sent yet.
func (c *Client) pushPolicy(ctx context.Context) error {
	c.putMu.Lock()
	defer c.putMu.Unlock()
	c.policyMu.Lock()
	p, ver := c.policy, c.policyVer
	c.policyMu.Unlock()
	gen := c.connGen.Load()
	if ver == 0 || ver == c.pushedVer && gen == c.pushedGen {
		return nil // nothing set yet (the relay's default is off), or already there
	}
	body, _ := json.Marshal(p)
	if err := c.call(ctx, http.MethodPut, RepliesPath, body); err != nil {
		return fmt.Errorf("push reply policy: %w", err)
	}
	c.pushedVer, c.pushedGen = ver, gen
	return nil
}

// pusher retries the policy push until it lands; a new connection re-sends it.
func (c *Client) pusher(ctx context.Context) {
	var retry <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case <-c.policyKick:
		case <-retry:
		}
		retry = nil
		if err := c.pushPolicy(ctx); err != nil && ctx.Err() == nil {
			c.log.Warn("reply policy not pushed; retrying", "err", err)
			retry = time.After(c.backoff(2))
		}
	}
}

// ackEvery is the shortest time between two acknowledgements: acks only let
// the relay forget texts, so a short delay costs nothing, and each one is a
// disk write on the relay that webhooks would queue behind.
const ackEvery = 250 * time.Millisecond

// acker saves the cursor and acknowledges committed texts to the relay,
// coalescing: one request covers everything committed since the last one.
func (c *Client) acker(ctx context.Context) {
	var saved Cursor
	var acked Cursor
	var retry <-chan time.Time
	var last time.Time
	flush := func(ctx context.Context) {
		cur := c.getCursor()
		if c.cfg.CursorStore != nil && cur != saved {
			if err := c.cfg.CursorStore.SaveCursor(cur); err != nil {
				c.log.Warn("relay cursor not saved", "err", err)
			} else {
				saved = cur
			}
		}
		if cur == acked || cur.ID == 0 {
			return
		}
		body, _ := json.Marshal(Ack{Through: cur.ID})
		if err := c.call(ctx, http.MethodPost, AckPath, body); err != nil {
			if ctx.Err() == nil {
				c.log.Warn("ack not delivered; retrying", "through", cur.ID, "err", err)
				retry = time.After(2 * time.Second)
			}
			return
		}
		acked = cur
	}
	for {
		select {
		case <-ctx.Done():
			fctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			flush(fctx)
			cancel()
			return
		case <-c.ackKick:
		case <-retry:
		}
		if wait := ackEvery - time.Since(last); wait > 0 {
			select { // let more commits join this ack
			case <-ctx.Done():
				continue
			case <-time.After(wait):
			}
		}
		retry = nil
		last = time.Now()
		flush(ctx)
	}
}

// call makes one authenticated JSON request and wants a 2xx answer.
func (c *Client) call(ctx context.Context, method, path string, body []byte) error {
	ctx, cancel := context.WithTimeout(ctx, apiTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.cfg.Token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	switch {
	case resp.StatusCode == http.StatusUnauthorized:
		return ErrUnauthorized
	case resp.StatusCode/100 != 2:
		return fmt.Errorf("relay answered %s: %s", resp.Status, bytes.TrimSpace(msg))
	}
	return nil
}
