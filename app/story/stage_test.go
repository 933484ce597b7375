package story

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"forkcast/app/testkit"
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

func TestStageOptions(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "sounds"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "sounds", "yay.wav"), []byte("RIFF"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, ds := Parse("t.md", []byte(stageStory), dir)
	if len(ds) != 0 {
		t.Fatalf("diagnostics: %v", lines(ds))
	}
	if want := []string{"fr", "en", "de"}; !reflect.DeepEqual(s.Languages, want) {
		t.Errorf("languages = %v, want %v", s.Languages, want)
	}
	if s.SafeArea != 5 {
		t.Errorf("safe area = %v, want 5", s.SafeArea)
	}
	want := &Audio{Open: "chime", Winner: AssetPrefix + "sounds/yay.wav", Volume: 0.6}
	if !reflect.DeepEqual(s.Audio, want) {
		t.Errorf("story audio = %+v, want %+v", s.Audio, want)
	}
	if got := s.Scene("f1").Audio; !reflect.DeepEqual(got, want) {
		t.Errorf("f1 audio = %+v, want the story's %+v", got, want)
	}
	if got := s.Scene("f2").Audio; got == nil || got.Winner != "fanfare" || got.Open != "chime" || got.Volume != 0.6 {
		t.Errorf("f2 audio = %+v, want the story's with winner fanfare", got)
	}
	if got := s.Scene("f3").Audio; got != nil {
		t.Errorf("f3 audio = %+v, want none (audio: off)", got)
	}
	if got := s.Scene("a").Audio; got != nil {
		t.Errorf("scene without a poll has audio %+v", got)
	}
	if f1 := s.Scene("f1"); !f1.Vote.Letters || !reflect.DeepEqual(f1.Languages(), []string{"fr", "en", "de"}) {
		t.Errorf("f1 letters %v, languages %v", f1.Vote.Letters, f1.Languages())
	}
	if s.Scene("f2").Vote.Letters {
		t.Errorf("f2 letters on, want off (scene option)")
	}
}

func TestStageOptionErrors(t *testing.T) {
	src := `---
title: T
languages: [fr, klingon, fre]
safe-area: 30%
vote:
  number: "+1 555 0100"
  letters: maybe
audio:
  open: gong
  winner: ../outside.wav
  ten-seconds: missing.wav
  volume: 2
---
:: a {audio: {open: chimes}}
# Intro
-> END
`
	dir := t.TempDir()
	_, ds := Parse("t.md", []byte(src), dir)
	got := lines(ds)
	for i := range got {
		got[i] = strings.ReplaceAll(got[i], dir, "DIR")
	}
	testkit.SameLines(t, got, []string{
		`3:17: error: languages: no number words for "klingon"; known: ar, de, en, es, fr, hi, it, ja, nl, pl, pt, zh`,
		`3:26: error: languages: no number words for "fre"; did you mean "fr"?`,
		`4:12: error: safe-area: "30%" is not a margin; write a percent from 0 to 20, e.g. 5%`,
		`7:12: error: vote.letters: "maybe" is not true or false`,
		`9:9: error: audio.open: no bundled sound "gong"; write chime, tick, fanfare, or a file beside the story such as sounds/gong.ogg`,
		`10:11: error: audio.winner: "../outside.wav" is outside the story's folder; sounds are served only from the folder of the story file`,
		`11:16: error: audio.ten-seconds: sound "missing.wav" not found in DIR`,
		`12:11: error: audio.volume: "2" is not a volume; write a number from 0 to 1, or a percent`,
		`14:7: warning: option "audio" has no effect: scene "a" has no fork or rating`,
		`14:21: error: audio.open: no bundled sound "chimes"; did you mean "chime"?`,
	})
}

// A sound cue must be a file the app serves: story assets are media files
// only (issue #21 item 3), so a cue naming another file would play nothing.
func TestSoundCueMustBeAudio(t *testing.T) {
	dir := testkit.WriteTree(t, map[string]string{"notes.txt": "x", "sounds/yay.ogg": "OggS"})
	for cue, want := range map[string]string{
		"sounds/yay.ogg": "",
		"notes.txt":      `audio.winner: "notes.txt" is not a sound file the app serves`,
		"forkcast.db":    `audio.winner: "forkcast.db" is not a sound file the app serves`,
	} {
		src := "---\ntitle: T\nstart: a\nvote:\n  number: \"+1 555 0100\"\naudio:\n  winner: " + cue + "\n---\n:: a\n# Pick\n1. A -> END\n2. B -> END\n"
		_, ds := Parse("t.md", []byte(src), dir)
		var errs []string
		for _, d := range ds {
			if d.Severity == SevError {
				errs = append(errs, d.Message)
			}
		}
		if want == "" && len(errs) > 0 || want != "" && (len(errs) != 1 || !strings.Contains(errs[0], want)) {
			t.Errorf("audio.winner: %s: errors %q, want %q", cue, errs, want)
		}
	}
}
