package publish

import (
	"fmt"
	"slices"
	"time"

	"forkcast/app/show"
	"forkcast/app/story"
)

// Options say what a site shows besides the slides.
type Options struct {
	// Notes adds the speaker notes under each slide.
	Notes bool
	// IncludeTexts lists, under each poll, the texts that counted as
	// votes or ratings (never a number or alias). Every other text stays
	// out whatever this says.
	IncludeTexts bool
	// Report also writes report.html (a session's one-page report) and
	// links it from the index; it needs a session.
	Report bool
}

// forkResult is one voted fork (or rating) as the site shows it.
type forkResult struct {
	Poll     show.ReportPoll
	Late     int      // texts after the close (and its grace), kept not counted
	Texts    int      // texts read for this poll, of every result
	Accepted []string // with IncludeTexts: the texts that counted, as written
	Decided  string   // one sentence: how the winner was decided
	Opened   string   // "14:03:07 UTC"
	Duration time.Duration
}

// session is what a site or report knows of the talk as it was given.
type session struct {
	r       *show.Report
	onPath  map[string]bool    // scenes the room visited
	taken   map[[2]string]bool // edges the room took, from → to
	chosen  map[string][]int   // a fork's choices the room took, in order
	results map[string][]*forkResult
}

// newSession indexes r against s; r nil is a site without a session.
func newSession(s *story.Story, r *show.Report, opt Options) *session {
	ss := &session{r: r, onPath: map[string]bool{}, taken: map[[2]string]bool{},
		chosen: map[string][]int{}, results: map[string][]*forkResult{}}
	if r == nil {
		return ss
	}
	for i, p := range r.Path {
		ss.onPath[p.Scene] = true
		if i+1 < len(r.Path) {
			ss.taken[[2]string{p.Scene, r.Path[i+1].Scene}] = true
		}
		if p.Choice > 0 {
			ss.chosen[p.Scene] = append(ss.chosen[p.Scene], p.Choice)
		}
	}
	if n := len(r.Path); n > 0 && s != nil { // s is nil when the story file is gone
		// The talk's last scene leads to the end: the room got there.
		if sc := s.Scene(r.Path[n-1].Scene); sc != nil && slices.Contains(sc.Ways(), story.End) {
			ss.onPath[story.End] = true
			ss.taken[[2]string{sc.ID, story.End}] = true
		}
	}
	byPoll := map[int64]*forkResult{}
	for _, p := range r.Polls {
		if p.OpenedAt.IsZero() {
			continue // never opened: nothing to show
		}
		fr := &forkResult{Poll: p, Decided: decided(p), Opened: p.OpenedAt.UTC().Format("15:04:05 UTC")}
		if !p.ClosedAt.IsZero() {
			fr.Duration = p.ClosedAt.Sub(p.OpenedAt).Round(time.Second)
		}
		byPoll[p.ID] = fr
		ss.results[p.Scene] = append(ss.results[p.Scene], fr)
	}
	for _, v := range r.Votes {
		fr := byPoll[v.Poll]
		if fr == nil {
			continue
		}
		fr.Texts++
		if v.Result == show.ResultLate {
			fr.Late++
		}
		if opt.IncludeTexts && validVote(v) {
			fr.Accepted = append(fr.Accepted, v.Text)
		}
	}
	for _, fr := range byPoll {
		slices.Sort(fr.Accepted) // arrival order could tell who texted when
	}
	return ss
}

// validVote reports whether a text was read as a vote or rating of its
// poll: counted, or a counted vote later changed by the same phone.
func validVote(v show.ReportVote) bool {
	switch v.Result {
	case show.ResultCounted, show.ResultChanged, show.ResultSuperseded:
		return true
	}
	return false
}

// decided says in one sentence how a fork's winner was chosen.
func decided(p show.ReportPoll) string {
	if p.Rating != nil {
		return ""
	}
	switch p.DecidedBy {
	case show.ByVotes:
		return fmt.Sprintf("Decided by the votes: choice %d had the most.", p.Winner)
	case show.ByTieRule:
		return fmt.Sprintf("A tie between choices %s, broken by the story's rule (the first listed wins): choice %d.", joinInts(p.Tie), p.Winner)
	case show.ByPresenter:
		if len(p.Tie) > 0 {
			return fmt.Sprintf("A tie between choices %s, broken by the speaker: choice %d.", joinInts(p.Tie), p.Winner)
		}
		return fmt.Sprintf("Chosen by the speaker: choice %d.", p.Winner)
	case show.ByOverride:
		why := "the reason was kept private"
		if !p.OverridePrivate && p.Override != "" {
			why = "reason: “" + p.Override + "”"
		} else if !p.OverridePrivate {
			why = "no reason given"
		}
		return fmt.Sprintf("The speaker overrode the votes and chose choice %d (%s).", p.Winner, why)
	case show.ByHub:
		return fmt.Sprintf("Choice %d was the only one left.", p.Winner)
	}
	if p.Winner > 0 {
		return fmt.Sprintf("Choice %d.", p.Winner)
	}
	return "No winner was decided."
}

func joinInts(ns []int) string {
	s := ""
	for i, n := range ns {
		switch {
		case i == 0:
		case i == len(ns)-1:
			s += " and "
		default:
			s += ", "
		}
		s += fmt.Sprint(n)
	}
	return s
}
