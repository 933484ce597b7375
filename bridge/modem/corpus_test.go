package modem

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// corpusDir finds ../shared/corpus/name beside the repository root (the
// directory holding go.mod), or skips the test when it is absent.
func corpusDir(t *testing.T, name string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("no go.mod above the package: corpus not reachable")
		}
		dir = parent
	}
	c := filepath.Join(dir, "..", "shared", "corpus", name)
	if _, err := os.Stat(c); err != nil {
		t.Skipf("corpus %s absent: %v", c, err)
	}
	return c
}

// replay runs the dump's command through a link whose modem answers with the
// whole dump (its echo included) and returns the info lines.
func replay(t *testing.T, path, prefix string) ([]string, error) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return execLines(t, string(b), request{cmd: dumpCommand(string(b)), prefix: prefix})
}

type corpusWant struct {
	kind   pduKind
	sender string
	text   string // prefix of the text
	fixed  bool   // the lenient pre-pass had to repair something
}

// TestCorpusPDU decodes every real +CMGR capture from Gammu's tests: each one
// decodes (texts, drafts, reports, WAP) or is rejected with an error and its
// raw PDU kept; none panics, none vanishes.
func TestCorpusPDU(t *testing.T) {
	want := map[string]corpusWant{
		"02": {kindSubmit, "+639193770523", "May salary na ba?", false},
		"03": {kindText, "+919884280026", "Ok sir", false},
		"04": {kindText, "O2_", "O2: You now have your Text Anytime 300", true},
		"05": {kindSubmit, "3200", "Pontos", false},
		"06": {kindText, "5036710", "For your ease to browse", false},
		"07": {kindText, "+358456709855", "Test", false},
		"08": {kindText, "+32478746863", "TEST -@@-", false},
		"09": {kindText, "27838890001", "hellohello", false},
		"10": {kindText, "+32478746863", "Tèätrc @ £.", false},
		"11": {kindText, "+32478746863", "T:Philipa@joshua.heron.net", false},
		"12": {kindText, "+622291320408", "aa cakep deh", false},
		"14": {kindSubmit, "+79168024812", "", true},
		"15": {kindSubmit, "+79168024812", "Test", false},
		"16": {kindSubmit, "1234", "123456", false},
		"19": {kindSubmit, "066460353302", "Sample Gammu message", false},
		"20": {kindSubmit, "366460353302", "", false},
		"21": {kindText, "+380972566788", "3", false},
		"22": {kindText, "+420724797276", "Ahoj pavle", false},
		"23": {kindText, "+447970011182", "", false},
		"24": {kindSubmit, "3381449402", "inserisci qui il messaggio", false},
		"26": {kindText, "+351916165705", "", false},
		"27": {kindText, "+351965853713", "Espero que tenhas tido um Natal", false},
		"28": {kindSubmit, "+14168777438", "nu-i nimic.", false},
		"29": {kindSubmit, "0630561651", "mon texte d'essai", false},
		"30": {kindReport, "", "", false},
		"31": {kindSubmit, "", "15:41 22/08/08", false},
		"32": {kindReport, "", "", false},
		"33": {kindPort, "33707520030", "", false},
		"34": {kindReport, "", "", false},
		"36": {kindReport, "", "", false},
		"37": {kindText, "+447732482432", "Helen's parents are down tomorrow.", false},
		"38": {kindReport, "", "", false},
		"39": {kindText, "9494", "llamada perdida de: +34617653167", true},
		"40": {kindPort, "+11476124010", "", false},
		"41": {kindPort, "77777777777", "", true},
		"42": {kindText, "+94774705017", "1917812300", false},
	}
	dir := corpusDir(t, "gammu-at-sms")
	files, _ := filepath.Glob(filepath.Join(dir, "*.dump"))
	if len(files) != len(want) {
		t.Errorf("corpus has %d dumps, the table %d", len(files), len(want))
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".dump")
		t.Run(name, func(t *testing.T) {
			w, ok := want[name]
			if !ok {
				t.Fatalf("no expectation for %s", name)
			}
			lines, err := replay(t, f, "+CMGR:")
			if err != nil {
				t.Fatalf("exec: %v", err)
			}
			st, err := parseRead(lines, 1)
			if err != nil {
				t.Fatalf("parseRead(%q): %v", lines, err)
			}
			d := decodePDU(st.PDU, st.Length)
			if d.Kind != w.kind || d.Err != nil {
				t.Fatalf("kind=%d err=%v, want kind %d and no error", d.Kind, d.Err, w.kind)
			}
			if d.Sender != w.sender {
				t.Errorf("sender=%q, want %q", d.Sender, w.sender)
			}
			if !strings.HasPrefix(d.Text, w.text) {
				t.Errorf("text=%q, want prefix %q", d.Text, w.text)
			}
			if got := len(d.Fixes) > 0; got != w.fixed {
				t.Errorf("repaired=%v (%v), want %v", got, d.Fixes, w.fixed)
			}
			if d.Kind == kindText && d.SCTS.Year() < 1999 {
				t.Errorf("SCTS=%v, want a real date", d.SCTS)
			}
		})
	}
}

