package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

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
			h := s.waitSource(t, "modem", vote.HealthOK, testkit.Patience)
			want := map[bool]string{true: "on", false: "off"}[tt.replies]
			if got := h.Metrics["replies"]; got != want {
				t.Fatalf("modem replies %q, want %q (the story's replies decide)", got, want)
			}
			s.openFirstFork(t)
			pdus, err := modemtest.Encode(modemtest.SMS{From: "+15035550123", Text: "1"})
			if err != nil {
				t.Fatal(err)
			}
			e.Deliver(pdus...)
			testkit.WaitFor(t, testkit.Patience, "the vote counted", func() bool { return s.state(t).Poll.Total == 1 })
			if tt.replies {
				testkit.WaitFor(t, testkit.Patience, "a reply sent", func() bool { return len(e.Sent()) > 0 })
				return
			}
			// With replies off the bridge refuses every reply (its "replies"
			// metric said so above; bridge/modem's TestReplies proves the
			// refusal): nothing is waiting to go out, so nothing can be sent.
			if got := e.Sent(); len(got) != 0 {
				t.Fatalf("the modem sent %d texts with replies off, want none", len(got))
			}
		})
	}
}
