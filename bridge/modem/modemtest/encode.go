package modemtest

import (
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf16"

	"forkcast/bridge/modem/pdu"

	"github.com/warthog618/sms/encoding/gsm7"
	"github.com/warthog618/sms/encoding/pdumode"
	"github.com/warthog618/sms/encoding/tpdu"
)

// Encoding selects the alphabet Encode uses.
type Encoding int

// Encodings.
const (
	Auto Encoding = iota // GSM 7-bit when the text fits its tables, else UCS-2
	GSM7
	UCS2
	Bit8
)

// SMS describes a text to encode as SMS-DELIVER PDUs, as a network delivers it.
type SMS struct {
	From     string    // "+447700900123", a national number, or an alphanumeric name
	Text     string    // the text (for Bit8: the raw octets)
	Time     time.Time // the SMSC timestamp; zero = now
	Encoding Encoding
	NLI      int  // national language table (3GPP TS 23.038), used as single shift; 0 = none
	Locking  bool // use NLI as the locking shift table too
	Ref      int  // concatenation reference; 0 = the next from a counter
	Ref16    bool // 16-bit concatenation reference
	// PartUnits caps each part at this many septets, UTF-16 code units or
	// octets; 0 = the standard maximum. Unlike phones, it will split a
	// surrogate pair (an emoji) across two parts.
	PartUnits int
	SMSC      string // "" = +15550000000
}

var refs atomic.Int32

// The charset tables warthog618/sms builds lazily and without locks are
// built by package pdu's init, which this package imports.

// Encode returns the PDUs (hex, SMSC address first, as a modem prints them)
// of s, one per part. It fails when the text does not fit the alphabet asked
// for, or needs more than 255 parts.
func Encode(s SMS) ([]string, error) {
	units, dcs, size, err := userData(s)
	if err != nil {
		return nil, err
	}
	var base tpdu.UserDataHeader
	if s.NLI > 0 && dcs == 0x00 {
		base = append(base, tpdu.InformationElement{ID: 0x24, Data: []byte{byte(s.NLI)}})
		if s.Locking {
			base = append(base, tpdu.InformationElement{ID: 0x25, Data: []byte{byte(s.NLI)}})
		}
	}
	chunks := [][]byte{units}
	if per := capacity(dcs, base, false); len(units)/size > per || s.PartUnits > 0 && len(units)/size > s.PartUnits {
		per = capacity(dcs, base, true)
		if s.PartUnits > 0 {
			per = min(per, s.PartUnits)
		}
		chunks = split(units, size, per, dcs == 0x00)
	}
	if len(chunks) > 255 {
		return nil, errors.New("modemtest: text needs more than 255 parts")
	}
	ref := s.Ref
	if ref == 0 {
		ref = int(refs.Add(1))%255 + 1
	}
	var out []string
	for i, c := range chunks {
		udh := append(tpdu.UserDataHeader(nil), base...)
		if len(chunks) > 1 {
			udh = append(udh, concatIE(ref, len(chunks), i+1, s.Ref16))
		}
		p, err := deliverPDU(s, dcs, udh, c)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// userData encodes the text: septets, UTF-16 big-endian or octets; size is
// the bytes per unit (1 or 2).
func userData(s SMS) ([]byte, byte, int, error) {
	switch s.Encoding {
	case Bit8:
		return []byte(s.Text), 0x04, 1, nil
	case UCS2:
		return ucs2(s.Text), 0x08, 2, nil
	}
	var opts []gsm7.EncoderOption
	if s.NLI > 0 {
		opts = append(opts, gsm7.WithExtCharset(s.NLI))
		if s.Locking {
			opts = append(opts, gsm7.WithCharset(s.NLI))
		}
	}
	septets, err := gsm7.Encode([]byte(s.Text), opts...)
	if err == nil {
		return septets, 0x00, 1, nil
	}
	if s.Encoding == GSM7 {
		return nil, 0, 0, fmt.Errorf("modemtest: %q is not GSM 7-bit: %w", s.Text, err)
	}
	return ucs2(s.Text), 0x08, 2, nil
}

func ucs2(text string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(text)) {
		b = append(b, byte(u>>8), byte(u))
	}
	return b
}

// capacity is the units a part can hold beside the header (and a concatenation IE).
func capacity(dcs byte, udh tpdu.UserDataHeader, concat bool) int {
	n := 0
	for _, ie := range udh {
		n += 2 + len(ie.Data)
	}
	if concat {
		n += 5
	}
	if n > 0 {
		n++ // the UDHL octet
	}
	switch dcs {
	case 0x00:
		return (140 - n) * 8 / 7
	case 0x08:
		return (140 - n) / 2
	}
	return 140 - n
}

// split cuts units into parts of at most per units, keeping a GSM escape with
// the character it escapes.
func split(units []byte, size, per int, gsm bool) [][]byte {
	var out [][]byte
	for len(units) > 0 {
		n := min(per*size, len(units))
		if gsm && n < len(units) && units[n-1] == 0x1b {
			n--
		}
		out = append(out, units[:n])
		units = units[n:]
	}
	return out
}

func concatIE(ref, total, seq int, ref16 bool) tpdu.InformationElement {
	if ref16 {
		return tpdu.InformationElement{ID: 0x08, Data: []byte{byte(ref >> 8), byte(ref), byte(total), byte(seq)}}
	}
	return tpdu.InformationElement{ID: 0x00, Data: []byte{byte(ref), byte(total), byte(seq)}}
}

// deliverPDU marshals one SMS-DELIVER with its SMSC address.
func deliverPDU(s SMS, dcs byte, udh tpdu.UserDataHeader, ud []byte) (string, error) {
	t := s.Time
	if t.IsZero() {
		t = time.Now().Truncate(time.Second)
	}
	p := tpdu.TPDU{FirstOctet: 0x04, OA: pdu.Address(s.From), DCS: tpdu.DCS(dcs),
		SCTS: tpdu.Timestamp{Time: t}, UD: ud}
	if len(udh) > 0 {
		p.FirstOctet |= 0x40
		p.UDH = udh
	}
	bin, err := p.MarshalBinary()
	if err != nil {
		return "", fmt.Errorf("modemtest: encode: %w", err)
	}
	smsc := s.SMSC
	if smsc == "" {
		smsc = "+15550000000"
	}
	pdu := pdumode.PDU{SMSC: pdumode.SMSCAddress{Address: tpdu.NewAddress(tpdu.FromNumber(smsc))}, TPDU: bin}
	b, err := pdu.MarshalBinary()
	if err != nil {
		return "", fmt.Errorf("modemtest: encode: %w", err)
	}
	return strings.ToUpper(hex.EncodeToString(b)), nil
}
