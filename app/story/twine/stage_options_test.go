package twine

import (
	"reflect"
	"testing"

	"forkcast/app/story"
)

// stageStory is a talk with every room option: languages, letters, audio
// per story and per fork, a sound of its own, and a safe area.
const stageStory = `---
title: T
languages: [fr, EN, de]
safe-area: 5%
vote:
  number: "+1 555 0100"
  letters: true
audio:
  open: chime
  ten-seconds: off
  winner: sounds/yay.wav
  volume: 60%
---
:: a
# Intro
-> f1

:: f1 [fork]
# Q
1. A -> f2
2. B -> f2

:: f2 [fork] {audio: {winner: fanfare}, letters: false}
# Q2
1. A -> f3
2. B -> f3

:: f3 [fork] {audio: off}
# Q3
1. A -> END
2. B -> END
`

// TestStageOptionsTweeRoundTrip: export to Twee and import back keeps the
// room options (languages, letters, cues, safe area, a scene's silence).
func TestStageOptionsTweeRoundTrip(t *testing.T) {
	s, ds := story.Parse("t.md", []byte(stageStory), "")
	if len(ds) != 0 {
		t.Fatalf("diagnostics: %v", ds)
	}
	back := roundTrip(t, s)
	if !reflect.DeepEqual(back.Languages, s.Languages) || back.SafeArea != s.SafeArea || !reflect.DeepEqual(back.Audio, s.Audio) || !back.Vote.Letters {
		t.Errorf("after the round trip: languages %v safe area %v audio %+v letters %v; want %v %v %+v true",
			back.Languages, back.SafeArea, back.Audio, back.Vote.Letters, s.Languages, s.SafeArea, s.Audio)
	}
	if back.Scene("f3").Audio != nil {
		t.Errorf("f3 audio = %+v, want silent as before", back.Scene("f3").Audio)
	}
	if back.Scene("f2").Vote.Letters {
		t.Errorf("f2 letters on after the round trip, want off")
	}
}
