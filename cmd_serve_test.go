package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"forkcast/app/show"
)

// servedShow runs `forkcast serve` in-process on loopback with a simulated
// audience and returns the base URL; the show stops when the test ends.
func servedShow(t *testing.T, extra ...string) (base string, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	args := append([]string{"--story", filepath.Join("stories", "demo.md"), "--db", filepath.Join(t.TempDir(), "f.db"),
		"--token", "T", "--listen", "127.0.0.1:0"}, extra...)
	done := make(chan int, 1)
	go func() {
		var o showFlags
		fs := newFlagSet("serve", "", io.Discard)
		o.register(fs)
		if err := fs.Parse(args); err != nil {
			done <- exitUsage
			pw.Close()
			return
		}
		done <- serve(ctx, o, pw, io.Discard)
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		if u, ok := strings.CutPrefix(sc.Text(), "stage: "); ok {
			base = u[:strings.Index(u, "/stage")]
			break
		}
	}
	go io.Copy(io.Discard, pr)
	if base == "" {
		cancel()
		t.Fatalf("serve printed no stage URL (exit %d)", <-done)
	}
	return base, func() {
		cancel()
		select {
		case code := <-done:
			if code != exitOK {
				t.Errorf("serve exited %d, want 0", code)
			}
		case <-time.After(5 * time.Second):
			t.Errorf("serve did not stop within 5 s")
		}
	}
}

func call(t *testing.T, method, url, token string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func state(t *testing.T, base string) show.State {
	t.Helper()
	code, b := call(t, "GET", base+"/api/state", "T")
	if code != 200 {
		t.Fatalf("GET /api/state = %d %s", code, b)
	}
	var st show.State
	if err := json.Unmarshal(b, &st); err != nil {
		t.Fatalf("state JSON: %v", err)
	}
	return st
}

// TestServeVotesReachTheBars drives a served show to the first fork, opens the
// poll, and waits for the simulated audience's votes to be counted.
func TestServeVotesReachTheBars(t *testing.T) {
	base, stop := servedShow(t)
	defer stop()
	if code, _ := call(t, "POST", base+"/api/next", ""); code != http.StatusUnauthorized {
		t.Errorf("POST /api/next without token = %d, want 401", code)
	}
	for i := 0; i < 20 && !state(t, base).AtFork; i++ {
		if code, b := call(t, "POST", base+"/api/next", "T"); code != 200 {
			t.Fatalf("POST /api/next = %d %s", code, b)
		}
	}
	if !state(t, base).AtFork {
		t.Fatalf("never reached a fork")
	}
	if code, b := call(t, "POST", base+"/api/poll/open", "T"); code != 200 {
		t.Fatalf("POST /api/poll/open = %d %s", code, b)
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		st := state(t, base)
		if st.Poll != nil && st.Poll.Total >= 10 {
			sum := 0
			for _, c := range st.Poll.Choices {
				sum += c.Count
			}
			if sum != st.Poll.Total {
				t.Errorf("bars add up to %d, total says %d", sum, st.Poll.Total)
			}
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("no simulated votes counted within 10 s: %+v", state(t, base).Poll)
}

func TestServeRejectsLiveSimulation(t *testing.T) {
	var out, errb strings.Builder
	got := run([]string{"serve", "--live", "--source", "sim", "--story", "stories/demo.md", "--db", filepath.Join(t.TempDir(), "x.db")}, nil, &out, &errb)
	if got != exitUsage {
		t.Fatalf("serve --live --source sim = %d, want %d (%s)", got, exitUsage, errb.String())
	}
	if !strings.Contains(errb.String(), "live session cannot use the simulated audience") {
		t.Errorf("stderr = %q", errb.String())
	}
}

func TestServeBrokenStory(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.md")
	writeFile(t, bad, "---\ntitle: Broken\nstart: nowhere\n---\n\n:: intro\n# Hi\n-> missing\n")
	var out, errb strings.Builder
	got := run([]string{"serve", "--story", bad, "--db", filepath.Join(dir, "x.db")}, nil, &out, &errb)
	if got != exitFailed {
		t.Fatalf("serve on a broken story = %d, want 1", got)
	}
	if !strings.Contains(errb.String(), "bad.md:") {
		t.Errorf("stderr lacks a file:line message: %q", errb.String())
	}
}
