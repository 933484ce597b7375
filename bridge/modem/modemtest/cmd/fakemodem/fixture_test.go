package main

import (
	"context"
	"io"
	"slices"
	"strings"
	"testing"

	"forkcast/bridge/modem/modemtest"
)

// TestActFixture: "fixture NAME 3 1 2" puts the fixture's PDUs on the SIM
// as they stand, in that order; "pdu HEX" one PDU; bad names and part
// numbers are errors naming what is wrong.
func TestActFixture(t *testing.T) {
	e, _ := modemtest.Start(t, modemtest.SIM800)
	f, err := modemtest.ForeignFixture("nodepdu-ucs2-16bit-3parts")
	if err != nil {
		t.Fatal(err)
	}
	if err := act(context.Background(), e, "fixture "+f.Name+" 3 1 2", 1, io.Discard); err != nil {
		t.Fatal(err)
	}
	if err := act(context.Background(), e, "pdu "+f.PDUs[1], 2, io.Discard); err != nil {
		t.Fatal(err)
	}
	stored := e.Stored()
	var got []string
	for i := modemtest.SIM800.FirstIndex; i < modemtest.SIM800.FirstIndex+len(stored); i++ {
		got = append(got, stored[i])
	}
	want := []string{f.PDUs[2], f.PDUs[0], f.PDUs[1], f.PDUs[1]}
	if !slices.Equal(got, want) {
		t.Errorf("SIM holds %q\nwant %q", got, want)
	}
	for line, msg := range map[string]string{"fixture no-such": "unknown fixture", "fixture " + f.Name + " 4": "not 1..3", "fixture": "needs a name"} {
		if err := act(context.Background(), e, line, 3, io.Discard); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("%q: err=%v, want %q", line, err, msg)
		}
	}
}
