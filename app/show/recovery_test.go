package show_test

import (
	"bufio"
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"forkcast/app/sqlite"
	"forkcast/app/sqlite/dbfile"
)

// The recovery test runs the engine in a child process (this test binary,
// re-executed with recoveryEnv set), feeds it a known stream, kills it with
// SIGKILL at random points, restarts it, and checks after every kill that
// every acknowledged text is stored, nothing is counted twice, tallies equal a
// recount of the stored votes, and the restarted show is where the reference
// run (the same stream, never killed) was. At the end both databases must
// hold the same texts, votes, tallies, polls and path.

const (
	recoveryEnv      = "FORKCAST_RECOVERY_CHILD"
	recoveryStartEnv = "FORKCAST_RECOVERY_START"
	recoveryRounds   = 4
	recoveryKills    = 32
)

// TestRecoveryChild is the child's entry point; it does nothing in a normal run.
func TestRecoveryChild(t *testing.T) {
	path := os.Getenv(recoveryEnv)
	if path == "" {
		return
	}
	start, _ := strconv.Atoi(os.Getenv(recoveryStartEnv))
	if err := runRecoveryChild(path, start); err != nil {
		fmt.Fprintln(os.Stdout, "error", err)
		os.Exit(1)
	}
	os.Exit(0)
}

// child is a running child process and its complete output lines.
type child struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	lines chan string
}

func startChild(t *testing.T, db string, start int) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestRecoveryChild$")
	cmd.Env = append(os.Environ(), recoveryEnv+"="+db, recoveryStartEnv+"="+strconv.Itoa(start))
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd, stdin: stdin, lines: make(chan string, 4096)}
	go func() {
		defer close(c.lines)
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		sc.Split(completeLines)
		for sc.Scan() {
			c.lines <- sc.Text()
		}
	}()
	return c
}

// completeLines splits on newlines and drops a last line cut by a kill.
func completeLines(data []byte, atEOF bool) (int, []byte, error) {
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		return i + 1, data[:i], nil
	}
	if atEOF {
		return len(data), nil, nil
	}
	return 0, nil, nil
}

// progress is what the parent learned from a child's output.
type progress struct {
	acked  map[string]bool // source/provider id of acknowledged texts
	next   int             // first op not acknowledged
	states map[int]summary // state after op i
	ready  *summary
	done   bool
}

func (p *progress) read(t *testing.T, line string) {
	t.Helper()
	kind, rest, _ := strings.Cut(line, " ")
	switch kind {
	case "msg":
		p.acked[rest] = true
	case "ack":
		num, js, _ := strings.Cut(rest, " ")
		i, _ := strconv.Atoi(num)
		var s summary
		if err := json.Unmarshal([]byte(js), &s); err != nil {
			t.Fatalf("ack line %q: %v", line, err)
		}
		p.states[i] = s
		p.next = i + 1
	case "ready":
		var s summary
		if err := json.Unmarshal([]byte(rest), &s); err != nil {
			t.Fatalf("ready line %q: %v", line, err)
		}
		p.ready = &s
	case "done":
		p.done = true
	case "error":
		t.Fatalf("child failed: %s", rest)
	}
}

func TestRecoveryAfterKill(t *testing.T) {
	if testing.Short() {
		t.Skip("recovery test runs ~30 processes; skipped in -short")
	}
	ops := recoveryOps(recoveryRounds)
	dir := t.TempDir()

	// The reference: the whole stream, never killed.
	refDB := filepath.Join(dir, "ref.db")
	ref := &progress{acked: map[string]bool{}, states: map[int]summary{}}
	c := startChild(t, refDB, 0)
	fmt.Fprintln(c.stdin, 0)
	for line := range c.lines {
		ref.read(t, line)
	}
	if err := c.cmd.Wait(); err != nil || !ref.done {
		t.Fatalf("reference run: %v (done=%v)", err, ref.done)
	}
	before := func(i int) summary {
		if i == 0 {
			return *ref.ready
		}
		return ref.states[i-1]
	}

	db := filepath.Join(dir, "killed.db")
	got := &progress{acked: map[string]bool{}, states: map[int]summary{}}
	rnd := rand.New(rand.NewSource(time.Now().UnixNano()))
	kills, early := 0, 0
	for kills < recoveryKills || !got.done {
		start := got.next
		c := startChild(t, db, start)
		killEarly := kills < recoveryKills && rnd.Intn(6) == 0
		if killEarly { // during open, migration or resume
			time.Sleep(time.Duration(rnd.Intn(30_000)) * time.Microsecond) // simulates a crash at a random moment of the start-up
			kill(t, c)
			kills++
			early++
			drain(t, got, c)
			checkStore(t, db, got)
			continue
		}
		got.ready = nil
		for line := range c.lines {
			got.read(t, line)
			if got.ready != nil {
				break
			}
		}
		if got.ready == nil {
			t.Fatalf("child exited before ready: %v", c.cmd.Wait())
		}
		first := resumePoint(t, ops, start, *got.ready, before(start), ref.states[start])
		checkCounts(t, db, *got.ready)
		got.next = first // a skipped op counts as done: it was committed
		fmt.Fprintln(c.stdin, first)
		if kills >= recoveryKills {
			for line := range c.lines {
				got.read(t, line)
			}
			if err := c.cmd.Wait(); err != nil {
				t.Fatalf("final run: %v", err)
			}
			break
		}
		time.Sleep(time.Duration(rnd.Intn(25_000)) * time.Microsecond) // simulates a crash at a random moment of the stream
		kill(t, c)
		kills++
		drain(t, got, c)
		checkStore(t, db, got)
	}
	if !got.done {
		t.Fatal("stream not finished")
	}
	if got.next != len(ops) {
		t.Fatalf("finished at op %d of %d", got.next, len(ops))
	}
	compareStores(t, refDB, db)
	t.Logf("%d ops, %d kills (%d before ready), %d texts acknowledged", len(ops), kills, early, len(got.acked))
}

