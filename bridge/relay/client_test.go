package relay

import (
	"testing"
	"time"

	"forkcast/app/vote"
)

// The tests of the client against a real relay server are in
// bridge/relay/server (client_test.go): this package cannot import it.

func TestNewClientValidates(t *testing.T) {
	cases := []struct {
		name string
		cfg  ClientConfig
	}{
		{"no URL", ClientConfig{Token: "t"}},
		{"not http", ClientConfig{URL: "ftp://relay.example.com", Token: "t"}},
		{"no host", ClientConfig{URL: "https://", Token: "t"}},
		{"no token", ClientConfig{URL: "https://relay.example.com"}},
	}
	for _, c := range cases {
		if _, err := NewClient(c.cfg); err == nil {
			t.Errorf("%s: NewClient succeeded, want an error", c.name)
		}
	}
	c, err := NewClient(ClientConfig{URL: "https://relay.example.com/", Token: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.Name(), "relay"; got != want {
		t.Fatalf("Name = %q, want %q", got, want)
	}
	if got, want := c.Health().State, vote.HealthStopped; got != want {
		t.Fatalf("state before Run = %q, want %q", got, want)
	}
}

func TestBackoffJitterBounds(t *testing.T) {
	c, err := NewClient(ClientConfig{URL: "http://127.0.0.1:1", Token: "t",
		MinBackoff: 100 * time.Millisecond, MaxBackoff: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	for attempt, want := range []time.Duration{100, 200, 400, 800, 1000, 1000} {
		want *= time.Millisecond
		for i := 0; i < 50; i++ {
			if got := c.backoff(attempt); got < want/2 || got > want {
				t.Fatalf("backoff(%d) = %s, want within [%s, %s]", attempt, got, want/2, want)
			}
		}
	}
}
