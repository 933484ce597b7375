package sim

import (
	"strings"
	"testing"
	"time"

	"forkcast/app/vote"
)

func TestParseSpec(t *testing.T) {
	tests := []struct {
		spec  string
		check func(c Config) bool
	}{
		{"", func(c Config) bool { d := c.withDefaults(); return d.Audience == 300 && d.Seed == 1 && d.Late == 0.05 }},
		{"audience=300,bias=60/40,seed=7", func(c Config) bool {
			return c.Audience == 300 && c.Seed == 7 && c.Bias.String() == "60/40"
		}},
		{"late=5%,change=0.1,invalid=0.05,dup=0", func(c Config) bool {
			d := c.withDefaults()
			return d.Late == 0.05 && d.Change == 0.1 && d.Invalid == 0.05 && d.Dup == 0
		}},
		{"load,rate=5000", func(c Config) bool {
			d := c.withDefaults()
			return d.Load && d.Audience == 10000 && d.Rate == 5000
		}},
		{"load=1", func(c Config) bool { return c.withDefaults().Rate == DefaultLoadRate }},
		{"burst=2.5,window=45s,burst-share=0.7", func(c Config) bool {
			return c.Burst == 2500*time.Millisecond && c.Window == 45*time.Second && c.BurstShare == 0.7
		}},
		{"bias=breach:70, mean=8, sd=1, instant", func(c Config) bool {
			return c.Bias.Entries[0].Key == "breach" && c.Mean == 8 && c.SD == 1 && c.Instant
		}},
	}
	for _, tt := range tests {
		c, err := ParseSpec(tt.spec)
		if err != nil {
			t.Errorf("ParseSpec(%q): %v", tt.spec, err)
			continue
		}
		if !tt.check(c) {
			t.Errorf("ParseSpec(%q) = %+v: wrong values", tt.spec, c)
		}
	}
}

func TestParseSpecErrors(t *testing.T) {
	for _, spec := range []string{
		"audience=0", "audience=20000", "audience=many", "late=1.5", "late=-1", "bias=60/x",
		"bias=60/2:40", "colour=blue", "seed=-1", "mean=11", "rate=-3", "burst=soon", "nokey", "batch=0",
	} {
		if _, err := ParseSpec(spec); err == nil {
			t.Errorf("ParseSpec(%q) = nil error, want one", spec)
		}
	}
}

func TestSpecHelpNamesEveryKey(t *testing.T) {
	for _, k := range []string{"audience", "turnout", "bias", "keywords", "seed", "rate", "burst", "burst-share",
		"window", "late", "change", "invalid", "dup", "stop", "scripts", "mean", "sd", "load", "batch", "instant"} {
		if !strings.Contains(SpecHelp, k+"=") {
			t.Errorf("SpecHelp does not document %s=", k)
		}
		var c Config
		if err := c.set(k, "1"); err != nil && strings.Contains(err.Error(), "unknown key") {
			t.Errorf("key %s is documented but not parsed", k)
		}
	}
}

func TestBiasWeights(t *testing.T) {
	choices := func(n int) []vote.Choice { return fork(1, n, t0, 0).Choices }
	tests := []struct {
		bias string
		n    int
		want []float64
	}{
		{"", 2, []float64{0.5, 0.5}},
		{"60/40", 2, []float64{0.6, 0.4}},
		{"60/40", 3, []float64{0.6, 0.4, 0}},
		{"50", 3, []float64{0.5, 0.25, 0.25}},
		{"2:80", 3, []float64{0.1, 0.8, 0.1}},
		{"surge:70", 2, []float64{0.3, 0.7}},
		{"nothing:70", 2, []float64{0.5, 0.5}},
		{"0/0", 2, []float64{0.5, 0.5}},
		{"3/1", 2, []float64{0.75, 0.25}},
	}
	for _, tt := range tests {
		b, err := ParseBias(tt.bias)
		if err != nil {
			t.Fatalf("ParseBias(%q): %v", tt.bias, err)
		}
		got := b.Weights(choices(tt.n))
		for i := range tt.want {
			if d := got[i] - tt.want[i]; d > 1e-9 || d < -1e-9 {
				t.Errorf("bias %q on %d choices: weights %v, want %v", tt.bias, tt.n, got, tt.want)
				break
			}
		}
	}
}

func TestPhonesDistinctAndFictional(t *testing.T) {
	seen := map[string]bool{}
	for i := range MaxAudience {
		p := Phone(i)
		fictional := (len(p) == 12 && strings.HasPrefix(p, "+1") && p[5:10] == "55501") ||
			(len(p) == 13 && strings.HasPrefix(p, "+447700900"))
		if !fictional {
			t.Fatalf("Phone(%d) = %q, not in a reserved fictional range", i, p)
		}
		if seen[p] {
			t.Fatalf("Phone(%d) = %q twice", i, p)
		}
		seen[p] = true
	}
	if got := Phone(MaxAudience); got != "" {
		t.Errorf("Phone(MaxAudience) = %q, want empty", got)
	}
	if got := Phone(-1); got != "" {
		t.Errorf("Phone(-1) = %q, want empty", got)
	}
}
