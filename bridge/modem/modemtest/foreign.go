package modemtest

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Fixture is a text encoded by software Forkcast did not write: the PDUs a
// modem would hand over, and what they must decode to. The emulator delivers
// PDUs as they are, so a test exercises the real decoder on foreign PDUs.
type Fixture struct {
	Name    string   `json:"name"`
	Encoder string   `json:"encoder"` // the library and version, or the capture's citation
	Form    string   `json:"form"`    // what the fixture exercises (alphabet, header, concatenation)
	Kind    string   `json:"kind"`    // "text", "part" (one part of a longer text), "submit" (an SMS-SUBMIT), "report", "port" (WAP push)
	Sender  string   `json:"sender"`  // as decoded ("+447700900123", "07700900123", "Forkcast"); the recipient for a submit
	Sent    string   `json:"sent"`    // the first part's SMSC timestamp, RFC 3339; "" when none
	Text    string   `json:"text"`    // the whole text, every part joined
	PDUs    []string `json:"pdus"`    // hex, SMSC address first, in the order the encoder made them
}

// SentTime returns Sent parsed; zero when Sent is empty. It fails on a
// timestamp that is not RFC 3339.
func (f Fixture) SentTime() (time.Time, error) {
	if f.Sent == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.RFC3339, f.Sent)
}

// The generated fixtures (foreign/gen/gen.mjs) and the hand-transcribed real
// captures, each with its citation.
var (
	//go:embed foreign/fixtures.json
	generatedJSON []byte
	//go:embed foreign/captures.json
	capturesJSON []byte
)

// ForeignFixtures returns every fixture, generated ones first, in file order.
// It panics if the embedded files do not parse: they are part of the build.
func ForeignFixtures() []Fixture {
	var out []Fixture
	for _, b := range [][]byte{generatedJSON, capturesJSON} {
		var doc struct {
			Fixtures []Fixture `json:"fixtures"`
		}
		if err := json.Unmarshal(b, &doc); err != nil {
			panic(fmt.Sprintf("modemtest: foreign fixtures: %v", err))
		}
		out = append(out, doc.Fixtures...)
	}
	return out
}

// ForeignFixture returns the fixture called name; it fails for an unknown name.
func ForeignFixture(name string) (Fixture, error) {
	var names []string
	for _, f := range ForeignFixtures() {
		if f.Name == name {
			return f, nil
		}
		names = append(names, f.Name)
	}
	sort.Strings(names)
	return Fixture{}, fmt.Errorf("unknown fixture %q (have %s)", name, strings.Join(names, ", "))
}

// DeliverFixture hands the fixture's PDUs to the modem as they are, in the
// order given by order (indexes into f.PDUs; nil = the encoder's order).
func (e *Emulator) DeliverFixture(f Fixture, order ...int) {
	if order == nil {
		e.Deliver(f.PDUs...)
		return
	}
	pdus := make([]string, 0, len(order))
	for _, i := range order {
		pdus = append(pdus, f.PDUs[i])
	}
	e.Deliver(pdus...)
}