// TestCorpusPDUFailing feeds the captures Gammu must reject: each comes back
// with a clear error (or as a non-text it can name) and the raw PDU kept.
func TestCorpusPDUFailing(t *testing.T) {
	dir := corpusDir(t, "gammu-at-sms-failing")
	files, _ := filepath.Glob(filepath.Join(dir, "*.dump"))
	if len(files) == 0 {
		t.Fatal("no dumps")
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".dump")
		t.Run(name, func(t *testing.T) {
			lines, err := replay(t, f, "+CMGR:")
			if err != nil {
				t.Fatalf("exec: %v", err)
			}
			st, err := parseRead(lines, 1)
			if err != nil {
				t.Fatalf("parseRead(%q): %v", lines, err)
			}
			d := decodePDU(st.PDU, st.Length)
			if d.Raw != st.PDU || d.Hash != pduHash(st.PDU) {
				t.Errorf("raw=%q hash=%s, want the PDU line kept", d.Raw, d.Hash)
			}
			switch d.Kind {
			case kindBad:
				if d.Err == nil || d.Err.Error() == "" {
					t.Errorf("kindBad without an error")
				}
			case kindReport:
				// 18 is a well-formed status report Gammu's text path rejects.
			default:
				t.Errorf("kind=%d text=%q, want rejected", d.Kind, d.Text)
			}
		})
	}
}

// TestCorpusTextMode parses the text-mode captures.
func TestCorpusTextMode(t *testing.T) {
	dir := corpusDir(t, "gammu-at-sms-txt")
	cases := []struct {
		file, sender, time, text string
	}{
		{"motorola-l7", "+4123456789132", "2009-08-18T19:11:45Z", "Hoewfliepl jookfotu"},
		{"motorola-long", "+6667776667744", "2009-08-18T19:11:45Z", "Hoewfliepl jookfotu"},
		{"timezone", "+31625044454", "2007-07-05T09:56:03+02:00", "Test message 2"},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			lines, err := replay(t, filepath.Join(dir, c.file+".dump"), "+CMGR:")
			if err != nil {
				t.Fatalf("exec: %v", err)
			}
			m, err := parseReadText(lines)
			if err != nil {
				t.Fatalf("parseReadText: %v", err)
			}
			if m.Sender != c.sender || m.Stat != "REC READ" {
				t.Errorf("sender=%q stat=%q, want %q REC READ", m.Sender, m.Stat, c.sender)
			}
			if got := m.Time.Format("2006-01-02T15:04:05Z07:00"); got != c.time {
				t.Errorf("time=%s, want %s", got, c.time)
			}
			if !strings.HasPrefix(m.Text, c.text) {
				t.Errorf("text=%q, want prefix %q", m.Text, c.text)
			}
		})
	}
	lines, _ := replay(t, filepath.Join(dir, "motorola-long.dump"), "+CMGR:")
	m, _ := parseReadText(lines)
	if n := strings.Count(m.Text, "\n"); n != 3 {
		t.Errorf("long text has %d line breaks, want 3 (four lines kept)", n)
	}
}

func TestCorpusStorages(t *testing.T) {
	dir := corpusDir(t, "gammu-at-cpms")
	five := []string{"SM", "ME", "SM_P", "ME_P", "MT"}
	two := []string{"SM", "ME"}
	cases := map[string][][]string{
		"alcatel-s320":    {five, five, five},
		"brovi-e3372-325": {two, two, two},
		"generic":         {two, two, two},
		"samsung-j700":    nil,
	}
	for name, want := range cases {
		lines, err := replay(t, filepath.Join(dir, name+".dump"), "+CPMS:")
		if err != nil {
			t.Fatalf("%s: exec: %v", name, err)
		}
		got, err := parseStorageLists(lines)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: lists=%q, want %q", name, got, want)
		}
	}
}

func TestCorpusNotifications(t *testing.T) {
	dir := corpusDir(t, "gammu-at-cnmi")
	cases := map[string][][]int{
		"01": {{2}, {0, 1, 3}, {0, 2}, {0, 1}, {0}},
		"02": {{0, 1, 2}, {0, 1, 3}, {0}, {0, 1}, {0, 1}},
		"03": {{0, 1, 2, 3}, {0, 1, 2, 3}, {0, 1, 2, 3}, {0, 1}, {0, 1}},
	}
	for name, want := range cases {
		lines, err := replay(t, filepath.Join(dir, name+".dump"), "+CNMI:")
		if err != nil {
			t.Fatalf("%s: exec: %v", name, err)
		}
		got, err := parseRanges(lines, "+CNMI:")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: ranges=%v, want %v", name, got, want)
		}
	}
}

func TestCorpusRegistration(t *testing.T) {
	dir := corpusDir(t, "gammu-at-creg")
	cases := map[string]int{
		"empty": regUnknown, "huawei": regHome, "none": regNotSearching,
		"siemens": regHome, "sierra312u": regRoaming, "telit": regHome,
	}
	for name, want := range cases {
		lines, err := replay(t, filepath.Join(dir, name+".dump"), "+CREG:")
		if err != nil {
			t.Fatalf("%s: exec: %v", name, err)
		}
		got, err := parseCREG(lines)
		if got != want {
			t.Errorf("%s: state=%d (%v), want %d", name, got, err, want)
		}
		if name == "empty" && err == nil {
			t.Errorf("empty: no error, want a clear 'no information'")
		}
	}
}
