package story

import (
	"bytes"
	"reflect"
	"testing"
	"time"
)

// roundTrip exports s to Twee, imports it back and parses the result.
func roundTrip(t *testing.T, s *Story) *Story {
	t.Helper()
	var tw bytes.Buffer
	if err := ExportTwee(&tw, s); err != nil {
		t.Fatal(err)
	}
	imp, ds, err := ImportTwine(&tw, "round.twee", ImportOptions{})
	if err != nil {
		t.Fatalf("import the export: %v\n%s", err, tw.String())
	}
	if HasErrors(ds) {
		t.Fatalf("import the export: %v", ds)
	}
	back, _ := Parse("round.md", imp.Source, "")
	return back
}

func sameGraph(t *testing.T, a, b *Story) {
	t.Helper()
	ga, gb := Graph(a), Graph(b)
	if !reflect.DeepEqual(ga, gb) {
		t.Errorf("graph changed in the round trip\nbefore: %+v\nafter:  %+v", ga, gb)
	}
}

const richStory = `---
title: Rich story
authors: [Ann, Bob]
credits: Pony by the DSF
start: intro
slot: 40m
wpm: 140
theme: dark
vote:
  number: "+1 503 555 0142"
  timer: 60s
  policy: first-wins
  ties: first-listed
  open: auto
  hide-results: true
  grace: 10s
replies:
  accepted: Thanks, counted
  rating: Slides at example.com
---

:: intro [act-1]
# Welcome
Note: phones out
---
# Two
` + "```go\nfmt.Println(\"-> not a divert\")\n```" + `
-> pick

:: pick [fork] {timer: 30s, policy: last-wins, hide-results: false}
# Pick one
1. Security breach -> a #breach #security
2. Traffic surge -> b #surge
3. Leave early -> END

:: a
# A
-> rate

:: b
# B
---
# B2
Note: two slides
-> rate

:: rate [rating] {max: 5, reply: Merci}
# Rate us
-> END
`

func TestTweeRoundTripFromStory(t *testing.T) {
	s, ds := Parse("rich.md", []byte(richStory), "")
	sameLines(t, lines(ds), nil)
	back := roundTrip(t, s)
	sameGraph(t, s, back)
	if !reflect.DeepEqual(s.Vote, back.Vote) || s.Replies != back.Replies || s.Slot != back.Slot || s.WPM != back.WPM ||
		!reflect.DeepEqual(s.Authors, back.Authors) || s.Credits != back.Credits || s.Theme != back.Theme || s.Title != back.Title {
		t.Errorf("settings changed:\nbefore %+v\nafter  %+v", s, back)
	}
	for _, sc := range s.Scenes {
		got := back.Scene(sc.ID)
		if got == nil || len(got.Slides) != len(sc.Slides) || got.Vote != sc.Vote || !reflect.DeepEqual(got.Rating, withPos(sc.Rating, got.Rating)) {
			t.Errorf("scene %s changed: %+v", sc.ID, got)
			continue
		}
		for i := range sc.Slides {
			if got.Slides[i].Markdown != sc.Slides[i].Markdown || got.Slides[i].Notes != sc.Slides[i].Notes {
				t.Errorf("scene %s slide %d: %q / %q, want %q / %q", sc.ID, i, got.Slides[i].Markdown, got.Slides[i].Notes, sc.Slides[i].Markdown, sc.Slides[i].Notes)
			}
		}
	}
	if got := back.Scene("pick").Vote.Timer; got != 30*time.Second {
		t.Errorf("pick timer = %v, want 30s", got)
	}
}

// withPos copies b's position into a copy of a, so ratings compare by value.
func withPos(a, b *Rating) *Rating {
	if a == nil || b == nil {
		return a
	}
	c := *a
	c.Pos = b.Pos
	return &c
}

func TestTweeRoundTripFromTwine(t *testing.T) {
	for _, tc := range []struct{ file, story string }{
		{"testdata/twine/hub.twee", ""},
		{"testdata/twine/archive.html", "Django Deployment Adventure"},
		{"testdata/twine/published.html", ""},
	} {
		imp, _ := importFile(t, tc.file, ImportOptions{Story: tc.story})
		s, _ := Parse("first.md", imp.Source, "")
		back := roundTrip(t, s)
		sameGraph(t, s, back)
		if s.Twine != back.Twine || s.Start != back.Start {
			t.Errorf("%s: twine info %+v start %q, want %+v %q", tc.file, back.Twine, back.Start, s.Twine, s.Start)
		}
	}
}

func TestExportTweeGolden(t *testing.T) {
	s, _ := Parse("rich.md", []byte(richStory), "")
	var b bytes.Buffer
	if err := ExportTwee(&b, s); err != nil {
		t.Fatal(err)
	}
	golden(t, "testdata/twine/rich.twee", b.String())
}
