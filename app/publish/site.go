package publish

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"regexp"
	"strings"

	"forkcast/app/show"
	"forkcast/app/story"
)

// Marker is the file every published folder holds: a folder with it may be
// published over; any other non-empty folder is refused without force.
const Marker = ".forkcast-site"

// Build returns every file of the site of s (with session r, or nil) by
// slash path. It reads the story's images and other linked files from
// s.Dir; a missing one is left out (the checker reports it), and only a
// failed read of one that exists is an error.
func Build(s *story.Story, r *show.Report, opt Options) (map[string][]byte, error) {
	if opt.Report && r == nil {
		return nil, show.Errorf(show.EINVALID, "The report needs a session: give --session N.")
	}
	b := &builder{s: s, opt: opt, ss: newSession(s, r, opt), files: map[string][]byte{}, assets: map[string]bool{}}
	b.nodes = map[string]story.GraphNode{}
	for _, n := range story.Graph(s).Nodes {
		b.nodes[n.ID] = n
	}
	if err := b.static(); err != nil {
		return nil, err
	}
	b.index()
	for _, sc := range s.Scenes {
		if s.Scene(sc.ID) == sc {
			b.scene(sc)
		}
	}
	if opt.Report {
		var p page
		writeReport(&p, s, r, true)
		b.files["report.html"] = []byte(p.String())
	}
	if err := b.copyAssets(); err != nil {
		return nil, err
	}
	return b.files, nil
}

type builder struct {
	s      *story.Story
	opt    Options
	ss     *session
	nodes  map[string]story.GraphNode
	files  map[string][]byte
	assets map[string]bool // slash paths under the story folder
}

// static adds the stylesheets, fonts and the marker.
func (b *builder) static() error {
	err := fs.WalkDir(assetFS, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := assetFS.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "assets/")
		if name == "site.css" {
			name = "style.css"
		}
		b.files[name] = data
		return nil
	})
	if err != nil {
		return fmt.Errorf("read bundled assets: %w", err)
	}
	b.files["code.css"] = []byte(story.ChromaCSS())
	b.files[Marker] = []byte("This folder was written by 'forkcast publish'; publishing again replaces it whole.\n")
	return nil
}

// title is a scene's heading for links and page titles.
func (b *builder) title(id string) string {
	if id == story.End {
		return "The end"
	}
	if t := b.nodes[id].Title; t != "" {
		return t
	}
	return id
}

// link is a link to scene id's page (or the index's end).
func (b *builder) link(id string) string {
	if id == story.End {
		return `<a href="index.html#end">The end</a>`
	}
	mark := ""
	if b.ss.onPath[id] {
		mark = ` <span class="onpath">(on the path)</span>`
	}
	return fmt.Sprintf(`<a href="%s">%s</a>%s`, href(id), esc(b.title(id)), mark)
}

var assetRef = regexp.MustCompile(`(?i)\b(src|href|poster)="` + regexp.QuoteMeta(story.AssetPrefix) + `([^"?#]*)`)

var remoteSrc = regexp.MustCompile(`(?i)\b(src|srcset|poster|data)="((?:https?:)?//[^"]*)"`)

// localize points the stage's asset URLs at the site's assets/ folder and
// records the files to copy. An image, video or frame the author loads from
// another host (the checker warns about it) is not loaded: the site makes no
// request to any other host. Its address stays in data-remote-src, and
// links (href) the author wrote are left as they are.
func (b *builder) localize(h string) string {
	if strings.Contains(h, "//") {
		h = remoteSrc.ReplaceAllString(h, `data-remote-$1="$2"`)
	}
	if !strings.Contains(h, story.AssetPrefix) {
		return h
	}
	return assetRef.ReplaceAllStringFunc(h, func(m string) string {
		sub := assetRef.FindStringSubmatch(m)
		if p, ok := unescapePath(sub[2]); ok {
			b.assets[p] = true
		}
		return sub[1] + `="assets/` + sub[2]
	})
}

// copyAssets copies the story's files the slides name into assets/,
// reading only inside the story folder.
func (b *builder) copyAssets() error {
	if len(b.assets) == 0 || b.s.Dir == "" {
		return nil
	}
	root, err := os.OpenRoot(b.s.Dir)
	if err != nil {
		return fmt.Errorf("open story folder: %w", err)
	}
	defer root.Close()
	for p := range b.assets {
		data, err := root.ReadFile(p)
		switch {
		case err == nil:
			b.files["assets/"+p] = data
		case os.IsNotExist(err), strings.Contains(err.Error(), "path escapes"):
			// the checker reports it; the page shows its alt text
		default:
			return fmt.Errorf("read story asset %s: %w", p, err)
		}
	}
	return nil
}

// unescapePath decodes an asset URL path; ok is false for one leaving the folder.
func unescapePath(u string) (string, bool) {
	segs := strings.Split(u, "/")
	for i, s := range segs {
		d, err := pathUnescape(s)
		if err != nil {
			return "", false
		}
		segs[i] = d
	}
	p := path.Clean(strings.Join(segs, "/"))
	if p == "." || p == ".." || strings.HasPrefix(p, "../") || strings.HasPrefix(p, "/") {
		return "", false
	}
	return p, true
}