func kill(t *testing.T, c *child) {
	t.Helper()
	if err := c.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("kill: %v", err)
	}
}

// drain reads the child's remaining output and waits for it.
func drain(t *testing.T, p *progress, c *child) {
	t.Helper()
	for line := range c.lines {
		p.read(t, line)
	}
	c.cmd.Wait()
}

// resumePoint decides where a restarted child goes on: op start, or the one
// after when start was a speaker action already committed (replaying it would
// act twice). Texts are always delivered again, as a source would.
func resumePoint(t *testing.T, ops []op, start int, got, pre, post summary) int {
	t.Helper()
	if start >= len(ops) {
		return start
	}
	posOK := got.position() == pre.position() || got.position() == post.position()
	pollOK := got.Poll == pre.Poll || got.Poll == post.Poll
	if !posOK || !pollOK {
		t.Fatalf("after restart before op %d (%s): state\n%+v\nwant the state before\n%+v\nor after\n%+v",
			start, ops[start].Kind, got, pre, post)
	}
	if ops[start].Kind != "text" && got.position() == post.position() && got.Poll == post.Poll &&
		(got.position() != pre.position() || got.Poll != pre.Poll) {
		return start + 1
	}
	return start
}

// checkCounts compares the restarted engine's tally with the store's.
func checkCounts(t *testing.T, path string, s summary) {
	t.Helper()
	if s.Counts == nil {
		return
	}
	db := rawDB(t, path)
	defer db.Close()
	var poll int64
	fmt.Sscan(s.Poll, &poll)
	if poll == 0 {
		return
	}
	rows, err := db.Query(`SELECT choice, COUNT(*) FROM votes WHERE poll_id = ? AND counted = 1 GROUP BY choice`, poll)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	want := map[int]int{}
	for rows.Next() {
		var c, n int
		rows.Scan(&c, &n)
		want[c] = n
	}
	for c, n := range s.Counts {
		if n != want[c] {
			t.Fatalf("restarted tally of poll %d: %v, want the recount %v", poll, s.Counts, want)
		}
	}
}

// checkStore checks the invariants on the killed child's database.
func checkStore(t *testing.T, path string, p *progress) {
	t.Helper()
	db, err := sqlite.Open(path)
	if err != nil {
		if _, serr := os.Stat(path); serr != nil {
			return // killed before the file was created
		}
		t.Fatalf("open after kill: %v", err)
	}
	defer db.Close()
	if err := db.Verify(t.Context()); err != nil {
		t.Fatalf("after kill: %v", err)
	}
	raw := rawDB(t, path)
	defer raw.Close()
	stored := map[string]bool{}
	rows, err := raw.Query(`SELECT source || '/' || provider_id FROM inbox`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		rows.Scan(&id)
		stored[id] = true
	}
	rows.Close()
	for id := range p.acked {
		if !stored[id] {
			t.Fatalf("acknowledged text %s lost after a kill", id)
		}
	}
	var twice int
	raw.QueryRow(`SELECT COUNT(*) FROM (SELECT inbox_id FROM votes GROUP BY inbox_id HAVING COUNT(*) > 1)`).Scan(&twice)
	if twice > 0 {
		t.Fatalf("%d texts read as a vote twice", twice)
	}
}

func rawDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := dbfile.Open(path, dbfile.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// compareStores checks that the killed run stored what the reference stored.
func compareStores(t *testing.T, refPath, gotPath string) {
	t.Helper()
	queries := map[string]string{
		"inbox": `SELECT source, provider_id, voter, sender, hex(text), result, choice, reason, COALESCE(poll_id, 0),
			received_at, stored_at FROM inbox ORDER BY source, provider_id`,
		"votes": `SELECT i.source, i.provider_id, v.poll_id, v.voter, v.choice, v.counted, v.reason, v.at
			FROM votes v JOIN inbox i ON i.id = v.inbox_id ORDER BY i.source, i.provider_id`,
		"tallies":  `SELECT poll_id, choice, count FROM tallies WHERE count != 0 ORDER BY poll_id, choice`,
		"polls":    `SELECT id, visit_id, scene, state, winner, tie, decided_by, override, opened_at, closes_at, closed_at, decided_at, invalid FROM polls ORDER BY id`,
		"visits":   `SELECT id, scene, entered_at, choice, decided_by, popped FROM visits ORDER BY id`,
		"sessions": `SELECT id, mode, scene, slide, blank, ended_at FROM sessions ORDER BY id`,
		"opt_outs": `SELECT voter, at FROM opt_outs ORDER BY voter`,
	}
	ref, got := rawDB(t, refPath), rawDB(t, gotPath)
	defer ref.Close()
	defer got.Close()
	for name, q := range queries {
		a, b := dump(t, ref, q), dump(t, got, q)
		if !reflect.DeepEqual(a, b) {
			for i := 0; i < len(a) || i < len(b); i++ {
				var x, y string
				if i < len(a) {
					x = a[i]
				}
				if i < len(b) {
					y = b[i]
				}
				if x != y {
					t.Fatalf("%s differs from the reference at row %d:\n got %s\nwant %s", name, i, y, x)
				}
			}
		}
		if len(a) == 0 {
			t.Fatalf("%s is empty in the reference: the stream tests nothing there", name)
		}
	}
}

func dump(t *testing.T, db *sql.DB, q string) []string {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprint(vals...))
	}
	return out
}
