// Package story is Forkcast's story format: parsing a branching Markdown talk,
// checking it with file:line:col diagnostics, rendering slides to HTML, the
// story graph and its paths. It reads and writes no network and serves
// nothing: Twine import/export is package story/twine, the assets are served
// by app/web, the file is watched by app/cli.
package story

import "time"

// End is the divert target that ends the talk.
const End = "END"

// Pos is a position in a story file; Line and Col count from 1.
type Pos struct {
	File string `json:"file,omitempty"`
	Line int    `json:"line"`
	Col  int    `json:"col"`
}

// Policy says which of a phone's votes counts in one poll.
type Policy string

// Vote policies.
const (
	LastWins  Policy = "last-wins"
	FirstWins Policy = "first-wins"
)

// TiePolicy says who breaks a tie when a poll closes.
type TiePolicy string

// Tie policies.
const (
	TiesPresenter   TiePolicy = "presenter"
	TiesFirstListed TiePolicy = "first-listed"
)

// OpenMode says when a fork's poll opens.
type OpenMode string

// Open modes.
const (
	OpenOnKey    OpenMode = "key"  // the speaker opens it
	OpenOnArrive OpenMode = "auto" // it opens when the fork's last slide is shown
)

// VoteOptions are a poll's settings: the story's defaults, overridden per scene.
type VoteOptions struct {
	Number      string        `json:"number"`      // phone number shown on forks, as written
	Timer       time.Duration `json:"timer"`       // 0 = close by key
	Policy      Policy        `json:"policy"`      // default LastWins
	Ties        TiePolicy     `json:"ties"`        // default TiesPresenter
	Open        OpenMode      `json:"open"`        // default OpenOnKey
	HideResults bool          `json:"hideResults"` // bars hidden until the poll closes
	Grace       time.Duration `json:"grace"`       // default 5s
	Letters     bool          `json:"letters"`     // a lone letter A, B, C... votes for choice 1, 2, 3
	CloseAtOnce bool          `json:"closeAtOnce"` // Next closes an open poll at once (confirm-close: false)
	// Visited is what a fork does with a choice already taken from it in
	// this show: VisitedKeep (the default), VisitedHide or VisitedGrey. See
	// the hub rule in docs/story-format.md.
	Visited Visited `json:"visited,omitempty"`
}

// Visited is a fork's rule for choices already visited in this show.
type Visited string

// Visited rules.
const (
	VisitedKeep Visited = "keep" // offered again (the default)
	VisitedHide Visited = "hide" // left off the fork
	VisitedGrey Visited = "grey" // shown greyed out, and not votable
)

// Replies are the texts sent back to voters; empty means off (the default).
type Replies struct {
	Accepted string `json:"accepted,omitempty"`
	Closed   string `json:"closed,omitempty"`
	Invalid  string `json:"invalid,omitempty"`
	Rating   string `json:"rating,omitempty"`
	Help     string `json:"help,omitempty"`
}

// Story is a parsed talk. Scenes are in file order; Scene looks one up by id.
type Story struct {
	File      string        `json:"file"`
	Dir       string        `json:"-"`    // folder assets are served from
	Hash      string        `json:"hash"` // hex sha256 of the source bytes
	Title     string        `json:"title"`
	Authors   []string      `json:"authors,omitempty"`
	Credits   string        `json:"credits,omitempty"`
	Start     string        `json:"start"`
	Slot      time.Duration `json:"slot"` // talk slot length, 0 if unset
	WPM       int           `json:"wpm"`  // speaking rate for untimed slides, default 130
	Theme     string        `json:"theme,omitempty"`
	Site      string        `json:"site,omitempty"` // public URL of the published site (http or https), "" if unset
	Vote      VoteOptions   `json:"vote"`
	Replies   Replies       `json:"replies"`
	Languages []string      `json:"languages"` // number words read in votes; empty = English
	Audio     *Audio        `json:"audio"`     // sound cues at every poll; nil = silent
	SafeArea  float64       `json:"safeArea"`  // stage margin, percent of each side
	Twine     TwineInfo     `json:"twine"`     // kept from a Twine import for export-twee
	Scenes    []*Scene      `json:"scenes"`

	byID map[string]*Scene
}

