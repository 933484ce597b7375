package pdu

import (
	"encoding/hex"
	"errors"
	"slices"
	"strings"
)

// Redact returns raw (one PDU, or several separated by spaces) with the
// phone number in each TPDU masked, for an export a person may share: every
// digit of the originating (SMS-DELIVER), destination (SMS-SUBMIT) or
// recipient (status report) address but the last min(4, half) becomes the
// semi-octet 0xA ('*'), the way phone.Mask shows a number. The rest of the
// PDU is untouched, so its header, coding and user data can still be read
// and the SMSC (the operator's) stays. An alphanumeric sender is not a phone
// number and stays. A PDU printed without its SMSC address is recognised
// when it decodes that way; one that decodes neither way has the address
// masked wherever either reading puts it. It fails when a PDU is not hex or
// too short to hold an address in any reading: the caller then exports no
// PDU, since it cannot tell which of its octets are a number.
func Redact(raw string) (string, error) {
	fields := strings.Fields(raw)
	if len(fields) == 0 {
		return "", errors.New("empty PDU")
	}
	for i, f := range fields {
		s := strings.Trim(f, `"'`)
		if len(s)%2 == 1 {
			s = s[:len(s)-1]
		}
		b, err := hex.DecodeString(s)
		if err != nil || len(b) == 0 {
			return "", errors.New("not hex")
		}
		masked := 0
		for _, at := range tpduStarts(s, b) {
			if at < len(b) && redactAddress(b[at:]) == nil {
				masked++
			}
		}
		if masked == 0 {
			return "", errors.New("no address found")
		}
		fields[i] = strings.ToUpper(hex.EncodeToString(b))
	}
	return strings.Join(fields, " "), nil
}

// tpduStarts returns where the TPDU of the PDU s (bytes b) may start: after
// the SMSC address or at 0 (printed without one), whichever reading decodes
// as it stands (the SMSC reading when both do), else whichever decodes after
// repairs, else both.
func tpduStarts(s string, b []byte) []int {
	const noSMSC = "no SMSC address"
	clean := func(d Decoded) bool {
		return d.Kind != KindBad && !slices.ContainsFunc(d.Fixes, func(f string) bool { return f != noSMSC })
	}
	smsc := 1 + int(b[0])
	withSMSC := Decode(s, -1)
	alone := Decode(s, len(b)) // reads it without an SMSC address first
	bare := slices.Contains(alone.Fixes, noSMSC)
	switch {
	case clean(withSMSC):
		return []int{smsc}
	case bare && clean(alone):
		return []int{0}
	case withSMSC.Kind != KindBad:
		return []int{smsc}
	case bare && alone.Kind != KindBad:
		return []int{0}
	}
	return []int{smsc, 0}
}

// redactAddress masks the address digits of the TPDU t in place.
func redactAddress(t []byte) error {
	if len(t) == 0 {
		return errors.New("no TPDU")
	}
	at := 1 // SMS-DELIVER: first octet, then the originating address
	if t[0]&0x03 != 0x00 {
		at = 2 // SMS-SUBMIT and status report: first octet, message reference
	}
	if at+1 >= len(t) {
		return errors.New("TPDU too short for its address")
	}
	digits, toa := int(t[at]), t[at+1]
	octets := t[at+2:]
	if (digits+1)/2 > len(octets) {
		return errors.New("address longer than the TPDU")
	}
	if toa&0x70 == 0x50 {
		return nil // alphanumeric: a name, not a number
	}
	keep := min(4, digits/2)
	for i := 0; i < digits-keep; i++ {
		shift := uint(4 * (i % 2)) // digits are swapped: the low nibble comes first
		if (octets[i/2]>>shift)&0x0F == 0x0F {
			continue // a filler, not a digit: decoders read it as the end of the number
		}
		octets[i/2] = octets[i/2]&^(0x0F<<shift) | 0x0A<<shift
	}
	return nil
}
