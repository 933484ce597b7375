package sim

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"forkcast/app/vote"
)

// ReplayConfig is a recorded vote stream to replay.
type ReplayConfig struct {
	File      string           // vote-stream file (see vote.StreamFormat); ignored when Stream is set
	Stream    *vote.Stream     // the stream itself
	Speed     float64          // 1 = the original pace (default), 10 = ten times faster
	Instant   bool             // send each poll's texts at once (late ones at the close), stamped with their replayed time
	Batch     int              // most texts per Ingest call; default 200
	AllowLive bool             // replay into live polls too (never from a spec)
	Now       func() time.Time // nil = time.Now
}

// ParseReplaySpec parses the part after "replay:": FILE[,speed=N][,instant=1].
// It fails on an empty file name or a bad key or value.
func ParseReplaySpec(spec string) (ReplayConfig, error) {
	var c ReplayConfig
	parts := strings.Split(spec, ",")
	c.File = strings.TrimSpace(parts[0])
	if c.File == "" {
		return c, fmt.Errorf("replay needs a file: replay:FILE[,speed=10]")
	}
	for _, kv := range parts[1:] {
		k, v, _ := strings.Cut(strings.TrimSpace(kv), "=")
		var err error
		switch strings.ToLower(k) {
		case "speed":
			c.Speed, err = strconv.ParseFloat(v, 64)
			if err == nil && !(c.Speed > 0 && c.Speed <= 1000) {
				err = fmt.Errorf("%s is not between 0 and 1000", v)
			}
		case "instant":
			c.Instant, err = strconv.ParseBool(v)
		default:
			err = fmt.Errorf("unknown key (want speed or instant)")
		}
		if err != nil {
			return c, fmt.Errorf("replay %s: %w", k, err)
		}
	}
	return c, nil
}

// Replay is a vote.Source (Name "replay") and vote.PollWatcher that replays a
// recorded session's texts: the texts of the recording's n-th poll are re-based
// onto the n-th poll opened, at their original offsets divided by Speed; late
// texts follow the close. Each recorded voter becomes one fictional number.
type Replay struct {
	*core
	stream vote.Stream
	speed  float64
	byPoll map[int][]vote.StreamText
	phone  map[string]int
}

var (
	_ vote.Source      = (*Replay)(nil)
	_ vote.PollWatcher = (*Replay)(nil)
)

// NewReplay reads the stream. A File that does not exist but reads as a
// replay spec ("votes.jsonl,speed=10") is parsed as one. It fails when the
// file cannot be read or parsed, the speed is out of range, or there are more
// voters than MaxAudience fictional numbers.
func NewReplay(cfg ReplayConfig) (*Replay, error) {
	if _, err := os.Stat(cfg.File); err != nil && cfg.Stream == nil && strings.Contains(cfg.File, ",") {
		spec, perr := ParseReplaySpec(cfg.File)
		if perr != nil {
			return nil, fmt.Errorf("replay: %w", perr)
		}
		cfg.File, cfg.Instant = spec.File, cfg.Instant || spec.Instant
		if spec.Speed != 0 {
			cfg.Speed = spec.Speed
		}
	}
	if cfg.Speed == 0 {
		cfg.Speed = 1
	}
	if !(cfg.Speed > 0 && cfg.Speed <= 1000) {
		return nil, fmt.Errorf("replay: speed %g is not between 0 and 1000", cfg.Speed)
	}
	if cfg.Batch < 0 || cfg.Batch > 10000 {
		return nil, fmt.Errorf("replay: batch %d is not between 1 and 10000", cfg.Batch)
	}
	var s vote.Stream
	if cfg.Stream != nil {
		s = *cfg.Stream
	} else {
		f, err := os.Open(cfg.File)
		if err != nil {
			return nil, fmt.Errorf("replay: %w", err)
		}
		defer f.Close()
		if s, err = vote.ReadStream(f); err != nil {
			return nil, fmt.Errorf("replay %s: %w", cfg.File, err)
		}
	}
	r := &Replay{core: newCore("replay", "replay", cfg.Now), stream: s, speed: cfg.Speed,
		byPoll: map[int][]vote.StreamText{}, phone: map[string]int{}}
	for _, t := range s.Texts {
		if _, ok := r.phone[t.Voter]; !ok {
			r.phone[t.Voter] = len(r.phone)
		}
		r.byPoll[t.Poll] = append(r.byPoll[t.Poll], t)
	}
	if len(r.phone) > MaxAudience {
		return nil, fmt.Errorf("replay: %d voters, at most %d are supported", len(r.phone), MaxAudience)
	}
	if cfg.Batch > 0 {
		r.batch = cfg.Batch
	}
	r.instant, r.allowLive = cfg.Instant, cfg.AllowLive
	r.plan = r.planPoll
	r.describe = func(open int) string {
		return fmt.Sprintf("Replaying %d texts of %d polls at %gx; %d polls replayed.", len(s.Texts), len(s.Polls), cfg.Speed, r.ordinal)
	}
	r.metrics = func(m map[string]string) {
		m["speed"] = strconv.FormatFloat(cfg.Speed, 'f', -1, 64) + "x"
		m["recorded"] = fmt.Sprint(len(s.Texts))
	}
	return r, nil
}

// Stream returns the recording being replayed.
func (r *Replay) Stream() vote.Stream { return r.stream }

// planPoll re-bases the recording's ordinal-th poll onto p; core.mu is held.
func (r *Replay) planPoll(p vote.PollInfo, ordinal uint64) *pollRun {
	texts := r.byPoll[int(ordinal)]
	var dur int64
	for _, sp := range r.stream.Polls {
		if sp.Poll == int(ordinal) {
			dur = sp.DurationMs
		}
	}
	scale := func(ms int64) time.Duration {
		return time.Duration(float64(max(0, ms)) * float64(time.Millisecond) / r.speed)
	}
	var in, late []planned
	for i, t := range texts {
		pt := planned{phone: r.phone[t.Voter], text: t.Text, seq: i}
		if dur > 0 && t.OffsetMs >= dur {
			pt.late, pt.at = true, scale(t.OffsetMs-dur)
			late = append(late, pt)
			continue
		}
		pt.at = scale(t.OffsetMs)
		in = append(in, pt)
	}
	run := &pollRun{info: p, ordinal: ordinal, keep: true, idPrefix: fmt.Sprintf("replay-%d-", p.ID)}
	run.setTexts(append(in, late...))
	return run
}
