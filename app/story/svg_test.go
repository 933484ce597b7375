package story

import (
	"encoding/xml"
	"io"
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
