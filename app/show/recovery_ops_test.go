package show_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"forkcast/app/show"
	"forkcast/app/sqlite"
	"forkcast/app/story"
	"forkcast/app/vote"
)

// This file is the recovery test's workload: a deterministic stream of
// operations (texts and speaker actions, each at a known clock) and the child
// process that runs it.

// recoveryBase is the stream's clock origin.
var recoveryBase = time.Date(2026, 5, 1, 20, 0, 0, 0, time.UTC)

// op is one step of the stream. Texts are delivered by several concurrent
// Ingest calls, so group commits happen; voters are distinct within an op.
type op struct {
	Kind   string           // text, next, prev, open, close, resolve, override, goto, blank, wait
	Groups [][]vote.Message // text: one Ingest call per group
	Arg    int
	Scene  string
	At     time.Duration // clock offset
}

// recoveryStory is the test story with a timer and a short grace window.
func recoveryStory() *story.Story {
	o := defaultOpts()
	o.Timer, o.Grace = 8*time.Second, 2*time.Second
	st := testStory(o)
	st.Hash = "recovery"
	return st
}

// recoveryOps builds the stream: rounds through the story's fork and rating,
// closing polls by key, by timer or by override, with texts throughout.
func recoveryOps(rounds int) []op {
	g := &opGen{r: rand.New(rand.NewSource(42))}
	for round := 0; round < rounds; round++ {
		g.add(op{Kind: "next"}, op{Kind: "next"}, op{Kind: "next"}, op{Kind: "open"})
		for i := 0; i < 20; i++ {
			g.texts(forkTexts)
			if i == 7 {
				g.add(op{Kind: "prev"}, op{Kind: "blank", Arg: 1}, op{Kind: "next"}, op{Kind: "blank"})
			}
		}
		switch round % 3 {
		case 0:
			g.add(op{Kind: "close"})
		case 1:
			for i := 0; i < 14; i++ { // past the 8 s timer
				g.texts(forkTexts)
			}
		case 2:
			g.add(op{Kind: "override", Arg: 1 + round%2})
		}
		for i := 0; i < 4; i++ {
			g.texts(forkTexts) // in and after the grace window
		}
		g.add(op{Kind: "wait"}, op{Kind: "wait"}, op{Kind: "wait"}, op{Kind: "wait"}, op{Kind: "wait"})
		g.add(op{Kind: "resolve"}, op{Kind: "next"}, op{Kind: "next"}, op{Kind: "open"})
		for i := 0; i < 8; i++ {
			g.texts(ratingTexts)
		}
		g.add(op{Kind: "close"}, op{Kind: "wait"}, op{Kind: "goto", Scene: "intro"})
	}
	return g.ops
}

var (
	forkTexts   = []string{"1", "2", "two", "#breach", "surge", "2️⃣", "1 or 2", "hello", "STOP", "１", "option 1", "3"}
	ratingTexts = []string{"10", "9/10", "eight", "7 out of 10", "8.5", "great", "11", "3"}
)

type opGen struct {
	r    *rand.Rand
	ops  []op
	at   time.Duration
	sent []vote.Message
	n    int
}

func (g *opGen) add(ops ...op) {
	for _, o := range ops {
		g.at += 250 * time.Millisecond
		if o.Kind == "wait" {
			g.at += 750 * time.Millisecond
		}
		o.At = g.at
		g.ops = append(g.ops, o)
	}
}

// texts adds a text op: 1-4 Ingest calls of 1-3 messages from distinct
// voters; now and then a redelivery of an earlier message.
func (g *opGen) texts(bodies []string) {
	at := g.at + 250*time.Millisecond
	used := map[string]bool{}
	var groups [][]vote.Message
	for c := 1 + g.r.Intn(4); c > 0; c-- {
		var group []vote.Message
		for k := 1 + g.r.Intn(3); k > 0; k-- {
			if len(g.sent) > 0 && g.r.Intn(10) == 0 {
				m := g.sent[g.r.Intn(len(g.sent))]
				if !used[m.Sender] {
					used[m.Sender] = true
					group = append(group, m)
				}
				continue
			}
			sender := fmt.Sprintf("+1503555%04d", g.r.Intn(40))
			if used[sender] {
				continue
			}
			used[sender] = true
			g.n++
			m := vote.Message{Source: []string{"modem", "relay"}[g.n%2], ProviderID: "p" + strconv.Itoa(g.n),
				Sender: sender, Text: bodies[g.r.Intn(len(bodies))],
				ReceivedAt: recoveryBase.Add(at - time.Duration(g.r.Intn(1500))*time.Millisecond)}
			g.sent = append(g.sent, m)
			group = append(group, m)
		}
		if len(group) > 0 {
			groups = append(groups, group)
		}
	}
	g.add(op{Kind: "text", Groups: groups})
}

