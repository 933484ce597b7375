package modem

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"forkcast/bridge/modem/at"
	"forkcast/bridge/modem/pdu"
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
	return execLines(t, string(b), at.Request{Cmd: dumpCommand(string(b)), Prefix: prefix})
}

type corpusWant struct {
	kind   pdu.Kind
	sender string
	text   string // prefix of the text
	fixed  bool   // the lenient pre-pass had to repair something
}

// TestCorpusPDU decodes every real +CMGR capture from Gammu's tests: each one
// decodes (texts, drafts, reports, WAP) or is rejected with an error and its
// raw PDU kept; none panics, none vanishes.
func TestCorpusPDU(t *testing.T) {
	want := map[string]corpusWant{
		"02": {pdu.KindSubmit, "+639193770523", "May salary na ba?", false},
		"03": {pdu.KindText, "+919884280026", "Ok sir", false},
		"04": {pdu.KindText, "O2_", "O2: You now have your Text Anytime 300", true},
		"05": {pdu.KindSubmit, "3200", "Pontos", false},
		"06": {pdu.KindText, "5036710", "For your ease to browse", false},
		"07": {pdu.KindText, "+358456709855", "Test", false},
		"08": {pdu.KindText, "+32478746863", "TEST -@@-", false},
		"09": {pdu.KindText, "27838890001", "hellohello", false},
		"10": {pdu.KindText, "+32478746863", "Tèätrc @ £.", false},
		"11": {pdu.KindText, "+32478746863", "T:Philipa@joshua.heron.net", false},
		"12": {pdu.KindText, "+622291320408", "aa cakep deh", false},
		"14": {pdu.KindSubmit, "+79168024812", "", true},
		"15": {pdu.KindSubmit, "+79168024812", "Test", false},
		"16": {pdu.KindSubmit, "1234", "123456", false},
		"19": {pdu.KindSubmit, "066460353302", "Sample Gammu message", false},
		"20": {pdu.KindSubmit, "366460353302", "", false},
		"21": {pdu.KindText, "+380972566788", "3", false},
		"22": {pdu.KindText, "+420724797276", "Ahoj pavle", false},
		"23": {pdu.KindText, "+447970011182", "", false},
		"24": {pdu.KindSubmit, "3381449402", "inserisci qui il messaggio", false},
		"26": {pdu.KindText, "+351916165705", "", false},
		"27": {pdu.KindText, "+351965853713", "Espero que tenhas tido um Natal", false},
		"28": {pdu.KindSubmit, "+14168777438", "nu-i nimic.", false},
		"29": {pdu.KindSubmit, "0630561651", "mon texte d'essai", false},
		"30": {pdu.KindReport, "", "", false},
		"31": {pdu.KindSubmit, "", "15:41 22/08/08", false},
		"32": {pdu.KindReport, "", "", false},
		"33": {pdu.KindPort, "33707520030", "", false},
		"34": {pdu.KindReport, "", "", false},
		"36": {pdu.KindReport, "", "", false},
		"37": {pdu.KindText, "+447732482432", "Helen's parents are down tomorrow.", false},
		"38": {pdu.KindReport, "", "", false},
		"39": {pdu.KindText, "9494", "llamada perdida de: +34617653167", true},
		"40": {pdu.KindPort, "+11476124010", "", false},
		"41": {pdu.KindPort, "77777777777", "", true},
		"42": {pdu.KindText, "+94774705017", "1917812300", false},
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
			d := pdu.Decode(st.PDU, st.Length)
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
			if d.Kind == pdu.KindText && d.SCTS.Year() < 1999 {
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
			d := pdu.Decode(st.PDU, st.Length)
			if d.Raw != st.PDU || d.Hash != pdu.Hash(st.PDU) {
				t.Errorf("raw=%q hash=%s, want the PDU line kept", d.Raw, d.Hash)
			}
			switch d.Kind {
			case pdu.KindBad:
				if d.Err == nil || d.Err.Error() == "" {
					t.Errorf("pdu.KindBad without an error")
				}
			case pdu.KindReport:
				// 18 is a well-formed status report Gammu's text path rejects.
			default:
				t.Errorf("kind=%d text=%q, want rejected", d.Kind, d.Text)
			}
		})
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
