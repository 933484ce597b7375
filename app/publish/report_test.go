package publish

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"forkcast/app/show"
	"forkcast/app/story"
	"forkcast/app/vote"
)

const twoScenes = `---
title: T
slot: 2m
vote:
  number: "1"
---
:: a
# Short
-> b

:: b [fork]
# Pick
1. One -> END
2. Two -> END
`

// TestReportRanLong: a scene that took far longer than its estimate is
// marked "ran long" in words, the total over the slot is said, and the
// timeline counts each second's texts.
func TestReportRanLong(t *testing.T) {
	s, ds := story.Parse("t.md", []byte(twoScenes), "")
	if story.HasErrors(ds) {
		t.Fatal(ds)
	}
	t0 := time.Date(2026, 1, 2, 10, 0, 0, 0, time.UTC)
	r := &show.Report{
		Session: show.ReportSession{ID: 4, Mode: show.Live, Title: "T", StartedAt: t0, EndedAt: t0.Add(4 * time.Minute)},
		Path:    []show.PathStep{{Scene: "a", At: t0}, {Scene: "b", At: t0.Add(3 * time.Minute), Choice: 2, By: show.ByVotes}},
		Polls: []show.ReportPoll{{ID: 9, Scene: "b", Kind: vote.PollFork, OpenedAt: t0.Add(3 * time.Minute), ClosedAt: t0.Add(3*time.Minute + 5*time.Second),
			Choices: []show.ChoiceTally{{Number: 1, Label: "One", Count: 1, Percent: 25}, {Number: 2, Label: "Two", Count: 3, Percent: 75}}, Total: 4, Winner: 2, DecidedBy: show.ByVotes}},
	}
	for i, sec := range []int{0, 0, 0, 2, 7} {
		res := show.ResultCounted
		if sec == 7 {
			res = show.ResultLate
		}
		r.Votes = append(r.Votes, show.ReportVote{Poll: 9, Source: "modem", Voter: "v" + string(rune('1'+i)), Sender: "+1 ••• ••• 0142",
			Text: "2", ReceivedAt: t0.Add(3*time.Minute + time.Duration(sec)*time.Second), Result: res})
	}
	var b strings.Builder
	if err := WriteReport(&b, s, r); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !regexp.MustCompile(`<tr class="long"><td>1</td><td>Short</td>.*ran long`).MatchString(out) {
		t.Errorf("scene a (3 min for one short slide) is not marked as running long:\n%s", out)
	}
	if strings.Contains(out, `<tr class="long"><td>2</td>`) {
		t.Error("scene b (1 min with its poll) is marked long")
	}
	if !strings.Contains(out, "over the slot by 2m0s") {
		t.Error("the total is not said to be over the 2m slot")
	}
	if !strings.Contains(out, "5 texts over 8 seconds, peak 3 in second 1") {
		t.Errorf("timeline summary wrong:\n%s", out)
	}
	if !strings.Contains(out, "<td>modem</td><td>4</td><td>0</td><td>1</td>") {
		t.Error("texts per source: want modem with 4 votes and 1 late")
	}
	if strings.Contains(out, "0142") || strings.Contains(out, ">v1<") {
		t.Error("the report shows a number or a voter alias")
	}
}
