package sqlite_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"forkcast/app/show"
	"forkcast/app/vote"
)

func TestReport(t *testing.T) {
	db, _ := open(t)
	ctx := context.Background()
	st := benchStory()
	st.Scenes[0].Vote.Grace = 0
	e, err := show.New(ctx, show.Config{Story: st, Store: db, Mode: show.Live, Region: "US"})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	msgs := []vote.Message{
		{Source: "relay", ProviderID: "1", Sender: "+15035550142", Text: "1", ReceivedAt: time.Now()},
		{Source: "relay", ProviderID: "2", Sender: "+15035550143", Text: "surge", ReceivedAt: time.Now()},
		{Source: "relay", ProviderID: "3", Sender: "+15035550142", Text: "2", ReceivedAt: time.Now()},
		{Source: "relay", ProviderID: "4", Sender: "+15035550144", Text: "what?", ReceivedAt: time.Now()},
	}
	if err := e.Ingest(ctx, msgs); err != nil {
		t.Fatal(err)
	}
	if err := e.ClosePoll(ctx); err != nil {
		t.Fatal(err)
	}
	if err := e.Next(ctx); err != nil {
		t.Fatal(err)
	}
	id, err := db.LastSession(ctx)
	if err != nil {
		t.Fatal(err)
	}
	r, err := db.Report(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Path) != 2 || r.Path[0].Choice != 2 || r.Path[0].By != show.ByVotes || r.Path[1].Scene != "b" {
		t.Fatalf("path=%+v, want fork left by 2 then b", r.Path)
	}
	p := r.Polls[0]
	if p.Winner != 2 || p.Total != 2 || p.Invalid != 1 || p.Choices[1].Count != 2 {
		t.Fatalf("poll=%+v", p)
	}
	if len(r.Votes) != 4 || r.Votes[0].Voter != "v1" || r.Votes[2].Voter != "v1" || r.Votes[0].Counted {
		t.Fatalf("votes=%+v, want 4 with the changed first vote uncounted", r.Votes)
	}
	var buf bytes.Buffer
	if err := r.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "5550142") || !strings.Contains(buf.String(), "+1 ••• ••• 0142") {
		t.Fatal("JSON report shows a full number or no masked one")
	}
	var back show.Report
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil || back.Polls[0].Winner != 2 {
		t.Fatalf("JSON round trip: %v %+v", err, back.Polls)
	}
	buf.Reset()
	if err := r.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	cr := csv.NewReader(&buf)
	cr.FieldsPerRecord = -1
	rows, err := cr.ReadAll()
	if err != nil {
		t.Fatalf("CSV does not parse: %v", err)
	}
	sections := 0
	for _, row := range rows {
		if len(row) == 1 && (row[0] == "session" || row[0] == "path" || row[0] == "polls" || row[0] == "votes") {
			sections++
		}
	}
	if sections != 4 {
		t.Fatalf("CSV has %d sections, want 4:\n%s", sections, buf.String())
	}
	if _, err := db.Report(ctx, 999); show.ErrorCode(err) != show.ENOTFOUND {
		t.Fatalf("report of an unknown session: %v, want not found", err)
	}
}

func TestReportRating(t *testing.T) {
	p := show.NewReportPoll(show.PollRecord{ID: 1, Kind: vote.PollRating, Min: 1, Max: 10, State: show.PollDecided},
		map[int]int{10: 2, 6: 1})
	if p.Rating == nil || p.Rating.Count != 3 || p.Total != 3 || p.RatingMin != 1 {
		t.Fatalf("rating poll=%+v", p)
	}
}
