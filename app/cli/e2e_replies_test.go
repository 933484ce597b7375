package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"forkcast/app/testkit"
	"forkcast/app/vote"
	"forkcast/bridge/modem/modemtest"
)

// TestE2EModemReplies: a story that sets reply texts makes the modem text the
// voter back; the same story without them never sends anything.
func TestE2EModemReplies(t *testing.T) {
	for _, tt := range []struct {
		name    string
		replies bool
	}{{"replies on", true}, {"replies off", false}} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := e2eStory(t, dir)
			if tt.replies {
				b, _ := os.ReadFile(path)
				src := strings.Replace(string(b), "\nvote:\n", "\nreplies:\n  accepted: \"Thanks, your vote counts.\"\nvote:\n", 1)
				if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			e, dev := modemtest.Start(t, modemtest.QuectelEC25, modemtest.WithByID(filepath.Join(dir, "by-id")))
			s := startE2EShow(t, "--live", "--source", "modem:"+dev, "--db", filepath.Join(dir, "f.db"), "--story", path)
			s.waitSource(t, "modem", vote.HealthOK, 10*time.Second)
			s.openFirstFork(t)
			pdus, err := modemtest.Encode(modemtest.SMS{From: "+15035550123", Text: "1"})
			if err != nil {
				t.Fatal(err)
			}
			e.Deliver(pdus...)
			testkit.WaitFor(t, 10*time.Second, "the vote counted", func() bool { return s.state(t).Poll.Total == 1 })
			if tt.replies {
				testkit.WaitFor(t, 10*time.Second, "a reply sent", func() bool { return len(e.Sent()) > 0 })
				return
			}
			time.Sleep(1500 * time.Millisecond)
			if got := e.Sent(); len(got) != 0 {
				t.Fatalf("the modem sent %d texts with replies off, want none", len(got))
			}
		})
	}
}
