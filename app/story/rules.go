package story

import "slices"

// What writers of story files in other formats (package twine) need of the
// parser's rules, so that what they write parses as they meant it.

// SceneOptionKeys are the keys a scene header's {options} take.
var SceneOptionKeys = slices.Clone(sceneOpt)

// ValidID reports whether id can be a scene id: letters, digits, '-', '_'
// and '.', and not END.
func ValidID(id string) bool { return id != "" && id != End && badIDRune(id) == 0 }

// IsChoiceLine reports whether the parser reads line as a numbered fork
// choice ("1. Label -> target").
func IsChoiceLine(line string) bool { return itemRE.MatchString(line) }

// IsRemoteURL reports whether u points off the machine (http, https, or
// scheme-relative).
func IsRemoteURL(u string) bool { return isRemoteURL(u) }

// SplitLines splits src into lines as the parser does: a BOM dropped, \r\n
// and \n endings removed, invalid UTF-8 replaced; line i is line number i+1.
func SplitLines(src []byte) []string {
	lines := splitLines(src)
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = l.text
	}
	return out
}

// Diagnostics collects the diagnostics of one file for a reader of another
// format that reports as the parser does.
type Diagnostics struct{ d diags }

// NewDiagnostics returns an empty collection for file.
func NewDiagnostics(file string) *Diagnostics { return &Diagnostics{d: diags{file: file}} }

// File is the file the diagnostics are about.
func (d *Diagnostics) File() string { return d.d.file }

// Errorf adds an error at p (the file's name when p has none).
func (d *Diagnostics) Errorf(p Pos, format string, args ...any) { d.d.errorf(p, format, args...) }

// Warnf adds a warning at p.
func (d *Diagnostics) Warnf(p Pos, format string, args ...any) { d.d.warnf(p, format, args...) }

// List returns the diagnostics in the order SortDiagnostics gives.
func (d *Diagnostics) List() []Diagnostic { return SortDiagnostics(slices.Clone(d.d.done())) }
