package sim

import (
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"time"

	"forkcast/app/vote"
)

// kind tells what a planned text is, for tests and health.
type kind uint8

const (
	kindVote    kind = iota // a voter's first valid vote
	kindChange              // a later vote for another choice
	kindInvalid             // not a vote
	kindStop                // STOP
	kindDup                 // a second delivery of the same text
)

// planned is one text the audience will send: at is the offset from the
// poll's open, or from its close when late.
type planned struct {
	at     time.Duration
	late   bool
	phone  int
	text   string
	seq    int
	kind   kind
	choice int // the vote it means (choice number or rating), 0 if none
}

// lateSpread is how long after a close late texts keep arriving.
const lateSpread = 10 * time.Second

// window is how long the poll takes texts: its timer, else cfg.Window.
func (c Config) window(p vote.PollInfo) time.Duration {
	if !p.ClosesAt.IsZero() && p.ClosesAt.After(p.OpenedAt) {
		return p.ClosesAt.Sub(p.OpenedAt)
	}
	return c.Window
}

// pollRand is the poll's own random stream: it depends only on the seed and
// the poll's ordinal, so the same seed and the same polls give the same texts.
func pollRand(seed, ordinal uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, ordinal))
}

// plan returns every text of a poll (c with defaults), in-window ones sorted by
// offset and late ones after them sorted by offset from the close.
func (c Config) plan(p vote.PollInfo, ordinal uint64, bias Bias) []planned {
	r := pollRand(c.Seed, ordinal)
	w := c.window(p)
	weights := bias.Weights(p.Choices)
	var out []planned
	seq := 0
	add := func(t planned) {
		if !t.late && t.at >= w {
			return // after the close: this voter did not make it
		}
		t.seq = seq
		seq++
		out = append(out, t)
		if r.Float64() < c.Dup {
			d := t
			d.kind = kindDup
			d.at += time.Duration(200+r.IntN(2800)) * time.Millisecond
			if d.late || d.at < w {
				out = append(out, d)
			}
		}
	}
	for phone := range c.Audience {
		if r.Float64() >= c.Turnout {
			continue
		}
		c.planVoter(r, p, weights, w, phone, add)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].late != out[j].late {
			return !out[i].late
		}
		return out[i].at < out[j].at
	})
	return out
}

// planVoter plans one phone's texts in a poll.
func (c Config) planVoter(r *rand.Rand, p vote.PollInfo, weights []float64, w time.Duration, phone int, add func(planned)) {
	choice := c.pick(r, p, weights)
	if r.Float64() < c.Late {
		// at least 100 ms after the close, so no late text is stamped with the close itself
		at := 100*time.Millisecond + time.Duration(r.ExpFloat64()*float64(3*time.Second))
		add(planned{at: min(at, lateSpread), late: true, phone: phone, text: c.ballot(r, p, choice), choice: choice})
		return
	}
	t := c.arrival(r, w)
	if r.Float64() < c.Invalid {
		add(planned{at: t, phone: phone, text: invalidText(r, p), kind: kindInvalid})
		if r.Float64() < 0.5 {
			return
		}
		t += time.Duration(2000+r.IntN(6000)) * time.Millisecond
	}
	add(planned{at: t, phone: phone, text: c.ballot(r, p, choice), choice: choice})
	if r.Float64() < c.Change {
		if other := c.other(r, p, choice); other != 0 {
			t += time.Duration(3000+r.IntN(12000)) * time.Millisecond
			add(planned{at: t, phone: phone, text: c.ballot(r, p, other), kind: kindChange, choice: other})
		}
	}
	if r.Float64() < c.Stop {
		stop := [...]string{"STOP", "stop", "Stop"}[r.IntN(3)]
		add(planned{at: t + time.Duration(1000+r.IntN(9000))*time.Millisecond, phone: phone, text: stop, kind: kindStop})
	}
}

// arrival draws a first text's offset: BurstShare of voters within Burst
// (denser at the start), the rest in a tail that thins out towards w.
func (c Config) arrival(r *rand.Rand, w time.Duration) time.Duration {
	burst := min(c.Burst, w)
	if r.Float64() < c.BurstShare || burst >= w {
		u := r.Float64()
		return time.Duration(u * u * float64(burst))
	}
	tail := w - burst
	t := time.Duration(r.ExpFloat64() * float64(tail) / 3)
	if t >= tail {
		t = time.Duration(r.Float64() * float64(tail))
	}
	return burst + t
}

