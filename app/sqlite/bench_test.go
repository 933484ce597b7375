package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"testing"
	"time"

	"forkcast/app/show"
	"forkcast/app/sqlite"
	"forkcast/app/story"
	"forkcast/app/testkit"
	"forkcast/app/vote"
)

// The engine's benchmarks (issue 4): ingest throughput against raw batched
// inserts of the same rows, Ingest-to-tally latency at 2,000 texts/s, and
// memory with 100,000 texts in the inbox. Figures: docs/benchmarks.md.

var benchBodies = []string{"1", "2", "two", "#breach", "surge please", "2️⃣", "hello", "1 or 2", "Option 1!"}

// benchMessages returns n texts from n/2 phones: every phone votes twice, so
// half the texts change or repeat a vote.
func benchMessages(n int, prefix string, at time.Time) []vote.Message {
	out := make([]vote.Message, n)
	for i := range out {
		phone := i % max(n/2, 1)
		sender := fmt.Sprintf("+1503%07d", phone)
		if phone%10 == 0 {
			sender = fmt.Sprintf("(503) %03d-%04d", 200+phone/10000, phone%10000) // national format
		}
		out[i] = vote.Message{Source: "relay", ProviderID: fmt.Sprintf("%s%d", prefix, i), Sender: sender,
			Text: benchBodies[i%len(benchBodies)], ReceivedAt: at}
	}
	return out
}

func benchStory() *story.Story {
	o := story.VoteOptions{Policy: story.LastWins, Ties: story.TiesPresenter, Open: story.OpenOnArrive, Grace: 5 * time.Second}
	return &story.Story{File: "bench.md", Hash: "bench", Title: "Bench", Start: "fork", Vote: o,
		Scenes: []*story.Scene{
			{ID: "fork", Vote: o, Slides: []*story.Slide{{}}, Fork: &story.Fork{Choices: []*story.Choice{
				{Number: 1, Label: "Security breach", Target: "a", Keywords: []string{"breach", "security"}},
				{Number: 2, Label: "Traffic surge", Target: "b", Keywords: []string{"surge"}},
			}}},
			{ID: "a", Vote: o, Slides: []*story.Slide{{}}, Next: story.End},
			{ID: "b", Vote: o, Slides: []*story.Slide{{}}, Next: story.End},
		}}
}

// openEngine returns an engine on a fresh database whose first scene's poll
// opens on arrival.
func openEngine(b *testing.B, n show.Notifier) (*show.Engine, *sqlite.DB, string) {
	return openEngineEvery(b, n, 0)
}

// openEngineEvery is openEngine with a tally interval (0: the default).
func openEngineEvery(b *testing.B, n show.Notifier, every time.Duration) (*show.Engine, *sqlite.DB, string) {
	b.Helper()
	path := filepath.Join(b.TempDir(), "bench.db")
	db, err := sqlite.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	e, err := show.New(context.Background(), show.Config{Story: benchStory(), Store: db, Notifier: n,
		Mode: show.Live, Region: "US", Secret: []byte("bench"), TallyInterval: every})
	if err != nil {
		b.Fatal(err)
	}
	if p := e.State().Poll; p == nil || p.State != show.PollOpen {
		b.Fatalf("poll not open: %+v", p)
	}
	return e, db, path
}

// ingestConcurrently delivers msgs through producers goroutines, each calling
// Ingest with per messages at a time, as several sources would.
func ingestConcurrently(b *testing.B, e *show.Engine, msgs []vote.Message, producers, per int) {
	var wg sync.WaitGroup
	next := make(chan []vote.Message)
	for p := 0; p < producers; p++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for batch := range next {
				if err := e.Ingest(context.Background(), batch); err != nil {
					b.Error(err)
				}
			}
		}()
	}
	for i := 0; i < len(msgs); i += per {
		next <- msgs[i:min(i+per, len(msgs))]
	}
	close(next)
	wg.Wait()
}

// storedRows reads back every inbox and vote row the engine stored.
func storedRows(b *testing.B, db *sqlite.DB) (inbox, votes [][]any) {
	read := func(q string) [][]any {
		rows, err := db.SQLForTest().Query(q)
		if err != nil {
			b.Fatal(err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		var out [][]any
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				b.Fatal(err)
			}
			out = append(out, vals)
		}
		return out
	}
	return read(`SELECT id, session_id, source, provider_id, voter, sender, text, pdu, partial, received_at,
			stored_at, poll_id, result, choice, reason FROM inbox ORDER BY id`),
		read(`SELECT id, poll_id, inbox_id, voter, choice, counted, reason, at FROM votes ORDER BY id`)
}

