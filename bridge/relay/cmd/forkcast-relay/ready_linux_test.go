package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"forkcast/app/testkit"
)

// TestHelperRelayProcess is not a test: it is the relay process that
// TestReadyzFailsWhenTheDiskIsFull runs (this test binary started again), so
// that a file size limit can be put on it alone.
func TestHelperRelayProcess(t *testing.T) {
	if os.Getenv("FORKCAST_RELAY_HELPER") != "1" {
		return
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	os.Exit(Main(ctx, flag.Args(), Env{Stdout: os.Stdout, Stderr: os.Stderr})) // the arguments after "--"
}

// A full disk (here: a file size limit of 0 on the relay's process, so no
// write can land) turns /readyz to 503 at once, and a webhook fails fast with
// a 5xx so the provider's fallback takes over; when space comes back, both
// recover. The issue: /readyz stayed "ready" while every webhook failed.
func TestReadyzFailsWhenTheDiskIsFull(t *testing.T) {
	args := []string{"--listen", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "relay.db")}
	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^TestHelperRelayProcess$", "--"}, args...)...)
	cmd.Env = append(os.Environ(), "FORKCAST_RELAY_HELPER=1",
		"TWILIO_AUTH_TOKEN="+testTwilioToken, "FORKCAST_RELAY_TOKEN="+testRelayToken,
		"FORKCAST_RELAY_PUBLIC_URL=https://relay.test")
	stderr := &testkit.SyncBuffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			t.Errorf("relay process did not stop on SIGTERM")
		}
	}()
	var addr string
	testkit.WaitFor(t, 20*time.Second, "relay process listening", func() bool {
		if m := addrRe.FindStringSubmatch(stderr.String()); m != nil {
			addr = m[1]
		}
		return addr != ""
	})
	ready := func() int {
		resp, err := http.Get("http://" + addr + "/readyz")
		if err != nil {
			t.Fatalf("GET /readyz: %v", err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	hc := &http.Client{Timeout: testkit.Patience}
	if code := ready(); code != http.StatusOK {
		t.Fatalf("/readyz before: %d, want 200", code)
	}
	if code, _, err := signedWebhook(hc, addr, "SMbefore"); err != nil || code != http.StatusOK {
		t.Fatalf("webhook before: %d, %v; want 200", code, err)
	}

	var was unix.Rlimit
	if err := unix.Prlimit(cmd.Process.Pid, unix.RLIMIT_FSIZE, nil, &was); err != nil {
		t.Fatalf("read the relay's file size limit: %v", err)
	}
	full := unix.Rlimit{Cur: 0, Max: was.Max}
	if err := unix.Prlimit(cmd.Process.Pid, unix.RLIMIT_FSIZE, &full, nil); err != nil {
		t.Fatalf("limit the relay's file size: %v", err)
	}
	testkit.Eventually(t, testkit.Patience, "/readyz 503 with the disk full", func() error {
		if code := ready(); code != http.StatusServiceUnavailable {
			return fmt.Errorf("/readyz answers %d", code)
		}
		return nil
	})
	// A quick refusal is the subject (the provider retries; a hung answer
	// holds its request): within a second, plus the machine's stalls.
	testkit.Promptly(t, "refusing a webhook with the disk full", time.Second, func() {
		code, took, err := signedWebhook(hc, addr, "SMfull")
		if err != nil || code < 500 {
			t.Fatalf("webhook with the disk full: status %d after %s, err %v; want a 5xx", code, took, err)
		}
	})

	if err := unix.Prlimit(cmd.Process.Pid, unix.RLIMIT_FSIZE, &was, nil); err != nil {
		t.Fatalf("restore the relay's file size limit: %v", err)
	}
	testkit.WaitFor(t, testkit.Patience, "/readyz 200 with space back", func() bool { return ready() == http.StatusOK })
	if code, _, err := signedWebhook(hc, addr, "SMafter"); err != nil || code != http.StatusOK {
		t.Fatalf("webhook after: %d, %v; want 200", code, err)
	}
}
