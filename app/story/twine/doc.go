// Package twine converts between Twine and Forkcast's story format: Import
// reads a Twine 2 HTML archive, a published Twine story or a Twee 3 file and
// writes a Forkcast story file (fetching remote images when asked); Export
// writes a story as Twee 3, to lay it out in Twine's map. It reports problems
// as story diagnostics, positioned in the Twine file.
package twine
