package story

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Severities of a Diagnostic.
const (
	SevError   = "error"
	SevWarning = "warning"
)

// Diagnostic is one problem found in a story file, at a position.
type Diagnostic struct {
	Pos      Pos    `json:"pos"`
	Severity string `json:"severity"` // "error" or "warning"
	Message  string `json:"message"`
}

// String formats d as "file:line:col: error: message", the form editors and CI
// logs link to.
func (d Diagnostic) String() string {
	return fmt.Sprintf("%s:%d:%d: %s: %s", d.Pos.File, d.Pos.Line, d.Pos.Col, d.Severity, d.Message)
}

// HasErrors reports whether any diagnostic is an error (warnings don't count).
func HasErrors(ds []Diagnostic) bool {
	for _, d := range ds {
		if d.Severity == SevError {
			return true
		}
	}
	return false
}

// SortDiagnostics orders ds by file, line, column, then errors before warnings,
// then message, and drops exact duplicates.
func SortDiagnostics(ds []Diagnostic) []Diagnostic {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.Pos.File != b.Pos.File {
			return a.Pos.File < b.Pos.File
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		if a.Pos.Col != b.Pos.Col {
			return a.Pos.Col < b.Pos.Col
		}
		if a.Severity != b.Severity {
			return a.Severity == SevError
		}
		return a.Message < b.Message
	})
	out := ds[:0]
	for i, d := range ds {
		if i > 0 && d == ds[i-1] {
			continue
		}
		out = append(out, d)
	}
	return out
}

// diags collects diagnostics for one file.
type diags struct {
	file string
	list []Diagnostic
	// dropped counts the problems past MaxDiagnostics, droppedErr whether
	// one was an error: a hostile file cannot make a list of any length.
	dropped    int
	droppedErr bool
}

// MaxDiagnostics bounds the problems Parse lists; past it one more says how
// many were left out (an error when one of them was).
const MaxDiagnostics = 1000

func (d *diags) at(p Pos, sev, format string, args ...any) {
	if len(d.list) >= MaxDiagnostics {
		d.dropped++
		d.droppedErr = d.droppedErr || sev == SevError
		return
	}
	if p.File == "" {
		p.File = d.file
	}
	if p.Line < 1 {
		p.Line = 1
	}
	if p.Col < 1 {
		p.Col = 1
	}
	d.list = append(d.list, Diagnostic{Pos: p, Severity: sev, Message: fmt.Sprintf(format, args...)})
}

// done returns the list, with a last diagnostic for those left out.
func (d *diags) done() []Diagnostic {
	if d.dropped > 0 {
		sev := SevWarning
		if d.droppedErr {
			sev = SevError
		}
		return append(d.list[:len(d.list):len(d.list)], Diagnostic{Pos: Pos{File: d.file, Line: 1, Col: 1}, Severity: sev,
			Message: fmt.Sprintf("%d more problems are not listed; fix these first", d.dropped)})
	}
	return d.list
}

func (d *diags) errorf(p Pos, format string, args ...any) { d.at(p, SevError, format, args...) }
func (d *diags) warnf(p Pos, format string, args ...any)  { d.at(p, SevWarning, format, args...) }

// didYouMean returns `; did you mean "x"?` for the closest candidate within a
// small edit distance of word, or "".
func didYouMean(word string, candidates []string) string {
	limit := 2
	n := utf8.RuneCountInString(word)
	if n > 8 {
		limit = 3
	} else if n <= 3 {
		limit = 1
	}
	best, bestDist := "", -1
	lw := strings.ToLower(word)
	nw := utf8.RuneCountInString(lw)
	for _, c := range candidates {
		lc := strings.ToLower(c)
		// The distance is at least the difference in length: a candidate
		// too long or too short to be within the limit is not measured
		// (a long unknown word costs a full table per candidate).
		if d := nw - utf8.RuneCountInString(lc); d > limit || -d > limit {
			continue
		}
		d := editDistance(lw, lc)
		if bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	if best == "" || bestDist > limit || bestDist == 0 && best == word {
		return ""
	}
	return fmt.Sprintf("; did you mean %q?", best)
}

// editDistance is the Levenshtein distance between a and b, counted in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
