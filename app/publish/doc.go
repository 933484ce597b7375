// Package publish writes what a talk leaves behind: a static site of the
// whole story (every scene a page, the map with the path the room took,
// each fork's results, the branches not taken one click away) and a
// one-page HTML report of a session. Its output is plain HTML and CSS with
// bundled fonts, relative links only, no script and no request to any other
// host, so it works from a folder (file://) and on any static host.
//
// Nothing it writes identifies a voter: it reads only a session's
// aggregate figures (show.Report's polls and path) and, per text, the
// source, time and result; never a number, masked or not, nor a voter's
// alias or hash. Free text appears only with Options.IncludeTexts, and then
// only texts that counted as votes or ratings.
package publish
