package at

import "strings"

// maxLine caps a line held while waiting for its end; a longer run of bytes
// without a line break is cut there (a PDU line is at most ~360 hex digits).
const maxLine = 4096

// framer cuts the bytes read from a modem into lines. It accepts \r, \n and
// any run of them as one break (so \r\r\n and blank lines vanish), keeps a
// partial line until its break arrives, drops NUL and other control bytes,
// and reports the "> " prompt of AT+CMGS, which ends with no line break.
type framer struct {
	buf []byte
}

// Token is one thing the framer found in the bytes read: a line, or the
// "> " prompt of a send.
type Token struct {
	Line   string
	Prompt bool
}

// feed appends p and returns every complete token it finishes.
func (f *framer) feed(p []byte) []Token {
	var out []Token
	for _, c := range p {
		switch {
		case c == '\r' || c == '\n':
			if s := strings.TrimSpace(string(f.buf)); s != "" {
				out = append(out, Token{Line: s})
			}
			f.buf = f.buf[:0]
		case c == 0x1a || c == 0x1b:
			// Ctrl-Z and ESC echoed back after a send or a cancel end a line.
			if s := strings.TrimSpace(string(f.buf)); s != "" {
				out = append(out, Token{Line: s})
			}
			f.buf = f.buf[:0]
		case c < 0x20 && c != '\t':
			// NUL and noise bytes some modems print at boot.
		default:
			f.buf = append(f.buf, c)
			if len(f.buf) >= maxLine {
				out = append(out, Token{Line: string(f.buf)})
				f.buf = f.buf[:0]
			}
		}
		if f.atPrompt() {
			out = append(out, Token{Prompt: true})
			f.buf = f.buf[:0]
		}
	}
	// Some modems send a bare ">" and wait: a read that ends on it is the prompt.
	if len(f.buf) == 1 && f.buf[0] == '>' {
		out = append(out, Token{Prompt: true})
		f.buf = f.buf[:0]
	}
	return out
}

// atPrompt reports whether the held partial line is the send prompt.
func (f *framer) atPrompt() bool {
	return len(f.buf) == 2 && f.buf[0] == '>' && f.buf[1] == ' '
}