// rawInsert stores exactly the given inbox and vote rows with prepared
// statements, batch inbox rows (and their votes) per transaction: the same
// durable work without parsing, counting or the engine's bookkeeping.
func rawInsert(b *testing.B, db *sqlite.DB, inbox, votes [][]any, batch int) {
	ctx := context.Background()
	sqldb := db.SQLForTest()
	v := 0
	for i := 0; i < len(inbox); i += batch {
		tx, err := sqldb.BeginTx(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		ins, _ := tx.Prepare(`INSERT INTO inbox (id, session_id, source, provider_id, voter, sender, text, pdu,
			partial, received_at, stored_at, poll_id, result, choice, reason)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source, provider_id) DO NOTHING`)
		vot, _ := tx.Prepare(`INSERT INTO votes (id, poll_id, inbox_id, voter, choice, counted, reason, at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
		last := inbox[min(i+batch, len(inbox))-1][0].(int64)
		for _, row := range inbox[i:min(i+batch, len(inbox))] {
			if _, err := ins.Exec(row...); err != nil {
				b.Fatal(err)
			}
		}
		for ; v < len(votes) && votes[v][2].(int64) <= last; v++ {
			if _, err := vot.Exec(votes[v]...); err != nil {
				b.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkIngestVsRaw measures (a): each iteration stores 20,000 texts
// through the engine, then stores the very rows it wrote (inbox and votes) by
// raw batched inserts (1,000 texts per transaction, prepared statements) into
// a fresh database of the same schema; it reports both rates and their ratio,
// by wall clock and by the process's CPU time (steadier on a shared machine).
// Two shapes of sources: 64 concurrent callers of one text each (the worst
// case for group commit) and 4 callers of 100 texts (a relay catching up, the
// simulator's load mode).
func BenchmarkIngestVsRaw(b *testing.B) {
	for _, shape := range []struct{ callers, per int }{{64, 1}, {4, 100}} {
		b.Run(fmt.Sprintf("calls=%dx%d", shape.callers, shape.per), func(b *testing.B) {
			benchIngestVsRaw(b, shape.callers, shape.per)
		})
	}
}

func benchIngestVsRaw(b *testing.B, callers, per int) {
	const n = 20000
	var engineDur, rawDur, engineCPU, rawCPU time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		e, db, _ := openEngine(b, nil)
		msgs := benchMessages(n, fmt.Sprintf("e%d-", i), time.Now())
		start, cpu := time.Now(), cpuTime()
		b.StartTimer()
		ingestConcurrently(b, e, msgs, callers, per)
		b.StopTimer()
		engineDur, engineCPU = engineDur+time.Since(start), engineCPU+cpuTime()-cpu
		e.Close()
		inbox, votes := storedRows(b, db)
		db.Close()

		re, rdb, _ := openEngine(b, nil)
		re.Close()
		runtime.GC()
		start, cpu = time.Now(), cpuTime()
		b.StartTimer()
		rawInsert(b, rdb, inbox, votes, 1000)
		b.StopTimer()
		rawDur, rawCPU = rawDur+time.Since(start), rawCPU+cpuTime()-cpu
		rdb.Close()
	}
	texts := float64(n * b.N)
	b.ReportMetric(texts/engineDur.Seconds(), "engine-texts/s")
	b.ReportMetric(texts/rawDur.Seconds(), "raw-texts/s")
	b.ReportMetric(100*rawDur.Seconds()/engineDur.Seconds(), "ratio-%")
	b.ReportMetric(100*rawCPU.Seconds()/engineCPU.Seconds(), "cpu-ratio-%")
	b.ReportMetric(0, "ns/op")
}

// tallyTimes records when each tally event was published and the engine's
// sequence (the last stored text's id) it includes.
type tallyTimes struct {
	mu  sync.Mutex
	at  []time.Time
	seq []int64
}

func (t *tallyTimes) Notify(name string, payload any) {
	if name == show.EventTally {
		t.mu.Lock()
		t.at = append(t.at, time.Now())
		t.seq = append(t.seq, payload.(show.Tally).Seq)
		t.mu.Unlock()
	}
}

// BenchmarkTallyLatency measures (b): texts arrive at 2,000 a second for 5
// seconds, each in its own Ingest call (8 concurrent sources); a text's
// latency runs from its Ingest call to the first tally event whose Seq
// includes the text's inbox id (read back from the store afterwards). It
// runs with the default tally interval (50 ms: at most 20 events a second)
// and with 40 and 25 ms, to show what the interval itself costs.
func BenchmarkTallyLatency(b *testing.B) {
	for _, every := range []time.Duration{show.DefaultTallyInterval, 50 * time.Millisecond, 25 * time.Millisecond} {
		b.Run("interval="+every.String(), func(b *testing.B) { benchLatency(b, every) })
	}
}

func benchLatency(b *testing.B, every time.Duration) {
	const rate, seconds = 2000, 5
	var lat []time.Duration
	for i := 0; i < b.N; i++ {
		tt := &tallyTimes{}
		e, db, _ := openEngineEvery(b, tt, every)
		msgs := benchMessages(rate*seconds, fmt.Sprintf("l%d-", i), time.Now())
		calls := make([]time.Time, len(msgs))
		work := make(chan int, len(msgs))
		var wg sync.WaitGroup
		for p := 0; p < 8; p++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for k := range work {
					calls[k] = time.Now()
					if err := e.Ingest(context.Background(), msgs[k:k+1]); err != nil {
						b.Error(err)
					}
				}
			}()
		}
		stalls := testkit.WatchStalls()
		start := time.Now()
		for k := range msgs {
			time.Sleep(time.Until(start.Add(time.Duration(k) * time.Second / rate))) // simulates texts arriving at rate a second
			work <- k
		}
		close(work)
		wg.Wait()
		b.ReportMetric(float64(stalls())/1e6, "max-stall-ms")
		ids := inboxIDs(b, db)
		var newest int64
		for _, id := range ids {
			newest = max(newest, id)
		}
		testkit.Eventually(b, 10*time.Second, "a tally event that includes the last text", func() error {
			tt.mu.Lock()
			defer tt.mu.Unlock()
			if n := len(tt.seq); n == 0 || tt.seq[n-1] < newest {
				return fmt.Errorf("%d tally events, the last one short of id %d", n, newest)
			}
			return nil
		})
		e.Close()
		db.Close()
		tt.mu.Lock()
		for k, m := range msgs {
			id := ids[m.ProviderID]
			j := sort.Search(len(tt.seq), func(j int) bool { return tt.seq[j] >= id })
			if id == 0 || j == len(tt.seq) {
				b.Fatalf("text %d (id %d) never reached a tally event", k, id)
			}
			lat = append(lat, tt.at[j].Sub(calls[k]))
		}
		b.ReportMetric(float64(len(tt.at))/tt.at[len(tt.at)-1].Sub(start).Seconds(), "tallies/s")
		tt.mu.Unlock()
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))]) / 1e6 }
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(pct(1), "max-ms")
	b.ReportMetric(0, "ns/op")
}

// inboxIDs maps each stored text's provider id to its inbox id.
func inboxIDs(b *testing.B, db *sqlite.DB) map[string]int64 {
	rows, err := db.SQLForTest().Query(`SELECT provider_id, id FROM inbox`)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var p string
		var id int64
		if err := rows.Scan(&p, &id); err != nil {
			b.Fatal(err)
		}
		out[p] = id
	}
	return out
}

// BenchmarkMemory100k measures (c): the Go heap with 100,000 texts in the
// inbox, all counted in the open poll (100,000 distinct phones, the engine's
// worst case), live and after a restart that resumes the session.
func BenchmarkMemory100k(b *testing.B) {
	const n = 100000
	for i := 0; i < b.N; i++ {
		e, db, path := openEngine(b, nil)
		msgs := benchMessages(2*n, fmt.Sprintf("m%d-", i), time.Now())[:n] // one text per phone
		ingestConcurrently(b, e, msgs, 8, 500)
		if got := e.State().Poll.Total; got < n*7/10 {
			b.Fatalf("total %d, want most of %d counted", got, n)
		}
		b.ReportMetric(heapMB(), "live-heap-MB")
		e.Close()
		start := time.Now()
		e2, err := show.New(context.Background(), show.Config{Story: benchStory(), Store: db, Mode: show.Live, Secret: []byte("bench")})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(time.Since(start).Milliseconds()), "resume-ms")
		b.ReportMetric(heapMB(), "resumed-heap-MB")
		e2.Close()
		db.Close()
		b.ReportMetric(fileMB(path), "db-MB")
	}
	b.ReportMetric(0, "ns/op")
}

func heapMB() float64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.HeapAlloc) / (1 << 20)
}

func fileMB(path string) float64 {
	var total int64
	for _, p := range []string{path, path + "-wal"} {
		if fi, err := os.Stat(p); err == nil {
			total += fi.Size()
		}
	}
	return float64(total) / (1 << 20)
}
