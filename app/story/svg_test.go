package story

import (
	"encoding/xml"
	"forkcast/app/testkit"
	"io"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteSVG(t *testing.T) {
	s, _ := Parse("spokes.md", []byte(spokes), "")
	var b strings.Builder
	if err := WriteSVG(&b, s); err != nil {
		t.Fatal(err)
	}
	// Well-formed XML, one group per scene (and END), the hub marked.
	dec := xml.NewDecoder(strings.NewReader(b.String()))
	groups := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, b.String())
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "g" {
			groups++
		}
	}
	if groups != len(s.Scenes)+1 {
		t.Errorf("%d scene groups, want %d", groups, len(s.Scenes)+1)
	}
	if !strings.Contains(b.String(), ">hub: menu<") || !strings.Contains(b.String(), `fill="#fde68a"`) {
		t.Error("the hub is not drawn as a hub")
	}
}

// TestWriteSVGGolden: the standalone map (no options) stays byte for byte
// what it was before WriteSVGWith shared its code with the published site's
// map: spokes has a hub, an exit and ways back; the others are real talks.
func TestWriteSVGGolden(t *testing.T) {
	cases := map[string]func() (*Story, error){
		"spokes": func() (*Story, error) { s, _ := Parse("spokes.md", []byte(spokes), ""); return s, nil },
		"rich":   func() (*Story, error) { s, _, err := ParseFile("testdata/rich.md"); return s, err },
		"django-deployment": func() (*Story, error) {
			s, _, err := ParseFile(filepath.Join("..", "..", "stories", "django-deployment.md"))
			return s, err
		},
	}
	for name, load := range cases {
		t.Run(name, func(t *testing.T) {
			s, err := load()
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			if err := WriteSVG(&b, s); err != nil {
				t.Fatal(err)
			}
			testkit.Golden(t, filepath.Join("testdata", "svg", name+".svg"), b.String())
		})
	}
}
