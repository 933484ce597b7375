package cli

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"forkcast/app/show"
	"forkcast/app/sqlite"
	"forkcast/app/story"
	"forkcast/app/vote"
	"forkcast/bridge/modem/modemtest"
	"forkcast/bridge/modem/pdu"
)

// ingestAt runs a one-fork live show (its poll opens on arrival) on a new
// database at path and ingests msgs, one batch each.
func ingestAt(t *testing.T, path string, msgs []vote.Message) {
	t.Helper()
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	o := story.VoteOptions{Policy: story.LastWins, Ties: story.TiesPresenter, Open: story.OpenOnArrive}
	st := &story.Story{File: "t.md", Hash: "h", Title: "T", Start: "f", Vote: o,
		Scenes: []*story.Scene{{ID: "f", Vote: o, Slides: []*story.Slide{{}}, Fork: &story.Fork{Choices: []*story.Choice{
			{Number: 1, Label: "A", Target: "a"}, {Number: 2, Label: "B", Target: "a"}}}},
			{ID: "a", Vote: o, Slides: []*story.Slide{{}}, Next: story.End}}}
	e, err := show.New(context.Background(), show.Config{Story: st, Store: db, Mode: show.Live, Region: "GB"})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	for _, m := range msgs {
		if err := e.Ingest(context.Background(), []vote.Message{m}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestModemReread is issue 15's lost text read back from the database: an
// older version kept each part of a foreign three-part UCS-2 text with a
// 16-bit reference raw (no sender, no text, its PDU, judged "invalid"), in
// the order 3, 1, 2, and an AOSP UCS-2 capture printed without its SMSC
// address; this version kept a compressed text and the same capture raw as
// "unreadable". `forkcast modem reread` joins the three parts
// into the whole text on the first row, reads both captures, leaves the
// compressed one unread, changes no count and no result, passes the store's
// own consistency check, and finds nothing more on a second run.
func TestModemReread(t *testing.T) {
	path := filepath.Join(t.TempDir(), "forkcast.db")
	long, err := modemtest.ForeignFixture("nodepdu-ucs2-16bit-3parts-vote")
	if err != nil {
		t.Fatal(err)
	}
	capture, err := modemtest.ForeignFixture("aosp-ucs2")
	if err != nil {
		t.Fatal(err)
	}
	gsm, err := modemtest.ForeignFixture("nodepdu-gsm7")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	old := func(p string) vote.Message { // how versions before #15 kept a PDU raw
		return vote.Message{Source: "modem", ProviderID: pdu.Hash(p), PDU: p, ReceivedAt: now}
	}
	unreadable := func(p, sender string) vote.Message {
		return vote.Message{Source: "modem", ProviderID: pdu.Hash(p), PDU: p, Sender: sender, Unreadable: true, ReceivedAt: now}
	}
	squeezed := compressed(t, gsm)
	ingestAt(t, path, []vote.Message{
		{Source: "modem", ProviderID: "v", Sender: "+447700900001", Text: "1", PDU: "00", ReceivedAt: now},
		old(long.PDUs[2]), old(long.PDUs[0]), old(long.PDUs[1]),
		unreadable(squeezed, gsm.Sender),
		unreadable(capture.PDUs[0], capture.Sender),
		old(bare(t, capture.PDUs[0])), // from a modem that prints no SMSC address
	})
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	before, err := db.RawTexts(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	reportBefore := reportJSON(t, db)
	db.Close()
	if len(before) != 6 {
		t.Fatalf("%d texts kept raw before the reread, want 6: %+v", len(before), before)
	}

	var out, errb bytes.Buffer
	if code := run([]string{"modem", "reread", "--db", path, "--region", "GB"}, nil, &out, &errb); code != exitOK {
		t.Fatalf("modem reread: exit %d: %s", code, errb.String())
	}
	if !strings.HasSuffix(out.String(), "Read 5 texts kept raw; 1 still unreadable.\n") {
		t.Errorf("reread said:\n%s\nwant 5 read and 1 still unreadable", out.String())
	}
	db, err = sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	after, err := db.RawTexts(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before) {
		t.Fatalf("%d texts kept raw after, want the same %d", len(after), len(before))
	}
	byID := map[int64]show.RawText{}
	for _, r := range after {
		byID[r.ID] = r
	}
	head := byID[before[0].ID] // part 3 arrived first: its row holds the whole text
	if head.Text != long.Text || head.Partial {
		t.Errorf("first row of the long text: %q partial=%v\nwant %q whole", head.Text, head.Partial, long.Text)
	}
	for _, b := range before[1:3] {
		// A part alone may start or end with half of a surrogate pair split
		// across parts: that half reads as U+FFFD.
		if r := byID[b.ID]; r.Text == "" || !r.Partial || !strings.Contains(long.Text, strings.Trim(r.Text, "\uFFFD")) ||
			!strings.Contains(r.Reason, "whole text is on text #") {
			t.Errorf("part row %d: %q partial=%v reason %q, want its own part, partial, pointing at the whole", b.ID, r.Text, r.Partial, r.Reason)
		}
	}
	for i, r := range after {
		if r.Result != before[i].Result {
			t.Errorf("row %d: result %q became %q: a reread must not judge again", r.ID, before[i].Result, r.Result)
		}
	}
	if r := byID[before[3].ID]; r.Text != "" || r.Reason != before[3].Reason {
		t.Errorf("compressed row: %q %q, want still unread", r.Text, r.Reason)
	}
	if r := byID[before[4].ID]; r.Text != capture.Text || r.Sender == "" || strings.Contains(r.Sender, capture.Sender[4:]) {
		t.Errorf("capture row: %q from %q, want %q from a masked sender", r.Text, r.Sender, capture.Text)
	}
	if r := byID[before[5].ID]; r.Text != capture.Text {
		t.Errorf("row without an SMSC address: %q, want %q", r.Text, capture.Text)
	}
	if got := reportJSON(t, db); got != reportBefore {
		t.Errorf("the polls changed:\nbefore %s\nafter  %s", reportBefore, got)
	}
	if err := db.Verify(context.Background()); err != nil {
		t.Errorf("store check after the reread: %v", err)
	}

	out.Reset()
	if code := run([]string{"modem", "reread", "--db", path}, nil, &out, &errb); code != exitOK ||
		out.String() != "Read 0 texts kept raw; 1 still unreadable.\n" {
		t.Errorf("second reread: exit %d, said %q, want nothing new", code, out.String())
	}
	if code := run([]string{"modem", "reread", "--db", path, "extra"}, nil, &out, &errb); code != exitUsage {
		t.Errorf("reread with an argument: exit %d, want %d", code, exitUsage)
	}
	if code := run([]string{"modem", "reread", "--db", filepath.Join(t.TempDir(), "none.db")}, nil, &out, &errb); code != exitFailed {
		t.Errorf("reread of a missing database: exit %d, want %d", code, exitFailed)
	}
}

// bare is raw without its SMSC address, as some modems print a PDU.
func bare(t *testing.T, raw string) string {
	t.Helper()
	b, err := hex.DecodeString(raw)
	if err != nil {
		t.Fatal(err)
	}
	return strings.ToUpper(hex.EncodeToString(b[1+int(b[0]):]))
}

// reportJSON is the newest session's polls as JSON.
func reportJSON(t *testing.T, db *sqlite.DB) string {
	t.Helper()
	id, err := db.LastSession(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	r, err := db.Report(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(r.Polls)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
