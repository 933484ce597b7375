package modem

import (
	"context"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
	"time"

	"forkcast/app/vote"
	"forkcast/bridge/modem/modemtest"

	"github.com/warthog618/sms"
	"github.com/warthog618/sms/encoding/tpdu"
)

// sentTexts decodes the SMS-SUBMIT TPDUs the emulator received.
func sentTexts(t *testing.T, e *modemtest.Emulator) (to []string, texts []string) {
	t.Helper()
	var parts []*tpdu.TPDU
	for _, h := range e.Sent() {
		b, _ := hex.DecodeString(h)
		p, err := sms.Unmarshal(b, sms.AsMO)
		if err != nil {
			t.Fatalf("sent PDU %s: %v", h, err)
		}
		parts = append(parts, p)
	}
	for i := 0; i < len(parts); {
		n := 1
		if segs, _, _, ok := parts[i].ConcatInfo(); ok {
			n = segs
		}
		msg, err := sms.Decode(parts[i : i+n])
		if err != nil {
			t.Fatalf("decode sent text: %v", err)
		}
		to = append(to, parts[i].DA.Number())
		texts = append(texts, string(msg))
		i += n
	}
	return to, texts
}

func TestReplies(t *testing.T) {
	e, dev := modemtest.Start(t, modemtest.HuaweiE173, emuOpts(t)...)
	cfg := fastConfig(t, dev)
	cfg.ReplyInterval = 250 * time.Millisecond
	rec := &recorder{}
	r := runBridge(t, cfg, rec)
	waitHealth(t, r.b, vote.HealthOK, 5*time.Second)
	ctx := context.Background()
	if err := r.b.Reply(ctx, "+447700900123", "Thanks"); !errors.Is(err, ErrRepliesOff) {
		t.Fatalf("Reply with replies off = %v, want ErrRepliesOff", err)
	}
	r.b.SetRepliesEnabled(true)
	long := strings.Repeat("Slides and links: https://example.org/talk ", 5) + "👋"
	start := time.Now()
	for _, txt := range []string{"Vote counted: 2", long, "Bye"} {
		if err := r.b.Reply(ctx, "+447700900123", txt); err != nil {
			t.Fatalf("Reply: %v", err)
		}
	}
	// Receiving goes on while replies wait for their turn.
	deliver(t, e, "1")
	rec.waitFor(t, 1, time.Second)
	deadline := time.Now().Add(5 * time.Second)
	for {
		if _, texts := sentTexts(t, e); len(texts) == 3 || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if d := time.Since(start); d < 2*cfg.ReplyInterval {
		t.Errorf("three replies went out in %v, want at least %v between them", d, cfg.ReplyInterval)
	}
	to, texts := sentTexts(t, e)
	want := []string{"Vote counted: 2", long, "Bye"}
	if strings.Join(texts, "|") != strings.Join(want, "|") || to[0] != "+447700900123" {
		t.Errorf("sent %q to %q, want %q", texts, to, want)
	}
	if len(e.Sent()) < 4 {
		t.Errorf("%d PDUs sent, want the long reply split into parts", len(e.Sent()))
	}
}

func TestRepliesHonourStop(t *testing.T) {
	e, dev := modemtest.Start(t, modemtest.SIM800, emuOpts(t)...)
	cfg := fastConfig(t, dev)
	cfg.Replies = true
	cfg.PartsStore = openStore(t, t.TempDir()+"/parts.db")
	rec := &recorder{}
	r := runBridge(t, cfg, rec)
	waitHealth(t, r.b, vote.HealthOK, 5*time.Second)
	if _, err := e.DeliverSMS(modemtest.SMS{From: "+15550199", Text: " Stop! "}); err != nil {
		t.Fatal(err)
	}
	rec.waitFor(t, 1, 3*time.Second)
	ctx := context.Background()
	if err := r.b.Reply(ctx, "+15550199", "Thanks"); !errors.Is(err, ErrOptedOut) {
		t.Errorf("Reply after STOP = %v, want ErrOptedOut", err)
	}
	if out, _ := cfg.PartsStore.(*SQLiteStore).OptedOut(ctx, "+15550199"); !out {
		t.Errorf("the opt-out was not stored")
	}
	if err := r.b.Reply(ctx, "Forkcast", "x"); err == nil {
		t.Errorf("a reply to an alphanumeric sender was queued")
	}
	e.DeliverSMS(modemtest.SMS{From: "+15550199", Text: "start"})
	rec.waitFor(t, 2, 3*time.Second)
	if err := r.b.Reply(ctx, "+15550199", "Welcome back"); err != nil {
		t.Errorf("Reply after START = %v, want it queued", err)
	}
}

func TestReplyQueueFull(t *testing.T) {
	b, err := New(Config{Device: "/dev/null", Replies: true, ReplyQueue: 2})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := b.Reply(ctx, "+15550100", "x"); !errors.Is(err, ErrNotReady) {
		t.Errorf("Reply before Run = %v, want ErrNotReady", err)
	}
	b.health.update(func(f *facts) { f.Ready = true })
	for i := 0; i < 2; i++ {
		if err := b.Reply(ctx, "+15550100", "x"); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Reply(ctx, "+15550100", "x"); !errors.Is(err, ErrQueueFull) {
		t.Errorf("third Reply = %v, want ErrQueueFull", err)
	}
}
