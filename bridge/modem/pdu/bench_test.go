package pdu_test

import (
	"testing"

	"forkcast/bridge/modem/modemtest"
	"forkcast/bridge/modem/pdu"
)

// BenchmarkDecodeForeign decodes every foreign fixture's PDUs once per
// iteration (the decoder's share of a drain); it reports PDUs a second.
func BenchmarkDecodeForeign(b *testing.B) {
	var raws []string
	for _, f := range modemtest.ForeignFixtures() {
		raws = append(raws, f.PDUs...)
	}
	b.ResetTimer()
	for b.Loop() {
		for _, r := range raws {
			if d := pdu.Decode(r, -1); d.Kind == pdu.KindBad {
				b.Fatalf("%s: %v", r, d.Err)
			}
		}
	}
	b.ReportMetric(float64(b.N*len(raws))/b.Elapsed().Seconds(), "PDUs/s")
}
