package androidtest

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"time"
)

// event is one webhook event in the app's queue: its body is fixed when it is
// emitted, so every retry sends the same bytes and the same event id.
type event struct {
	url     string
	body    []byte
	attempt int
}

// smsReceived builds the body of an sms:received event as WebHookEventDTO
// with SmsReceived's payload (sender and recipient added in 2026; phoneNumber
// kept as a deprecated copy of sender).
func smsReceived(s SMS, date time.Time, hash int32, p *Phone) map[string]any {
	var sim any
	if s.SIM > 0 {
		sim = s.SIM
	}
	return map[string]any{
		"messageId":   strconv.FormatUint(uint64(uint32(hash)), 16),
		"message":     s.Text,
		"sender":      s.From,
		"recipient":   nil,
		"phoneNumber": s.From,
		"simNumber":   sim,
		"receivedAt":  p.formatTime(date),
	}
}

func (p *Phone) formatTime(t time.Time) string {
	if p.opt.LegacyDates {
		return legacyTime(t, p.zone)
	}
	return gsonTime(t, p.zone)
}

// emit queues one event for webhook w (WebHooksService.emit): a new event id
// every time.
func (p *Phone) emit(w Webhook, payload map[string]any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // Gson with disableHtmlEscaping: "<", ">" and "&" stay as they are
	_ = enc.Encode(map[string]any{
		"deviceId":  p.opt.DeviceID,
		"event":     w.Event,
		"id":        nanoID(),
		"payload":   payload,
		"webhookId": w.ID,
	})
	body := bytes.TrimRight(buf.Bytes(), "\n")
	p.pending.Add(1)
	p.queue <- &event{url: w.URL, body: body}
}

// sendLoop is one of the app's webhook workers: it posts an event, and on any
// answer but 2xx (or a lost answer) retries it after RetryBase doubling each
// time, up to RetryCount attempts.
func (p *Phone) sendLoop() {
	defer p.workers.Done()
	client := &http.Client{Timeout: 30 * time.Second}
	for {
		select {
		case <-p.closed:
			return
		case ev := <-p.queue:
			if p.post(client, ev) {
				p.finish(true)
				continue
			}
			ev.attempt++
			if ev.attempt >= p.opt.RetryCount {
				p.finish(false)
				continue
			}
			wait := p.opt.RetryBase << (ev.attempt - 1)
			go func() {
				select {
				case <-time.After(wait):
					p.queue <- ev
				case <-p.closed:
				}
			}()
		}
	}
}

func (p *Phone) finish(ok bool) {
	p.mu.Lock()
	if ok {
		p.delivered++
	} else {
		p.failed++
	}
	p.mu.Unlock()
	p.pending.Done()
}

// post sends one attempt, signed as PayloadSigningPlugin signs it: X-Timestamp
// is the phone's clock in Unix seconds at this attempt, X-Signature the hex
// HMAC-SHA256 under the signing key of the body followed by X-Timestamp.
func (p *Phone) post(client *http.Client, ev *event) bool {
	req, err := http.NewRequest(http.MethodPost, ev.url, bytes.NewReader(ev.body))
	if err != nil {
		return false
	}
	req.Header.Set("Content-Type", "application/json; charset=UTF-8")
	req.Header.Set("User-Agent", "me.capcom.smsgateway/"+p.opt.Version)
	if p.opt.SigningKey != "" {
		ts := strconv.FormatInt(p.phoneNow().Unix(), 10)
		m := hmac.New(sha256.New, []byte(p.opt.SigningKey))
		m.Write(ev.body)
		m.Write([]byte(ts))
		req.Header.Set("X-Timestamp", ts)
		req.Header.Set("X-Signature", hex.EncodeToString(m.Sum(nil)))
	}
	p.mu.Lock()
	p.attempts++
	p.mu.Unlock()
	resp, err := client.Do(req)
	if err != nil {
		return false
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	p.mu.Lock()
	lost := p.lose > 0
	if lost {
		p.lose--
	}
	p.mu.Unlock()
	return !lost && resp.StatusCode/100 == 2
}
