package android

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"

	"forkcast/bridge/android/androidtest"
)

func TestVerifySignatureMatchesOpenSSL(t *testing.T) {
	// printf '%s' '{"event":"sms:received"}1718000000' | openssl dgst -sha256 -hmac 'sekret'
	const want = "6808593413262d9a93563f3c3fc6035ebab048dcdf16b17ad84e008b4ad0c311"
	body := []byte(`{"event":"sms:received"}`)
	cases := []struct {
		name     string
		key, ts  string
		body     []byte
		sig      string
		wantErr  error
		accepted bool
	}{
		{"openssl's signature", "sekret", "1718000000", body, want, nil, true},
		{"upper-case hex", "sekret", "1718000000", body, "6808593413262D9A93563F3C3FC6035EBAB048DCDF16B17AD84E008B4AD0C311", nil, true},
		{"another key", "secret", "1718000000", body, want, errBadSignature, false},
		{"another time stamp", "sekret", "1718000001", body, want, errBadSignature, false},
		{"body changed", "sekret", "1718000000", []byte(`{"event":"sms:received" }`), want, errBadSignature, false},
		{"no signature", "sekret", "1718000000", body, "", errUnsigned, false},
		{"no time stamp", "sekret", "", body, want, errUnsigned, false},
		{"time stamp not digits", "sekret", "1718000000.5", body, want, errBadSignature, false},
		{"signature not hex", "sekret", "1718000000", body, "zz" + want[2:], errBadSignature, false},
		{"signature truncated", "sekret", "1718000000", body, want[:62], errBadSignature, false},
	}
	for _, c := range cases {
		err := verifySignature(c.key, c.body, c.ts, c.sig)
		if (err == nil) != c.accepted || (c.wantErr != nil && !errors.Is(err, c.wantErr)) {
			t.Errorf("%s: err = %v, want %v", c.name, err, c.wantErr)
		}
	}
}

// sign signs body at phone time ts as the app does.
func sign(key string, body []byte, ts int64) (string, string) {
	s := strconv.FormatInt(ts, 10)
	m := hmac.New(sha256.New, []byte(key))
	m.Write(body)
	m.Write([]byte(s))
	return s, hex.EncodeToString(m.Sum(nil))
}

func TestForgedUnsignedAndStaleWebhooksAre403AndStoredNowhere(t *testing.T) {
	phone := startPhone(t, androidtest.Options{ClockOffset: -10 * time.Minute})
	c := testConfig(phone, "")
	c.Key = "k3y"
	src := newSource(t, c)
	hook := newHook(t)
	hook.set(src)
	sink := newSink(t)
	run(t, src, sink)
	waitReady(t, src)

	phoneNow := time.Now().Add(-10 * time.Minute)
	body := func(text string) []byte {
		return fmt.Appendf(nil, `{"deviceId":"d","event":"sms:received","id":"ev-%s","webhookId":"w","payload":{"messageId":"1a2b",`+
			`"message":%q,"sender":"+15550001111","phoneNumber":"+15550001111","simNumber":1,"receivedAt":%q}}`,
			text, text, phoneNow.Truncate(time.Second).Format("2006-01-02T15:04:05.000-07:00"))
	}
	post := func(b []byte, ts, sig string) int {
		req, _ := http.NewRequest(http.MethodPost, hook.url, bytes.NewReader(b))
		if ts != "" {
			req.Header.Set("X-Timestamp", ts)
		}
		if sig != "" {
			req.Header.Set("X-Signature", sig)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	good := body("1")
	ts, sig := sign("k3y", good, phoneNow.Unix())
	badTS, badSig := sign("wrong", body("2"), phoneNow.Unix())
	staleTS, staleSig := sign("k3y", body("3"), phoneNow.Add(-6*time.Minute).Unix())
	// Signed with the laptop's clock: 10 minutes off the phone's.
	laptopTS, laptopSig := sign("k3y", body("4"), time.Now().Unix())
	cases := []struct {
		name    string
		b       []byte
		ts, sig string
		want    int
	}{
		{"unsigned", body("5"), "", "", 403},
		{"wrong key", body("2"), badTS, badSig, 403},
		{"body changed after signing", body("6"), ts, sig, 403},
		{"stale: 6 minutes old", body("3"), staleTS, staleSig, 403},
		{"time stamp not from the phone's clock", body("4"), laptopTS, laptopSig, 403},
		{"genuine", good, ts, sig, 200},
		{"genuine, played again", good, ts, sig, 200},
	}
	for _, c := range cases {
		if got := post(c.b, c.ts, c.sig); got != c.want {
			t.Errorf("%s: status %d, want %d", c.name, got, c.want)
		}
	}
	if got := sink.count(t); got != 1 {
		t.Fatalf("stored %d texts, want only the genuine one; per text: %v", got, sink.perText(t))
	}
	if h := src.Health(); h.Metrics["refused"] != "5 forged or stale webhooks" {
		t.Errorf("refused metric = %q, want 5", h.Metrics["refused"])
	}
	if got := post(good, ts, sig); got != 200 {
		t.Fatalf("a third copy: %d", got)
	}
	if got := sink.count(t); got != 1 {
		t.Fatalf("stored %d after a replay, want 1", got)
	}
}

func TestWebhooksWithoutAKeyAreRefused(t *testing.T) {
	phone := startPhone(t, androidtest.Options{})
	src := newSource(t, testConfig(phone, ""))
	hook := newHook(t)
	hook.set(src)
	sink := newSink(t)
	run(t, src, sink)
	waitReady(t, src)
	b := []byte(`{"event":"sms:received","id":"e","payload":{"message":"1","sender":"+1555","receivedAt":"2026-01-01T10:00:00.000Z"}}`)
	resp, err := http.Post(hook.url, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 403 {
		t.Fatalf("unsigned webhook with no key set: %d, want 403", resp.StatusCode)
	}
	if n := sink.count(t); n != 0 {
		t.Fatalf("stored %d, want 0", n)
	}
}

func TestWebhookBeforeTheFirstReadIsRetriedLater(t *testing.T) {
	phone := startPhone(t, androidtest.Options{SigningKey: "k3y"})
	c := testConfig(phone, "")
	c.Key = "k3y"
	src := newSource(t, c)
	hook := newHook(t)
	hook.set(src)
	body := []byte(`{"event":"sms:received","id":"e","payload":{"message":"1","sender":"+1555","receivedAt":"2026-01-01T10:00:00.000Z"}}`)
	ts, sig := sign("k3y", body, time.Now().Unix())
	req, _ := http.NewRequest(http.MethodPost, hook.url, bytes.NewReader(body))
	req.Header.Set("X-Timestamp", ts)
	req.Header.Set("X-Signature", sig)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("webhook before Run: %d, want 503 with Retry-After", resp.StatusCode)
	}
}
