package show

import (
	"testing"
	"time"

	"forkcast/app/testkit"
)

func TestHubFanOut(t *testing.T) {
	h := NewHub()
	a, cancelA := h.Subscribe(8)
	b, cancelB := h.Subscribe(8)
	defer cancelB()
	h.Notify(EventState, 1)
	for name, ch := range map[string]<-chan Event{"a": a, "b": b} {
		select {
		case ev := <-ch:
			if ev.Name != EventState || ev.Payload != 1 {
				t.Fatalf("%s got %+v, want state 1", name, ev)
			}
		case <-time.After(testkit.Patience):
			t.Fatalf("%s got nothing", name)
		}
	}
	cancelA()
	cancelA() // idempotent
	if _, ok := <-a; ok {
		t.Fatal("channel open after cancel")
	}
	h.Notify(EventState, 2) // no panic on a cancelled subscriber
}

// TestHubSlowSubscriber checks that Notify never blocks, a slow subscriber
// loses intermediate tallies, and the latest state always arrives.
func TestHubSlowSubscriber(t *testing.T) {
	h := NewHub()
	ch, cancel := h.Subscribe(1)
	defer cancel()
	done := make(chan struct{})
	go func() {
		for i := 0; i < 10000; i++ {
			h.Notify(EventTally, i)
			if i%100 == 0 {
				h.Notify(EventState, i)
			}
			h.Notify(EventMessage, i)
		}
		h.Notify(EventState, "last")
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(testkit.Patience):
		t.Fatal("Notify blocked on a subscriber that does not read")
	}
	var got []Event
	timeout := time.After(testkit.Patience)
	for {
		select {
		case ev := <-ch:
			got = append(got, ev)
			if ev.Name == EventState && ev.Payload == "last" {
				if len(got) > 20 {
					t.Fatalf("slow subscriber received %d events, want the queue bounded", len(got))
				}
				return
			}
		case <-timeout:
			t.Fatalf("latest state never arrived; got %d events", len(got))
		}
	}
}

func TestHubClose(t *testing.T) {
	h := NewHub()
	ch, cancel := h.Subscribe(4)
	h.Close()
	if _, ok := <-ch; ok {
		t.Fatal("channel open after Close")
	}
	cancel()
	ch2, _ := h.Subscribe(4)
	if _, ok := <-ch2; ok {
		t.Fatal("subscription after Close is open")
	}
	h.Notify(EventState, 1)
}
