package show_test

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"forkcast/app/show"
	"forkcast/app/sqlite"
	"forkcast/app/vote"
)

// FuzzIngest feeds odd texts and senders through the whole ingest path
// (parse, normalise, hash, store, count): it must never fail or panic, and the
// stored text must be the raw bytes received.
func FuzzIngest(f *testing.F) {
	f.Add("2", "+15035550142", "m1")
	f.Add("\xff\xfe\xfd", "\x00", "")
	f.Add(strings.Repeat("é2\x00\x1b[0m", 1200), "Vodafone", "long")
	f.Add("STOP", "(503) 555-0142", "stop")
	f.Add("1\r\n2\t3", "+", "ctl")
	f.Add(strings.Repeat("\u202e2", 3000), "+4420 7946 0018", "rtl")
	db, err := sqlite.Open(filepath.Join(f.TempDir(), "fuzz.db"))
	if err != nil {
		f.Fatal(err)
	}
	defer db.Close()
	e, err := show.New(context.Background(), show.Config{Story: testStory(defaultOpts()), Store: db,
		Mode: show.Rehearsal, Region: "US"})
	if err != nil {
		f.Fatal(err)
	}
	defer e.Close()
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		if err := e.Next(ctx); err != nil {
			f.Fatal(err)
		}
	}
	if err := e.OpenPoll(ctx); err != nil {
		f.Fatal(err)
	}
	n := 0
	f.Fuzz(func(t *testing.T, text, sender, id string) {
		n++
		m := vote.Message{Source: "fuzz", ProviderID: strconv.Itoa(n) + "#" + id,
			Sender: sender, Text: text, ReceivedAt: time.Now()}
		if err := e.Ingest(ctx, []vote.Message{m}); err != nil {
			t.Fatalf("ingest %q from %q: %v", text, sender, err)
		}
		in, err := e.Inbox(ctx, 1)
		if err != nil || len(in) != 1 {
			t.Fatalf("inbox: %v (%d)", err, len(in))
		}
		if in[0].Text != text {
			t.Fatalf("stored text %q, want the raw %q", in[0].Text, text)
		}
		if strings.Contains(in[0].Sender, strings.TrimSpace(sender)) && len(strings.TrimSpace(sender)) > 6 {
			t.Fatalf("sender %q shown unmasked as %q", sender, in[0].Sender)
		}
	})
}
