package sim

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Config is a simulated audience. The zero value of each field means its
// default (see SpecHelp); New fills them in and rejects values out of range.
type Config struct {
	Audience   int              // phones; default 300, 10,000 in load mode; at most MaxAudience
	Turnout    float64          // share of phones that vote in each poll; default 0.8
	Bias       Bias             // weight of each choice; empty = even
	Keywords   float64          // share of votes texted as a keyword when the choice has one; default 0.2
	Seed       uint64           // same seed + same polls = same texts; default 1
	Rate       float64          // texts per second: a cap (0 = none); the steady rate in load mode (default 2,000)
	Burst      time.Duration    // the burst at the start of a poll; default 5s
	BurstShare float64          // share of voters who text within Burst; default 0.6
	Window     time.Duration    // voting window of a poll closed by key (a timed poll uses its timer); default 30s
	Late       float64          // share of voters whose text arrives after the close; default 0.05
	Change     float64          // share of voters who change their vote; default 0.1
	Invalid    float64          // share of voters whose first text is not a vote; default 0.05
	Dup        float64          // share of texts the network delivers twice (same ProviderID); default 0.02
	Stop       float64          // share of voters who text STOP after voting; default 0.01
	Scripts    float64          // share of votes written in another script or form (２, 2️⃣, ②, "two", 二, 貳, ٢, ۲, २, ২, ๒); default 0.03
	Mean       float64          // mean of 1-10 ratings; default 7.5
	SD         float64          // standard deviation of ratings; default 1.5
	Load       bool             // load mode: every open poll gets Rate texts a second from random phones
	Batch      int              // most texts per Ingest call; default 200
	Instant    bool             // send each text as soon as it is planned (ReceivedAt stays the planned time): walks and tests
	AllowLive  bool             // vote in live polls too (benchmarks only; never from a spec)
	Now        func() time.Time // nil = time.Now; a fake clock is useful only with Instant
	none       map[string]bool
}

// Defaults.
const (
	DefaultAudience     = 300
	DefaultLoadAudience = 10000
	DefaultLoadRate     = 2000
)

// SpecHelp documents the keys of a sim spec, for the -h text of commands that
// take --source sim:SPEC.
const SpecHelp = `Simulated audience: --source sim[:KEY=VALUE,...]. Keys (shares are 0..1 or a percent, e.g. 5%):
  audience=300     phones (at most 11000; fictional numbers +1 AAA 555 01NN, then +44 7700 900NNN)
  turnout=0.8      share of phones that vote in each poll
  bias=60/40       weight of choices 1, 2, ...; or N:W / KEYWORD:W entries (bias=2:80, bias=breach:70),
                   choices not named share what is left of 100; empty = even
  keywords=0.2     share of votes texted as the choice's keyword instead of its number
  seed=1           random seed: the same seed and the same polls give the same texts
  rate=0           cap on texts per second (0 = none); in load mode the steady rate (default 2000)
  burst=5s         length of the opening burst; burst-share=0.6 of the voters text within it
  window=30s       voting window when the poll is closed by key (a timed poll uses its timer)
  late=0.05        share of voters whose text arrives after the poll closed
  change=0.1       share of voters who change their vote later in the poll
  invalid=0.05     share of voters whose first text is not a vote (typos, emoji, "1 or 2", empty)
  dup=0.02         share of texts delivered twice with the same provider id
  stop=0.01        share of voters who text STOP after voting
  scripts=0.03     share of votes in another script or form (２, 2️⃣, ②, "two", 二, 貳, ٢, ۲, २, ২, ๒)
  mean=7.5,sd=1.5  distribution of 1-10 ratings on rating polls
  load=1           load mode: 10000 phones texting at rate= texts/s while a poll is open
  batch=200        most texts handed to the engine in one commit
  instant=1        send every text at once, stamped with its planned time (for walks and tests)
Example: --source sim:audience=300,bias=60/40,seed=7,late=0.05,change=0.1,invalid=0.05`

// ParseSpec parses the part after "sim:" (see SpecHelp); an empty spec is
// the defaults. It fails on an unknown key, a malformed value or a value out
// of range, naming the key.
func ParseSpec(spec string) (Config, error) {
	var c Config
	spec = strings.TrimSpace(spec)
	if spec == "" {
		return c, c.validate()
	}
	for _, kv := range strings.Split(spec, ",") {
		kv = strings.TrimSpace(kv)
		if kv == "" {
			continue
		}
		k, v, ok := strings.Cut(kv, "=")
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		if !ok {
			if k != "load" && k != "instant" {
				return c, fmt.Errorf("%q: want KEY=VALUE", kv)
			}
			v = "1"
		}
		if err := c.set(k, v); err != nil {
			return c, fmt.Errorf("%s: %w", k, err)
		}
	}
	return c, c.validate()
}

