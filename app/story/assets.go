package story

import (
	"errors"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2/lexers"
)

// isRelativeURL reports whether u is a path relative to the story file: no
// scheme, not absolute, not a fragment or query on the page itself.
func isRelativeURL(u string) bool {
	if u == "" || strings.ContainsAny(u[:1], "/#?\\") {
		return false
	}
	if i := strings.IndexAny(u, ":/?#"); i > 0 && u[i] == ':' {
		return false
	}
	return true
}

func isRemoteURL(u string) bool {
	l := strings.ToLower(u)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "//")
}

// assetPath returns the slash path inside the story folder a relative URL
// names, and false when it leaves the folder.
func assetPath(u string) (string, bool) {
	p := u
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	if dec, err := url.PathUnescape(p); err == nil {
		p = dec
	}
	clean := path.Clean(p)
	if clean == ".." || strings.HasPrefix(clean, "../") || strings.Contains(p, "\\") {
		return clean, false
	}
	return clean, true
}

// assetURL maps a relative URL to AssetPrefix; ok is false for anything else.
func assetURL(u string) (string, bool) {
	if !isRelativeURL(u) {
		return "", false
	}
	clean, ok := assetPath(u)
	if !ok {
		return "", false
	}
	segs := strings.Split(clean, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	tail := ""
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		tail = u[i:]
	}
	return AssetPrefix + strings.Join(segs, "/") + tail, true
}

var lexerNames = sync.OnceValue(func() []string {
	names := lexers.Names(true)
	for i, n := range names {
		names[i] = strings.ToLower(n)
	}
	return names
})

// maxAssetProblems bounds the asset problems reported for one slide's text:
// finding where each is written costs a scan of the text, and past a few
// the rest are the same mistake.
const maxAssetProblems = 20

// checkRendered reports missing, escaping and remote assets, and code
// languages chroma does not know, found while rendering md (from lines).
// A reference's position is looked up only when it has a problem, so a
// slide of many good images costs no search.
func (st *parseState) checkRendered(ctx *renderCtx, md string, lines []srcLine, root *os.Root) {
	idx := newLineIndex(lines)
	// Markdown refs come before raw-HTML refs, so find each as the n-th
	// occurrence of its text rather than scanning forward.
	seen := map[string]int{}
	problems := 0
	for _, ref := range ctx.refs {
		n := seen[ref.dest]
		seen[ref.dest]++
		at := func() Pos {
			off := nthIndex(md, ref.dest, n, "(\"'=")
			if off < 0 {
				off = nthIndex(md, ref.dest, n, " \t<:")
			}
			if off < 0 {
				off = 0
			}
			return st.indexPos(idx, off)
		}
		if st.checkAsset(ref, at, root) {
			if problems++; problems == maxAssetProblems {
				st.d.warnf(st.indexPos(idx, 0), "stopped checking this slide's files after %d problems; fix those first", problems)
				break
			}
		}
	}
	for _, l := range ctx.langs {
		st.d.warnf(st.indexPos(idx, l.off), "no highlighting for code language %q%s", l.lang, didYouMean(l.lang, lexerNames()))
	}
}

// checkAsset reports what is wrong with ref, at the position at returns,
// and whether it reported anything.
func (st *parseState) checkAsset(ref assetRef, at func() Pos, root *os.Root) bool {
	what := "linked file"
	if ref.image {
		what = "image"
	}
	if isRemoteURL(ref.dest) {
		if ref.image {
			st.d.warnf(at(), "image %q is on the network and the venue may have none; save it next to the story and use a relative path", ref.dest)
			return true
		}
		return false
	}
	if !isRelativeURL(ref.dest) {
		return false
	}
	clean, ok := assetPath(ref.dest)
	if !ok {
		st.d.errorf(at(), "%s %q is outside the story's folder; assets are served only from the folder of the story file", what, ref.dest)
		return true
	}
	if root == nil {
		return false
	}
	fi, err := root.Stat(filepath.FromSlash(clean))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		st.d.errorf(at(), "%s %q %s", what, ref.dest, st.notFound(clean))
	case err != nil:
		st.d.errorf(at(), "%s %q cannot be served: it leads outside the story's folder", what, ref.dest)
	case fi.IsDir():
		st.d.errorf(at(), "%s %q is a folder, not a file", what, ref.dest)
	case MediaType(clean) == "":
		st.d.errorf(at(), "%s %q will not be served: only images, sound, video, fonts and PDF files are (the story's folder may hold the database and other private files)", what, ref.dest)
	default:
		return false
	}
	return true
}

// nthIndex is the byte offset of the n-th (from 0) occurrence of sub in s as
// a whole path right after one of the bytes in before, or -1.
func nthIndex(s, sub string, n int, before string) int {
	if sub == "" {
		return -1
	}
	off := 0
	for {
		i := strings.Index(s[off:], sub)
		if i < 0 {
			return -1
		}
		at := off + i
		off = at + len(sub)
		if at == 0 || strings.IndexByte(before, s[at-1]) < 0 || off < len(s) && isPathByte(s[off]) {
			continue // part of a longer path
		}
		if n == 0 {
			return at
		}
		n--
	}
}

func isPathByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("/._-%", c) >= 0
}
