package modem

import (
	"reflect"
	"testing"
)

func TestFields(t *testing.T) {
	cases := map[string][]string{
		`"SM",3,30`:                   {"SM", "3", "30"},
		` ("SM", "ME"), ("SM","ME")`:  {`("SM", "ME")`, `("SM","ME")`},
		`1,,23`:                       {"1", "", "23"},
		`"a,b",2`:                     {"a,b", "2"},
		`0,0,"Vodafone UK",2`:         {"0", "0", "Vodafone UK", "2"},
		`(0-3),(0-3),(0,2),(0,1)`:     {"(0-3)", "(0-3)", "(0,2)", "(0,1)"},
		`"REC READ","+3161",,"07/07"`: {"REC READ", "+3161", "", "07/07"},
	}
	for in, want := range cases {
		if got := fields(in); !reflect.DeepEqual(got, want) {
			t.Errorf("fields(%q)=%q, want %q", in, got, want)
		}
	}
}

func TestParseStorageUse(t *testing.T) {
	cases := []struct {
		line string
		want storageUse
		ok   bool
	}{
		{`+CPMS: "SM",3,30,"SM",3,30,"SM",3,30`, storageUse{"SM", 3, 30}, true},
		{`+CPMS: 0,20,0,20,0,20`, storageUse{"", 0, 20}, true},
		{`+CPMS: "ME",0,0`, storageUse{"ME", 0, 0}, true},
		{`+CPMS: "SM"`, storageUse{}, false},
		{`+CPMS: x,y`, storageUse{}, false},
	}
	for _, c := range cases {
		got, err := parseStorageUse([]string{c.line})
		if got != c.want || (err == nil) != c.ok {
			t.Errorf("parseStorageUse(%q)=%+v,%v, want %+v ok=%v", c.line, got, err, c.want, c.ok)
		}
	}
}

func TestParseSmall(t *testing.T) {
	if n, err := parseCSQ([]string{"+CSQ: 21,99"}); n != 21 || err != nil {
		t.Errorf("parseCSQ=%d,%v, want 21", n, err)
	}
	if n, err := parseCSQ([]string{"+CSQ: 45,99"}); n != 99 || err == nil {
		t.Errorf("parseCSQ(45)=%d,%v, want 99 and an error", n, err)
	}
	if got := parseCOPS([]string{`+COPS: 0,0,"Orange F",7`}); got != "Orange F" {
		t.Errorf("parseCOPS=%q, want Orange F", got)
	}
	if got := parseCOPS([]string{`+COPS: 0`}); got != "" {
		t.Errorf("parseCOPS(no operator)=%q, want empty", got)
	}
	if st, err := parseCPIN([]string{`+CPIN: "SIM PIN"`}); st != "SIM PIN" || err != nil {
		t.Errorf("parseCPIN=%q,%v, want SIM PIN", st, err)
	}
	if mem, i, err := parseCMTI(`+CMTI: "ME",0`); mem != "ME" || i != 0 || err != nil {
		t.Errorf("parseCMTI=%q,%d,%v, want ME 0", mem, i, err)
	}
	for _, bad := range []string{`+CMTI: "SM"`, `+CMTI: "SM",-1`, `+CMTI: "SM",x`} {
		if _, _, err := parseCMTI(bad); err == nil {
			t.Errorf("parseCMTI(%q) accepted", bad)
		}
	}
}

func TestParseList(t *testing.T) {
	lines := []string{
		"+CMGL: 0,1,,23", "0791AA",
		"+CMGL: 1,0,\"\",24", "0791BB",
		"+CMGL: 2,0,,25", // no PDU line: skipped
		"+CMGL: 3,0,,26", "0791DD",
		"+CMGL: x,0,,26", "0791EE", // bad index: skipped
		"stray",
	}
	want := []stored{{0, 1, 23, "0791AA"}, {1, 0, 24, "0791BB"}, {3, 0, 26, "0791DD"}}
	if got := parseList(lines); !reflect.DeepEqual(got, want) {
		t.Errorf("parseList=%+v, want %+v", got, want)
	}
	if _, err := parseRead(nil, 1); err != errNoInfo {
		t.Errorf("parseRead(empty)=%v, want errNoInfo", err)
	}
}

func TestChooseCNMI(t *testing.T) {
	cases := []struct {
		ranges [][]int
		want   string
	}{
		{[][]int{{0, 1, 2}, {0, 1, 2, 3}, {0, 2}, {0, 1, 2}, {0, 1}}, "2,1,0,0,0"},
		{[][]int{{2}, {0, 1, 3}, {0, 2}, {0, 1}, {0}}, "2,1,0,0,0"},
		{[][]int{{1}, {0, 2}, {0}, {0}, {1}}, "1,2,0,0,1"}, // only direct delivery
		{[][]int{{0, 1}, {0}, {0}, {0}, {0}}, ""},          // cannot notify
		{[][]int{{0, 1, 2, 3}, {0, 1, 2, 3}}, "2,1"},
		{[][]int{{3}, {1}, {2}, {2}, {1}}, "3,1,2,2,1"},
	}
	for _, c := range cases {
		if got := chooseCNMI(c.ranges); got != c.want {
			t.Errorf("chooseCNMI(%v)=%q, want %q", c.ranges, got, c.want)
		}
	}
}

func TestChooseStorage(t *testing.T) {
	cases := []struct {
		lists [][]string
		want  string
	}{
		{[][]string{{"SM", "ME"}, {"SM", "ME"}, {"SM", "ME"}}, "SM"},
		{[][]string{{"ME", "SM"}, {"ME"}, {"ME"}}, "ME"}, // SM cannot receive
		{[][]string{{"MT"}, {"MT"}, {"MT"}}, "MT"},
		{[][]string{{"BM", "SR"}}, "BM"},
		{nil, ""},
	}
	for _, c := range cases {
		if got := chooseStorage(c.lists); got != c.want {
			t.Errorf("chooseStorage(%q)=%q, want %q", c.lists, got, c.want)
		}
	}
}
