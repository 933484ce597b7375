package publish

import (
	"path/filepath"
	"strings"
	"testing"

	"forkcast/app/story"
	"forkcast/app/testkit"
)

// TestMapGolden: the site's map of the Django talk, with a path taken,
// stays byte for byte what publish drew before it used story.WriteSVGWith
// (testdata/map-django-deployment.svg was written by the old copy). The room
// walked intro to crisis-4 and the last way, to automation, is marked taken
// before its scene is: the show stopped there.
func TestMapGolden(t *testing.T) {
	s, _, err := story.ParseFile(filepath.Join("..", "..", "stories", "django-deployment.md"))
	if err != nil {
		t.Fatal(err)
	}
	path := []string{"intro", "warmup", "warmup-cats", "day-one", "day-one-app", "crisis-1", "security",
		"crisis-2", "bugs", "crisis-3", "logging", "crisis-4", "automation"}
	ss := &session{onPath: map[string]bool{}, taken: map[[2]string]bool{}}
	for i, id := range path[:len(path)-1] {
		ss.onPath[id] = true
		ss.taken[[2]string{id, path[i+1]}] = true
	}
	var b strings.Builder
	writeMap(&b, s, ss)
	testkit.Golden(t, filepath.Join("testdata", "map-django-deployment.svg"), b.String())
}