// summary is the part of the state a restart must restore exactly.
type summary struct {
	Session int64
	Scene   string
	Slide   int
	Blank   bool
	Path    []string
	Poll    string
	Counts  map[int]int `json:",omitempty"` // checked against the store, not the reference
}

func summarize(s show.State) summary {
	sum := summary{Session: s.Session.ID, Scene: s.Scene, Slide: s.Slide, Blank: s.Blank}
	for _, p := range s.Path {
		sum.Path = append(sum.Path, fmt.Sprintf("%s:%d:%s", p.Scene, p.Choice, p.By))
	}
	if p := s.Poll; p != nil {
		sum.Poll = fmt.Sprintf("%d %s w%d t%v by:%s closes:%d closed:%d", p.ID, p.State, p.Winner, p.Tie, p.DecidedBy,
			p.ClosesAt.UnixNano(), p.ClosedAt.UnixNano())
		sum.Counts = map[int]int{}
		for _, c := range p.Choices {
			sum.Counts[c.Number] = c.Count
		}
		if p.Rating != nil {
			for i, n := range p.Rating.Histogram {
				if n > 0 {
					sum.Counts[i+1] = n
				}
			}
		}
	}
	return sum
}

func (s summary) position() string { return fmt.Sprint(s.Session, s.Scene, s.Slide, s.Blank, s.Path) }

// runRecoveryChild runs the stream from op start on the database at path,
// printing "ready", "msg ID" per acknowledged text and "ack I" per op.
func runRecoveryChild(path string, start int) error {
	ops := recoveryOps(recoveryRounds)
	var clock atomic.Int64
	setClock := func(d time.Duration) { clock.Store(recoveryBase.Add(d).UnixNano()) }
	setClock(0)
	if start > 0 {
		setClock(ops[start-1].At)
	}
	db, err := sqlite.Open(path)
	if err != nil {
		return err
	}
	e, err := show.New(context.Background(), show.Config{Story: recoveryStory(), Store: db, Mode: show.Live,
		Secret: []byte("recovery-secret"), Region: "US", Now: func() time.Time { return time.Unix(0, clock.Load()).UTC() }})
	if err != nil {
		return err
	}
	state := func() string {
		b, _ := json.Marshal(summarize(e.State()))
		return string(b)
	}
	fmt.Fprintf(os.Stdout, "ready %s\n", state())
	var first int
	if _, err := fmt.Fscan(os.Stdin, &first); err != nil {
		return fmt.Errorf("read start: %w", err)
	}
	ctx := context.Background()
	for i := first; i < len(ops); i++ {
		setClock(ops[i].At)
		if err := runOp(ctx, e, ops[i]); err != nil {
			return fmt.Errorf("op %d %s: %w", i, ops[i].Kind, err)
		}
		if err := e.Tick(ctx); err != nil {
			return err
		}
		fmt.Fprintf(os.Stdout, "ack %d %s\n", i, state())
	}
	fmt.Fprintln(os.Stdout, "done")
	return nil
}

// runOp runs one op; the speaker's mistakes (ECONFLICT) are part of the show.
func runOp(ctx context.Context, e *show.Engine, o op) error {
	var err error
	switch o.Kind {
	case "text":
		var wg sync.WaitGroup
		errs := make([]error, len(o.Groups))
		for i, g := range o.Groups {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if errs[i] = e.Ingest(ctx, g); errs[i] == nil {
					for _, m := range g {
						fmt.Fprintf(os.Stdout, "msg %s/%s\n", m.Source, m.ProviderID)
					}
				}
			}()
		}
		wg.Wait()
		return firstErr(errs)
	case "next":
		err = e.Next(ctx)
	case "prev":
		err = e.Prev(ctx)
	case "open":
		err = e.OpenPoll(ctx)
	case "close":
		err = e.ClosePoll(ctx)
	case "override":
		err = e.Pick(ctx, o.Arg, "recovery test")
	case "resolve":
		if p := e.State().Poll; p != nil && len(p.Tie) > 0 {
			err = e.Pick(ctx, slices.Min(p.Tie), "")
		}
	case "goto":
		err = e.Goto(ctx, o.Scene)
	case "blank":
		err = e.SetBlank(ctx, o.Arg == 1)
	}
	if err != nil && show.ErrorCode(err) == show.EINTERNAL {
		return err
	}
	return nil
}

func firstErr(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
