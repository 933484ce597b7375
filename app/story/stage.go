package story

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Languages are the codes `languages:` accepts: those app/vote has number
// words for (a test in app/show keeps the two lists equal; story, a leaf,
// does not import vote).
var Languages = []string{"ar", "de", "en", "es", "fr", "hi", "it", "ja", "nl", "pl", "pt", "zh"}

// BundledSounds are the sound cues the app ships (frontend/src/assets/sounds),
// by the name a story uses.
var BundledSounds = []string{"chime", "tick", "fanfare"}

// DefaultVolume is the cues' volume when the story sets none.
const DefaultVolume = 0.8

// MaxSafeArea bounds the safe-area margin, in percent of each side.
const MaxSafeArea = 20

// Audio is a poll's sound cues, played by the stage only. Each cue is a
// bundled sound's name (BundledSounds), the URL of a file beside the story
// (under AssetPrefix), or "" for silence.
type Audio struct {
	Open       string  `json:"open,omitempty"`       // the poll opens
	TenSeconds string  `json:"tenSeconds,omitempty"` // ten seconds are left on its timer
	Winner     string  `json:"winner,omitempty"`     // the winner is known
	Volume     float64 `json:"volume"`               // 0 to 1
}

var audioKeys = []string{"open", "ten-seconds", "winner", "volume"}

// audioOption reads `audio:`: on (every bundled cue), off, or a mapping of
// cues. base is what a scene inherits (nil for the front matter). It returns
// nil for silence.
func (st *parseState) audioOption(v *yaml.Node, at posFn, name string, base *Audio) *Audio {
	if v.Kind == yaml.ScalarNode {
		on, ok := boolean(v, at, st.d, name)
		switch {
		case !ok || !on:
			return nil
		case base != nil:
			return base
		}
		return &Audio{Open: "chime", TenSeconds: "tick", Winner: "fanfare", Volume: DefaultVolume}
	}
	if !mapping(v, at, st.d, name) {
		return base
	}
	a := &Audio{Volume: DefaultVolume}
	if base != nil {
		c := *base
		a = &c
	}
	eachKey(v, at, st.d, name, audioKeys, func(key string, k, v *yaml.Node) {
		if key == "volume" {
			f, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v.Value), "%"), 64)
			if strings.HasSuffix(strings.TrimSpace(v.Value), "%") {
				f /= 100
			}
			if v.Kind != yaml.ScalarNode || err != nil || f < 0 || f > 1 {
				st.d.errorf(at.of(v), "%s.volume: %s is not a volume; write a number from 0 to 1, or a percent", name, describe(v))
				return
			}
			a.Volume = f
			return
		}
		cue := st.soundCue(v, at, name+"."+key)
		switch key {
		case "open":
			a.Open = cue
		case "ten-seconds":
			a.TenSeconds = cue
		case "winner":
			a.Winner = cue
		}
	})
	return a
}

// soundCue reads one cue: a bundled name, off, or a relative path to a file
// beside the story, checked and turned into its asset URL.
func (st *parseState) soundCue(v *yaml.Node, at posFn, name string) string {
	if v.Kind == yaml.ScalarNode && (v.Tag == "!!bool" || strings.EqualFold(v.Value, "off") || strings.EqualFold(v.Value, "none")) {
		if on, _ := boolean(v, at, st.d, name); on {
			st.d.errorf(at.of(v), "%s: write a sound (%s) or a file beside the story, not %q", name, strings.Join(BundledSounds, ", "), v.Value)
		}
		return ""
	}
	t, ok := scalarText(v, at, st.d, name)
	if !ok || t == "" {
		return ""
	}
	if contains(BundledSounds, t) {
		return t
	}
	p := at.of(v)
	if !strings.ContainsAny(t, "./") {
		hint := didYouMean(t, BundledSounds)
		if hint == "" {
			hint = fmt.Sprintf("; write %s, or a file beside the story such as sounds/%s.ogg", strings.Join(BundledSounds, ", "), t)
		}
		st.d.errorf(p, "%s: no bundled sound %q%s", name, t, hint)
		return ""
	}
	u, ok := assetURL(t)
	if !ok {
		st.d.errorf(p, "%s: %q is outside the story's folder; sounds are served only from the folder of the story file", name, t)
		return ""
	}
	clean, _ := assetPath(t)
	if !strings.HasPrefix(MediaType(clean), "audio/") {
		st.d.errorf(p, "%s: %q is not a sound file the app serves (mp3, ogg, oga, opus, wav, m4a, aac, flac, weba)", name, t)
		return ""
	}
	if st.dir != "" {
		if root, err := os.OpenRoot(st.dir); err == nil {
			fi, err := root.Stat(filepath.FromSlash(clean))
			root.Close()
			switch {
			case errors.Is(err, fs.ErrNotExist):
				st.d.errorf(p, "%s: sound %q %s", name, t, st.notFound(clean))
			case err != nil:
				st.d.errorf(p, "%s: sound %q cannot be served: it leads outside the story's folder", name, t)
			case fi.IsDir():
				st.d.errorf(p, "%s: sound %q is a folder, not a file", name, t)
			}
		}
	}
	return u
}

// languagesOption reads `languages: [en, fr]` (or one code) into the codes
// ballots read number words in.
func languagesOption(v *yaml.Node, at posFn, d *diags) []string {
	var out []string
	nodes := []*yaml.Node{v}
	if v.Kind == yaml.SequenceNode {
		nodes = v.Content
	}
	known := Languages
	for _, n := range nodes {
		code, ok := scalarText(n, at, d, "languages")
		code = strings.ToLower(strings.TrimSpace(code))
		switch {
		case !ok:
		case !contains(Languages, code):
			hint := didYouMean(code, known)
			if hint == "" {
				hint = "; known: " + strings.Join(known, ", ")
			}
			d.errorf(at.of(n), "languages: no number words for %q%s", code, hint)
		case !contains(out, code):
			out = append(out, code)
		}
	}
	return out
}

// safeArea reads `safe-area: 5%` (or 5): the margin, in percent of each
// side, the stage keeps clear for a projector that crops its edges.
func safeArea(v *yaml.Node, at posFn, d *diags) float64 {
	t := strings.TrimSpace(v.Value)
	f, err := strconv.ParseFloat(strings.TrimSuffix(t, "%"), 64)
	if v.Kind != yaml.ScalarNode || err != nil || f < 0 || f > MaxSafeArea {
		d.errorf(at.of(v), "safe-area: %s is not a margin; write a percent from 0 to %d, e.g. 5%%", describe(v), MaxSafeArea)
		return 0
	}
	return f
}

// Languages returns the languages whose number words sc's poll reads: the
// story's `languages:` (empty: English).
func (sc *Scene) Languages() []string { return sc.langs }