// Scene is one passage of the talk: slides, then a divert, a fork, a rating or an end.
type Scene struct {
	ID     string      `json:"id"`
	Tags   []string    `json:"tags,omitempty"`
	Pos    Pos         `json:"pos"`
	Vote   VoteOptions `json:"vote"`  // effective options (story defaults + scene overrides)
	Audio  *Audio      `json:"audio"` // effective sound cues of its poll; nil = silent
	langs  []string    // the story's languages, for Parser
	Slides []*Slide    `json:"slides"`
	Next   string      `json:"next,omitempty"` // divert target id or End; "" for a fork
	Fork   *Fork       `json:"fork,omitempty"`
	Rating *Rating     `json:"rating,omitempty"`
	// Exit is a fork's way out (a scene id or END) besides its choices:
	// where the show goes when the hub rule (Vote.Visited) leaves no
	// choice, and the exit the console proposes when time runs short. ""
	// = none.
	Exit string `json:"exit,omitempty"`

	// Position and Size are a Twine map layout ("600,400", "100,100"), kept
	// from an import so export-twee puts passages back where they were.
	Position string `json:"position,omitempty"`
	Size     string `json:"size,omitempty"`
}

// Slide is one screen of a scene.
type Slide struct {
	Index     int    `json:"index"`
	Pos       Pos    `json:"pos"`
	Markdown  string `json:"-"`
	HTML      string `json:"html"`
	Notes     string `json:"notes,omitempty"`
	NotesHTML string `json:"notesHtml,omitempty"`
	Words     int    `json:"words"` // words spoken (slide + notes), for timing estimates
	// CodeLines counts the non-blank lines inside fenced code blocks on the
	// slide itself (not in the notes): the audience reads them while the
	// speaker walks through, so timing estimates add time per line.
	CodeLines int `json:"codeLines"`
}

// Fork is the numbered choice list that ends a scene; the poll runs on the last slide.
type Fork struct {
	Pos     Pos       `json:"pos"`
	Choices []*Choice `json:"choices"`
}

// Choice is one numbered option of a fork.
type Choice struct {
	Number    int      `json:"number"`
	Label     string   `json:"label"`
	LabelHTML string   `json:"labelHtml"` // the label's inline Markdown as HTML
	Target    string   `json:"target"`
	Keywords  []string `json:"keywords,omitempty"`
	Pos       Pos      `json:"pos"`
}

// Rating is a 1..Max scale poll on a scene's last slide (an end-of-talk rating).
type Rating struct {
	Pos   Pos    `json:"pos"`
	Min   int    `json:"min"` // 1
	Max   int    `json:"max"` // 10
	Reply string `json:"reply,omitempty"`
}

// Scene returns the scene with id, or nil.
func (s *Story) Scene(id string) *Scene {
	if s.byID == nil {
		s.byID = make(map[string]*Scene, len(s.Scenes))
		for _, sc := range s.Scenes {
			if _, dup := s.byID[sc.ID]; !dup {
				s.byID[sc.ID] = sc
			}
		}
	}
	return s.byID[id]
}

// Ways returns every way on from a scene: Targets, then the fork's Exit if
// it names one.
func (sc *Scene) Ways() []string {
	ts := sc.Targets()
	if sc.Fork != nil && sc.Exit != "" {
		ts = append(ts, sc.Exit)
	}
	return ts
}

// Targets returns the scene ids (or End) a scene can go to next, in choice order.
func (sc *Scene) Targets() []string {
	if sc.Fork != nil {
		out := make([]string, 0, len(sc.Fork.Choices))
		for _, c := range sc.Fork.Choices {
			out = append(out, c.Target)
		}
		return out
	}
	if sc.Next != "" {
		return []string{sc.Next}
	}
	return nil
}