// pick draws a choice number by weight, or a 1-10 rating.
func (c Config) pick(r *rand.Rand, p vote.PollInfo, weights []float64) int {
	if p.Kind == vote.PollRating || len(p.Choices) == 0 {
		v := math.Round(c.Mean + r.NormFloat64()*c.SD)
		return int(max(1, min(10, v)))
	}
	u := r.Float64()
	for i, w := range weights {
		if u < w {
			return p.Choices[i].Number
		}
		u -= w
	}
	return p.Choices[len(p.Choices)-1].Number
}

// other draws a different choice (or rating) than was, 0 when there is none.
func (c Config) other(r *rand.Rand, p vote.PollInfo, was int) int {
	if p.Kind == vote.PollRating || len(p.Choices) == 0 {
		return max(1, min(10, was+[...]int{-2, -1, 1, 2}[r.IntN(4)]))
	}
	if len(p.Choices) < 2 {
		return 0
	}
	for {
		if n := p.Choices[r.IntN(len(p.Choices))].Number; n != was {
			return n
		}
	}
}

var (
	numberWords  = [...]string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}
	cjkDigits    = [...]string{"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
	cjkFinancial = [...]string{"零", "壹", "貳", "叁", "肆", "伍", "陸", "柒", "捌", "玖", "拾"}
)

// ballot renders a vote for n as a phone would text it.
func (c Config) ballot(r *rand.Rand, p vote.PollInfo, n int) string {
	if kws := keywordsOf(p, n); len(kws) > 0 && r.Float64() < c.Keywords {
		kw := strings.TrimPrefix(kws[r.IntN(len(kws))], "#")
		switch r.IntN(4) {
		case 0:
			return strings.ToUpper(kw)
		case 1:
			return "#" + kw
		case 2:
			return titleCase(kw) + "!"
		}
		return kw
	}
	if r.Float64() < c.Scripts {
		return scriptBallot(r, n)
	}
	s := strconv.Itoa(n)
	switch u := r.IntN(20); {
	case u == 0:
		return "#" + s
	case u == 1:
		return " " + s + " "
	case u == 2:
		return s + "!"
	case u == 3:
		return s + "."
	}
	return s
}

// scriptBallot writes n as a phone in another country or keyboard would:
// full-width, keycap or circled, an English word, CJK numerals (plain and
// financial), or the digits of Arabic-Indic, Persian, Devanagari, Bengali
// and Thai. Every form reads as n with the engine's default ballot rules.
func scriptBallot(r *rand.Rand, n int) string {
	s := strconv.Itoa(n)
	shift := func(zero rune) string {
		var b strings.Builder
		for _, d := range s {
			b.WriteRune(zero + d - '0')
		}
		return b.String()
	}
	switch r.IntN(11) {
	case 0:
		return shift('０') // full-width
	case 1:
		if n <= 9 {
			return s + "\uFE0F\u20E3" // keycap
		}
		return "🔟"
	case 2:
		return titleCase(numberWords[n])
	case 3:
		return cjkDigits[n]
	case 4:
		return shift('٠') // Arabic-Indic
	case 5:
		return shift('۰') // Persian
	case 6:
		return shift('০') // Bengali
	case 7:
		return shift('๐') // Thai
	case 8:
		if n <= 9 {
			return string(rune('①' + n - 1)) // circled
		}
		return "⑩"
	case 9:
		return cjkFinancial[n]
	}
	return shift('०') // Devanagari
}

var invalidTexts = [...]string{"", " ", "1 or 2", "both", "🤷", "🚀🚀🚀", "idk", "tw0", "?", "1,2", "lol what is this", "can I vote twice", "0", "Привет", "投票"}

// invalidText draws a text that is not a vote in p.
func invalidText(r *rand.Rand, p vote.PollInfo) string {
	if p.Kind == vote.PollRating {
		return [...]string{"", "11", "0", "great talk!", "👏👏", "eleven", "5 or 6"}[r.IntN(7)]
	}
	if k := len(p.Choices); k < 9 && r.IntN(8) == 0 {
		return strconv.Itoa(k + 1) // a choice that is not on the fork
	}
	return invalidTexts[r.IntN(len(invalidTexts))]
}

func keywordsOf(p vote.PollInfo, n int) []string {
	for _, c := range p.Choices {
		if c.Number == n {
			return c.Keywords
		}
	}
	return nil
}

// titleCase upper-cases the first letter of s.
func titleCase(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}
