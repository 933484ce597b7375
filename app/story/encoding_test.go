package story

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
)

const encodingStory = "---\ntitle: Encodings\nstart: a\n---\n\n:: a\n# Héllo\n-> b\n\n:: b\n# Bye\n-> END\n"

// utf16Bytes encodes s as UTF-16 with a byte order mark, as Windows
// Notepad's "Unicode" saves it.
func utf16Bytes(s string, order binary.ByteOrder, bom bool) []byte {
	units := utf16.Encode([]rune(s))
	if bom {
		units = append([]uint16{0xFEFF}, units...)
	}
	b := make([]byte, 2*len(units))
	for i, u := range units {
		order.PutUint16(b[2*i:], u)
	}
	return b
}

// Files saved in another encoding or with old Mac line endings get the
// real reason, not "the story has no scenes"; CR-only endings are read.
func TestStoryFileEncodings(t *testing.T) {
	tests := []struct {
		name string
		src  []byte
		want string // the one error; "" = parses like the UTF-8 file
	}{
		{"utf-8", []byte(encodingStory), ""},
		{"utf-8 with a BOM", append([]byte("\xEF\xBB\xBF"), encodingStory...), ""},
		{"crlf", []byte(strings.ReplaceAll(encodingStory, "\n", "\r\n")), ""},
		{"cr only (classic Mac)", []byte(strings.ReplaceAll(encodingStory, "\n", "\r")), ""},
		{"utf-16 little-endian with a BOM", utf16Bytes(encodingStory, binary.LittleEndian, true), "UTF-16"},
		{"utf-16 big-endian with a BOM", utf16Bytes(encodingStory, binary.BigEndian, true), "UTF-16"},
		{"utf-16 little-endian without a BOM", utf16Bytes(encodingStory, binary.LittleEndian, false), "UTF-16"},
		{"utf-32 with a BOM", append([]byte{0xFF, 0xFE, 0, 0}, []byte("-\x00\x00\x00")...), "UTF-32"},
		{"binary with NUL bytes", append([]byte(encodingStory), 0, 1, 2, 0, 0), "NUL"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "talk.md")
			if err := os.WriteFile(path, tc.src, 0o644); err != nil {
				t.Fatal(err)
			}
			s, ds, err := ParseFile(path)
			if err != nil {
				t.Fatalf("ParseFile: %v", err)
			}
			if tc.want == "" {
				if HasErrors(ds) || len(s.Scenes) != 2 || s.Scenes[0].Slides[0].Markdown != "# Héllo" {
					t.Fatalf("diagnostics %v, %d scenes; want none and 2 scenes like the UTF-8 file", ds, len(s.Scenes))
				}
				return
			}
			if len(ds) != 1 || !strings.Contains(ds[0].Message, tc.want) || ds[0].Pos.Line != 1 {
				t.Fatalf("diagnostics %v; want one error at line 1 naming %s", ds, tc.want)
			}
			if strings.Contains(ds[0].Message, "no scenes") {
				t.Fatalf("diagnostic %q blames the scenes, not the encoding", ds[0].Message)
			}
		})
	}
}
