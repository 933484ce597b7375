package twine

import (
	"os"
	"strings"
	"testing"
)

func BenchmarkImportTwineArchive(b *testing.B) {
	src, err := os.ReadFile("testdata/twine/archive.html")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, _, err := Import(strings.NewReader(string(src)), "a.html", ImportOptions{Story: "Django Deployment Adventure"}); err != nil {
			b.Fatal(err)
		}
	}
}
