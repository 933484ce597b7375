package pdu

import (
	"encoding/hex"
	"strings"

	"github.com/warthog618/sms/encoding/tpdu"
)

// RepairForTest runs the lenient pre-pass on the TPDU of raw (SMSC first)
// whatever the strict decoder says, and returns the TPDU before and after and
// the repairs it reported. It fails only when raw is not hex or too short.
func RepairForTest(raw string) (before, after []byte, fixes []string, err error) {
	b, err := hex.DecodeString(strings.TrimSpace(raw))
	if err != nil {
		return nil, nil, nil, err
	}
	t := b[1+int(b[0]):]
	dir := tpdu.MT
	if t[0]&0x03 == 0x01 {
		dir = tpdu.MO
	}
	off, err := udlOffset(t, dir)
	if err != nil {
		return nil, nil, nil, err
	}
	after, err = repairUDL(t, off, &fixes)
	return t, after, fixes, err
}
