package sim

import (
	"strings"
	"testing"
	"time"

	"forkcast/app/vote"
)

func FuzzParseSpec(f *testing.F) {
	for _, s := range []string{"", "audience=300,bias=60/40,seed=7", "load,rate=5000", "bias=breach:70/2:10", "late=5%,window=1.5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		cfg, err := ParseSpec(spec)
		if err != nil {
			return
		}
		a, err := New(cfg)
		if err != nil {
			t.Fatalf("ParseSpec(%q) accepted a config New refuses: %v", spec, err)
		}
		c := a.Config()
		if c.Audience > 200 || c.Load {
			return // keep each run small
		}
		c.plan(fork(1, 3, t0, 10*time.Second), 1, c.Bias)
	})
}

func FuzzReadStream(f *testing.F) {
	f.Add(`{"type":"session","format":"forkcast-votes/1"}` + "\n" + `{"type":"text","poll":1,"offsetMs":5,"voter":"a","text":"1"}`)
	f.Add(`{"type":"poll","poll":2,"durationMs":1000}`)
	f.Fuzz(func(t *testing.T, in string) {
		s, err := vote.ReadStream(strings.NewReader(in))
		if err != nil {
			return
		}
		if _, err := NewReplay(ReplayConfig{Stream: &s}); err != nil && !strings.Contains(err.Error(), "voters") {
			t.Fatalf("a stream ReadStream accepts is refused by NewReplay: %v", err)
		}
	})
}
