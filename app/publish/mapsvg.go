package publish

import (
	"strings"

	"forkcast/app/story"
)

// writeMap writes the map of s as inline SVG: the console's story map
// (story.WriteSVGWith) with every scene a link and the room's path (ss)
// marked by a thick yellow outline, a "✓" and the words "on the path", so
// it reads without colour.
func writeMap(b *strings.Builder, s *story.Story, ss *session) {
	// A strings.Builder never fails to take a write.
	_ = story.WriteSVGWith(b, s, story.SVGOptions{
		Embedded: true,
		Label:    "Story map: every scene is a link; the room's path is outlined and marked “on the path”",
		Link: func(n story.GraphNode) string {
			if n.Kind == story.KindEnd {
				return "index.html#end"
			}
			return href(n.ID)
		},
		OnPath: func(id string) bool { return ss.onPath[id] },
		Taken:  func(from, to string) bool { return ss.taken[[2]string{from, to}] },
	})
}
