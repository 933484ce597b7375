package story

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// bigStory is a talk of n scenes with forks, notes, code and tables.
func bigStory(n int) []byte {
	var b strings.Builder
	b.WriteString(fm)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, ":: s%d [act]\n# Scene %d\n\nSome text with **bold** and `code`.\n\n| a | b |\n|---|---|\n| 1 | 2 |\nNote: say something about scene %d\n---\n```go\nfunc f%d() int { return %d }\n```\n", i, i, i, i, i)
		if i+2 < n {
			fmt.Fprintf(&b, "1. Left -> s%d #left\n2. Right -> s%d #right\n\n", i+1, i+2)
		} else {
			b.WriteString("-> END\n\n")
		}
	}
	return []byte(b.String())
}

func BenchmarkParse100Scenes(b *testing.B) {
	src := bigStory(100)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, ds := Parse("big.md", src, ""); HasErrors(ds) {
			b.Fatal(ds)
		}
	}
}

func BenchmarkParseBaseline(b *testing.B) {
	src, err := os.ReadFile("testdata/render/features.md")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		Parse("f.md", src, "")
	}
}

func BenchmarkPaths(b *testing.B) {
	s, _ := Parse("big.md", bigStory(30), "")
	for b.Loop() {
		Paths(s, DefaultPathLimit)
	}
}

// BenchmarkParseBundledTalk parses the bundled Django talk (68 slides), as
// a live reload does: highlighted code comes from the cache.
func BenchmarkParseBundledTalk(b *testing.B) {
	benchBundled(b, false)
}

// BenchmarkParseBundledTalkCold is the first load: every code block lexed.
func BenchmarkParseBundledTalkCold(b *testing.B) {
	benchBundled(b, true)
}

func benchBundled(b *testing.B, cold bool) {
	src, err := os.ReadFile("../../stories/django-deployment.md")
	if err != nil {
		b.Skip("stories/django-deployment.md is absent")
	}
	for b.Loop() {
		if cold {
			codeCache.Lock()
			codeCache.m = map[string]string{}
			codeCache.Unlock()
		}
		Parse("django-deployment.md", src, "")
	}
}