func (c *Config) set(k, v string) error {
	var err error
	switch k {
	case "audience", "phones":
		c.Audience, err = parseInt(v)
		if err == nil && c.Audience < 1 {
			err = fmt.Errorf("%s: want at least 1 phone", v)
		}
	case "turnout":
		c.Turnout, err = c.parseShare(k, v)
	case "bias":
		c.Bias, err = ParseBias(v)
	case "keywords":
		c.Keywords, err = c.parseShare(k, v)
	case "seed":
		c.Seed, err = strconv.ParseUint(v, 10, 64)
	case "rate":
		c.Rate, err = parseFloat(v)
	case "burst":
		c.Burst, err = parseDur(v)
	case "burst-share", "burstshare":
		c.BurstShare, err = c.parseShare(k, v)
	case "window":
		c.Window, err = parseDur(v)
	case "late":
		c.Late, err = c.parseShare(k, v)
	case "change":
		c.Change, err = c.parseShare(k, v)
	case "invalid":
		c.Invalid, err = c.parseShare(k, v)
	case "dup", "duplicates":
		c.Dup, err = c.parseShare(k, v)
	case "stop":
		c.Stop, err = c.parseShare(k, v)
	case "scripts":
		c.Scripts, err = c.parseShare(k, v)
	case "mean":
		c.Mean, err = parseFloat(v)
	case "sd":
		c.SD, err = parseFloat(v)
	case "load":
		c.Load, err = strconv.ParseBool(v)
	case "batch":
		c.Batch, err = parseInt(v)
		if err == nil && c.Batch < 1 {
			err = fmt.Errorf("%s: want at least 1", v)
		}
	case "instant":
		c.Instant, err = strconv.ParseBool(v)
	default:
		return errors.New("unknown key (see forkcast serve -h)")
	}
	return err
}

// parseShare reads 0.05 or 5%; an explicit 0 is remembered so the default
// does not replace it.
func (c *Config) parseShare(k, v string) (float64, error) {
	pct := strings.HasSuffix(v, "%")
	f, err := parseFloat(strings.TrimSuffix(v, "%"))
	if err != nil {
		return 0, err
	}
	if pct {
		f /= 100
	}
	if f < 0 || f > 1 {
		return 0, fmt.Errorf("%s is not a share between 0 and 1", v)
	}
	if f == 0 {
		if c.none == nil {
			c.none = map[string]bool{}
		}
		c.none[k] = true
	}
	return f, nil
}

func parseInt(v string) (int, error) {
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("%q is not a whole number", v)
	}
	return n, nil
}

func parseFloat(v string) (float64, error) {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("%q is not a number", v)
	}
	return f, nil
}

// parseDur reads a Go duration (1.5s, 200ms) or plain seconds.
func parseDur(v string) (time.Duration, error) {
	if f, err := strconv.ParseFloat(v, 64); err == nil {
		v = strconv.FormatFloat(f, 'f', -1, 64) + "s"
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration", v)
	}
	return d, nil
}

// Zero sets the share named by key ("late", "invalid", ...) to exactly zero, so
// withDefaults keeps it at zero instead of applying the default.
func (c *Config) Zero(keys ...string) {
	if c.none == nil {
		c.none = map[string]bool{}
	}
	for _, k := range keys {
		c.none[k] = true
	}
}

// withDefaults returns c with every unset field at its default.
func (c Config) withDefaults() Config {
	share := func(f *float64, key string, def float64) {
		if *f == 0 && !c.none[key] {
			*f = def
		}
	}
	if c.Audience == 0 {
		c.Audience = DefaultAudience
		if c.Load {
			c.Audience = DefaultLoadAudience
		}
	}
	if c.Load && c.Rate == 0 {
		c.Rate = DefaultLoadRate
	}
	share(&c.Turnout, "turnout", 0.8)
	share(&c.Keywords, "keywords", 0.2)
	share(&c.BurstShare, "burst-share", 0.6)
	share(&c.Late, "late", 0.05)
	share(&c.Change, "change", 0.1)
	share(&c.Invalid, "invalid", 0.05)
	share(&c.Dup, "dup", 0.02)
	share(&c.Stop, "stop", 0.01)
	share(&c.Scripts, "scripts", 0.03)
	if c.Seed == 0 {
		c.Seed = 1
	}
	if c.Burst == 0 {
		c.Burst = 5 * time.Second
	}
	if c.Window == 0 {
		c.Window = 30 * time.Second
	}
	if c.Mean == 0 {
		c.Mean = 7.5
	}
	if c.SD == 0 {
		c.SD = 1.5
	}
	if c.Batch == 0 {
		c.Batch = 200
	}
	return c
}

// validate reports the first field out of range.
func (c Config) validate() error {
	d := c.withDefaults()
	switch {
	case d.Audience < 1 || d.Audience > MaxAudience:
		return fmt.Errorf("audience %d is not between 1 and %d", d.Audience, MaxAudience)
	case d.Rate < 0 || d.Rate > 1e6:
		return fmt.Errorf("rate %g is not between 0 and 1000000 texts/s", d.Rate)
	case d.Burst < 0 || d.Window <= 0:
		return errors.New("burst and window must be positive durations")
	case d.Mean < 1 || d.Mean > 10 || d.SD < 0:
		return fmt.Errorf("rating mean %g must be 1..10 and sd ≥ 0", d.Mean)
	case d.Batch < 1 || d.Batch > 10000:
		return fmt.Errorf("batch %d is not between 1 and 10000", d.Batch)
	}
	for _, f := range []float64{d.Turnout, d.Keywords, d.BurstShare, d.Late, d.Change, d.Invalid, d.Dup, d.Stop, d.Scripts} {
		if f < 0 || f > 1 || math.IsNaN(f) {
			return fmt.Errorf("share %g is not between 0 and 1", f)
		}
	}
	return d.Bias.validate()
}
