package cli

// Issue 15, "Done when": through `forkcast serve --source modem:DEVICE` on a
// pseudo-terminal, a text from an encoder Forkcast did not write (node-pdu),
// UCS-2 with a 16-bit concatenation reference in three parts delivered out
// of order, with a surrogate pair, counts as the vote it carries; a PDU the
// modem cannot read is shown as unreadable with its masked sender, never
// counted, and exported with its raw PDU.

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"forkcast/app/show"
	"forkcast/app/testkit"
	"forkcast/app/vote"
	"forkcast/bridge/modem/modemtest"
	"forkcast/bridge/modem/pdu"
)

// compressed returns f's single PDU with its DCS marked compressed (0x20):
// still addressed from f.Sender, but no text this decoder can read.
func compressed(t *testing.T, f modemtest.Fixture) string {
	t.Helper()
	b, err := hex.DecodeString(f.PDUs[0])
	if err != nil {
		t.Fatal(err)
	}
	t0 := 1 + int(b[0])
	b[t0+1+2+(int(b[t0+1])+1)/2+1] = 0x20 // first octet, address, PID: the DCS
	return strings.ToUpper(hex.EncodeToString(b))
}

func TestE2EModemForeignSixteenBitVote(t *testing.T) {
	dir := t.TempDir()
	e, dev := modemtest.Start(t, modemtest.HuaweiE173, modemtest.WithBaud(115200),
		modemtest.WithByID(filepath.Join(dir, "by-id")))
	laptopDB := filepath.Join(dir, "laptop", "forkcast.db")
	s := startE2EShow(t, "--live", "--source", "modem:"+dev, "--db", laptopDB, "--story", e2eStory(t, dir))
	s.waitSource(t, "modem", vote.HealthOK, 10*time.Second)
	s.openFirstFork(t)

	f, err := modemtest.ForeignFixture("nodepdu-ucs2-16bit-3parts-vote")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.PDUs) != 3 || !strings.Contains(f.Form, "16-bit reference") || !strings.HasPrefix(f.Encoder, "node-pdu") {
		t.Fatalf("fixture %s is no longer a three-part 16-bit-reference text from node-pdu: %s, %s", f.Name, f.Encoder, f.Form)
	}
	e.DeliverFixture(f, 2, 0) // parts 3 and 1 first: the text must wait for part 2
	testkit.WaitFor(t, testkit.Patience, "parts 3 and 1 read off the SIM into the parts store", func() bool { return len(e.Stored()) == 0 })
	if got := len(s.inbox(t)); got != 0 {
		t.Fatalf("%d inbox entries with part 2 missing, want none yet", got)
	}
	e.DeliverFixture(f, 1)
	unreadableFrom := modemtest.Fixture{}
	if unreadableFrom, err = modemtest.ForeignFixture("nodepdu-gsm7"); err != nil {
		t.Fatal(err)
	}
	raw := compressed(t, unreadableFrom)
	e.Deliver(raw)
	waitInbox(t, s, 2, 15*time.Second, "the foreign three-part vote and the unreadable text")

	var voteEntry, rawEntry *show.InboxEntry
	entries := s.inbox(t)
	for i := range entries {
		switch entries[i].Result {
		case show.ResultUnreadable:
			rawEntry = &entries[i]
		default:
			voteEntry = &entries[i]
		}
	}
	if voteEntry == nil || voteEntry.Text != f.Text || voteEntry.Result != show.ResultCounted || voteEntry.Choice != 2 {
		t.Fatalf("inbox %+v\nwant %q counted for 2", entries, f.Text)
	}
	if rawEntry == nil || rawEntry.Text != "" || rawEntry.Sender == "" || strings.Contains(rawEntry.Sender, "700900123") {
		t.Fatalf("unreadable entry %+v: want no text and the sender masked", rawEntry)
	}
	st := s.state(t)
	for _, c := range st.Poll.Choices {
		if want := map[int]int{2: 1}[c.Number]; c.Count != want {
			t.Errorf("choice %d has %d votes, want %d", c.Number, c.Count, want)
		}
	}
	if st.Poll.Total != 1 || st.Poll.Invalid != 0 {
		t.Errorf("poll total %d invalid %d, want 1 and 0: the unreadable text must not count", st.Poll.Total, st.Poll.Invalid)
	}
	s.stop(t)

	// The export carries the raw PDU, in JSON and in CSV.
	var out, errb bytes.Buffer
	if code := run([]string{"export", "--db", laptopDB, "--format", "json"}, nil, &out, &errb); code != exitOK {
		t.Fatalf("export: exit %d: %s", code, errb.String())
	}
	var doc struct {
		Unreadable []show.RawText    `json:"unreadable"`
		Votes      []show.ReportVote `json:"votes"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("export json: %v", err)
	}
	redacted, err := pdu.Redact(raw)
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Unreadable) != 1 || doc.Unreadable[0].PDU != redacted || doc.Unreadable[0].Sender != rawEntry.Sender ||
		doc.Unreadable[0].Result != show.ResultUnreadable {
		t.Errorf("exported unreadable %+v, want the raw PDU %s (number masked) from %s", doc.Unreadable, redacted, rawEntry.Sender)
	}
	if strings.Contains(out.String(), unreadableFrom.PDUs[0][22:30]) {
		t.Errorf("the export holds the sender's number as the PDU had it (%s)", unreadableFrom.PDUs[0][22:30])
	}
	if len(doc.Votes) != 1 || doc.Votes[0].Text != f.Text || !doc.Votes[0].Counted {
		t.Errorf("exported votes %+v, want the one foreign vote", doc.Votes)
	}
	out.Reset()
	if code := run([]string{"export", "--db", laptopDB}, nil, &out, &errb); code != exitOK ||
		!strings.Contains(out.String(), "\nunreadable\nid,session,source,sender,received_at,stored_at,result,text,partial,pdu,reason\n") ||
		!strings.Contains(out.String(), redacted) {
		t.Errorf("csv export (exit %d) lacks the unreadable section with the PDU:\n%s", code, out.String())
	}
}
