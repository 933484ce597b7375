package pdu

import (
	"encoding/hex"
	"errors"
	"strings"
)

// Redact returns raw (one PDU, or several separated by spaces) with the
// phone number in each TPDU masked, for an export a person may share: every
// digit of the originating (SMS-DELIVER), destination (SMS-SUBMIT) or
// recipient (status report) address but the last min(4, half) becomes the
// semi-octet 0xA ('*'), the way phone.Mask shows a number. The rest of the
// PDU is untouched, so its header, coding and user data can still be read
// and the SMSC (the operator's) stays. An alphanumeric sender is not a phone
// number and stays. It fails when a PDU is not hex or too short to hold the
// address: the caller then exports no PDU, since it cannot tell which of its
// octets are a number.
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
		if err != nil {
			return "", errors.New("not hex")
		}
		if err := redactAddress(b); err != nil {
			return "", err
		}
		fields[i] = strings.ToUpper(hex.EncodeToString(b))
	}
	return strings.Join(fields, " "), nil
}

// redactAddress masks the TPDU's address digits in place.
func redactAddress(b []byte) error {
	if len(b) == 0 || 1+int(b[0]) >= len(b) {
		return errors.New("no TPDU after the SMSC address")
	}
	t := b[1+int(b[0]):]
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
