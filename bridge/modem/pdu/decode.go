// Package pdu decodes the SMS PDUs a modem stores on its SIM, with
// github.com/warthog618/sms behind a lenient pre-pass that repairs what real
// modems get wrong (a trailing quote, a dangling nibble, a user data length
// longer than the data), and puts concatenated texts back together. A PDU
// that cannot be decoded is kept raw, never dropped.
package pdu

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/warthog618/sms/encoding/gsm7"
	"github.com/warthog618/sms/encoding/gsm7/charset"
	"github.com/warthog618/sms/encoding/pdumode"
	"github.com/warthog618/sms/encoding/tpdu"
)

// Kind tells what a stored PDU is.
type Kind int

// PDU kinds.
const (
	KindText   Kind = iota // an SMS-DELIVER: a text (or one part of one)
	KindReport             // an SMS-STATUS-REPORT: ignored
	KindPort               // addressed to an application port (WAP push, MMS notice): ignored
	KindSubmit             // an SMS-SUBMIT kept on the SIM (a draft or a sent text): not ours
	KindBad                // cannot be decoded: kept raw and reported
)

// Decoded is one PDU after the lenient decode.
type Decoded struct {
	Kind   Kind
	Raw    string // as received
	Hash   string // hex sha256 of the raw PDU: the ProviderID, and the dedupe key
	Sender string
	SCTS   time.Time
	Text   string   // a single text's text; a part's own text
	Ref    int      // concatenation reference, 0 when single
	Total  int      // parts in the message; 1 when single
	Seq    int      // this part's number, 1-based
	Fixes  []string // what the lenient pre-pass repaired
	Err    error    // why a KindBad PDU did not decode
	tp     *tpdu.TPDU
}

// Hash is the identity of a raw PDU: hex sha256 of its hex digits, upper case.
func Hash(raw string) string {
	sum := sha256.Sum256([]byte(strings.ToUpper(strings.TrimSpace(raw))))
	return hex.EncodeToString(sum[:])
}

// Decode decodes raw, a PDU line as the modem printed it. tpduLen is the
// length the modem announced (+CMGL/+CMGR), -1 when unknown. It never fails:
// what cannot be decoded comes back as KindBad with Err set and Raw kept.
func Decode(raw string, tpduLen int) Decoded {
	d := Decoded{Raw: raw, Hash: Hash(raw), Total: 1, Seq: 1}
	b, err := cleanHex(raw, &d.Fixes)
	if err == nil {
		err = d.decodeBytes(b, tpduLen)
	}
	if err != nil {
		d.Kind, d.Err = KindBad, err
	}
	return d
}

// cleanHex strips what real modems wrap around a PDU (a trailing quote,
// spaces) and drops a dangling nibble; anything else that is not hex fails.
func cleanHex(raw string, fixes *[]string) ([]byte, error) {
	s := strings.TrimSpace(raw)
	if t := strings.Trim(s, `"' `); t != s {
		*fixes = append(*fixes, "stripped quotes")
		s = t
	}
	if s == "" {
		return nil, errors.New("empty PDU")
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return nil, fmt.Errorf("not hex at character %d", i+1)
		}
	}
	if len(s)%2 == 1 {
		*fixes = append(*fixes, "dropped a dangling hex digit")
		s = s[:len(s)-1]
	}
	if s == "" {
		return nil, errors.New("PDU of half an octet")
	}
	return hex.DecodeString(s)
}

// decodeBytes splits off the SMSC address and decodes the TPDU. Some modems
// leave the SMSC out, so when the modem's length says so and the first reading
// fails, it tries again without one. Each layout is read strictly first, as
// the bytes stand; only when no layout decodes strictly is the lenient
// pre-pass (repairUDL) tried, so a valid PDU is never "repaired".
func (d *Decoded) decodeBytes(b []byte, tpduLen int) error {
	layouts := []int{1 + int(b[0])}
	if tpduLen == len(b) {
		// The modem's length (3GPP TS 27.005: the TPDU's, SMSC address
		// excluded) covers every octet, so there is no SMSC address: read it
		// that way first. Taking a TPDU's first octets for an address can
		// "succeed" and leave a status report where a text was.
		layouts = []int{0, 1 + int(b[0])}
	}
	var first error
	for _, lenient := range []bool{false, true} {
		for _, smsc := range layouts {
			try := *d
			try.Sender, try.Fixes = "", append([]string(nil), d.Fixes...)
			if smsc == 0 {
				try.Fixes = append(try.Fixes, "no SMSC address")
			}
			err := try.decodeTPDU(b, smsc, lenient)
			if err == nil {
				*d = try
				return nil
			}
			if first == nil {
				first = err
				d.Sender = try.Sender // what could be read of a PDU kept raw
			}
		}
	}
	return first
}

// decodeTPDU decodes the TPDU that starts at b[smsc]; lenient allows the
// pre-pass to repair its user data length.
func (d *Decoded) decodeTPDU(b []byte, smsc int, lenient bool) error {
	if smsc > 0 {
		if _, err := pdumode.UnmarshalBinary(b); err != nil {
			return fmt.Errorf("bad SMSC address: %w", err)
		}
	}
	if smsc >= len(b) {
		return errors.New("no TPDU after the SMSC address")
	}
	t := b[smsc:]
	switch t[0] & 0x03 {
	case 0x00:
		return d.decodeMessage(t, tpdu.MT, lenient)
	case 0x01:
		// An SMS-SUBMIT: a draft or sent text kept on the SIM.
		return d.decodeMessage(t, tpdu.MO, lenient)
	case 0x02:
		if err := checkReport(t, lenient); err != nil {
			return err
		}
		d.Kind = KindReport
		return nil
	}
	return fmt.Errorf("reserved message type (first octet %02X)", t[0])
}

// checkReport makes sure t is a status report before the bridge deletes it
// unread: strictly, warthog618/sms decodes it; leniently, its mandatory
// fields (first octet, MR, recipient address, SCTS, discharge time, status;
// 3GPP TS 23.040 9.2.2.3) fit, whatever padding follows.
func checkReport(t []byte, lenient bool) error {
	if len(t) < 3 {
		return errors.New("status report too short for its address")
	}
	if need := 3 + (int(t[2])+1)/2 + 7 + 7 + 1 + 1; len(t) < need {
		return fmt.Errorf("status report needs %d octets, has %d", need, len(t))
	}
	if lenient {
		return nil
	}
	p := &tpdu.TPDU{Direction: tpdu.MT}
	if err := p.UnmarshalBinary(t); err != nil {
		return fmt.Errorf("decode status report: %w", err)
	}
	return nil
}

// decodeMessage lets warthog618/sms decode an SMS-DELIVER (dir MT) or
// SMS-SUBMIT (dir MO), after the pre-pass when lenient. For a submit, Sender
// is the recipient and SCTS is zero.
func (d *Decoded) decodeMessage(t []byte, dir tpdu.Direction, lenient bool) error {
	off, err := udlOffset(t, dir)
	if err != nil {
		return err
	}
	if dir == tpdu.MT {
		var oa tpdu.Address
		if _, err := oa.UnmarshalBinary(t[1:]); err == nil {
			d.Sender = oa.Number()
		}
	}
	if dcs := t[dcsOffset(t, off)]; dcs&0xa0 == 0x20 {
		// General data coding (00xx or 01xx) with bit 5 set: compressed
		// (3GPP TS 23.038 4). The library would read the compressed octets
		// as text, so this is refused on both passes.
		return errors.New("compressed text is not supported")
	}
	if lenient {
		if t, err = repairUDL(t, off, &d.Fixes); err != nil {
			return err
		}
	}
	p := &tpdu.TPDU{Direction: dir}
	if err := p.UnmarshalBinary(t); err != nil {
		return fmt.Errorf("decode %s: %w", p.SmsType(), err)
	}
	d.tp = p
	d.Kind, d.Sender, d.SCTS = KindText, p.OA.Number(), p.SCTS.Time
	if dir == tpdu.MO {
		d.Kind, d.Sender = KindSubmit, p.DA.Number()
	}
	if isPortAddressed(p.UDH) {
		d.Kind = KindPort
		return nil
	}
	d.concat(p.UDH)
	d.Text = joinText([]*tpdu.TPDU{p})
	return nil
}

// concat reads the concatenation element. A 16-bit reference is kept apart
// from an 8-bit one of the same value (Ref gets bit 16), so two texts from
// one sender that happen to share the number are not mixed. An element whose
// part number is 0 or above the count is ignored, as 3GPP TS 23.040
// 9.2.3.24.1 says.
func (d *Decoded) concat(udh tpdu.UserDataHeader) {
	total, seq, ref, ok := udh.ConcatInfo8()
	if !ok {
		if total, seq, ref, ok = udh.ConcatInfo16(); ok {
			ref |= 1 << 16
		}
	}
	if !ok || total < 2 {
		return
	}
	if seq < 1 || seq > total {
		d.Fixes = append(d.Fixes, "ignored a bad concatenation header")
		return
	}
	d.Total, d.Seq, d.Ref = total, seq, ref
}

// udlOffset finds the user data length octet: after the first octet, the
// address, PID, DCS and the timestamp (deliver) or message reference and
// validity period (submit).
func udlOffset(t []byte, dir tpdu.Direction) (int, error) {
	addr := 1
	if dir == tpdu.MO {
		addr = 2 // first octet, MR
	}
	if len(t) <= addr {
		return 0, errors.New("TPDU too short for its address")
	}
	off := addr + 2 + (int(t[addr])+1)/2 + 2 // address, PID, DCS
	if dir == tpdu.MT {
		off += 7 // SCTS
	} else {
		switch (t[0] >> 3) & 0x03 { // validity period format
		case 0x02:
			off++
		case 0x01, 0x03:
			off += 7
		}
	}
	if off >= len(t) {
		return 0, fmt.Errorf("TPDU header needs %d octets, has %d", off+1, len(t))
	}
	return off, nil
}

// repairUDL is the lenient pre-pass, run only on a TPDU the library refused
// as it stood. It makes the user data length at t[off] agree with the data
// present (real PDUs announce more than they carry, or carry FF/00 padding
// after it), drops a trailing half UCS-2 character, and reads a reserved
// coding group as GSM 7-bit (3GPP TS 23.038 4: "any reserved codings shall be
// assumed to be the GSM 7 bit default alphabet"). Each repair leaves a valid
// TPDU unchanged: TestRepairLeavesValidPDUs checks it on every fixture.
func repairUDL(t []byte, off int, fixes *[]string) ([]byte, error) {
	dcsAt := dcsOffset(t, off)
	t = append([]byte(nil), t...)
	alpha, err := tpdu.DCS(t[dcsAt]).Alphabet()
	if err != nil {
		*fixes = append(*fixes, "read a reserved coding group as GSM 7-bit")
		t[dcsAt] = 0x00
	}
	udl, data := int(t[off]), t[off+1:]
	octets := udl
	if alpha == tpdu.Alpha7Bit {
		octets = (udl*7 + 7) / 8
	}
	switch {
	case len(data) < octets:
		*fixes = append(*fixes, "user data shorter than announced")
		udl = len(data)
		if alpha == tpdu.Alpha7Bit {
			udl = len(data) * 8 / 7
		}
	case len(data) > octets:
		*fixes = append(*fixes, "dropped padding after the user data")
	}
	if alpha == tpdu.AlphaUCS2 {
		// The characters follow the header (UDHL and its elements), so it is
		// their length that must be even, not the UDL: a 16-bit reference
		// makes a 7-octet header and a valid odd UDL.
		hdr := 0
		if t[0]&0x40 != 0 && udl > 0 && len(data) > 0 {
			hdr = 1 + int(data[0])
		}
		if udl > hdr && (udl-hdr)%2 == 1 {
			*fixes = append(*fixes, "dropped half a UCS-2 character")
			udl--
		}
	}
	keep := udl
	if alpha == tpdu.Alpha7Bit {
		keep = (udl*7 + 7) / 8
	}
	t[off] = byte(udl)
	return t[:off+1+keep], nil
}

// dcsOffset finds the DCS octet of the TPDU whose UDL is at off.
func dcsOffset(t []byte, udlAt int) int {
	if t[0]&0x03 == 0x00 {
		return udlAt - 8 // DCS, then the 7-octet SCTS
	}
	switch (t[0] >> 3) & 0x03 {
	case 0x02:
		return udlAt - 2
	case 0x01, 0x03:
		return udlAt - 8
	}
	return udlAt - 1
}

// isPortAddressed reports an application port header (IE 4 or 5): WAP push,
// MMS notifications, vCards. Those are for a phone's software, not a person.
func isPortAddressed(udh tpdu.UserDataHeader) bool {
	_, p8 := udh.IE(0x04)
	_, p16 := udh.IE(0x05)
	return p8 || p16
}

// National language information elements (3GPP TS 23.040 9.2.3.24.15-16).
// warthog618/sms v0.3.0 looks for them under 24 and 25 decimal instead of hex
// 0x24 and 0x25, so the bridge reads them itself.
const (
	ieSingleShift  = 0x24
	ieLockingShift = 0x25
)

// languageTables returns the GSM 7-bit tables a part's header asks for.
func languageTables(udh tpdu.UserDataHeader) []gsm7.DecoderOption {
	var opts []gsm7.DecoderOption
	if ie, ok := udh.IE(ieLockingShift); ok && len(ie.Data) == 1 {
		opts = append(opts, gsm7.WithCharset(int(ie.Data[0])))
	}
	if ie, ok := udh.IE(ieSingleShift); ok && len(ie.Data) == 1 {
		opts = append(opts, gsm7.WithExtCharset(int(ie.Data[0])))
	}
	return opts
}

// The charset package builds a few tables lazily on first use, without
// locking; building them all here keeps concurrent decoders race-free.
func init() {
	charset.DefaultDecoder()
	charset.DefaultEncoder()
	charset.DefaultExtEncoder()
	for nli := charset.Start; nli < charset.End; nli++ {
		charset.NewDecoder(nli)
		charset.NewEncoder(nli)
		charset.NewExtEncoder(nli)
	}
}

// Join returns the text of the consecutive parts ds, in the order given:
// UCS-2 is decoded across part boundaries, so an emoji split between two
// parts comes back whole. A part that did not decode adds nothing.
func Join(ds []Decoded) string {
	var tps []*tpdu.TPDU
	for _, d := range ds {
		if d.tp != nil {
			tps = append(tps, d.tp)
		}
	}
	return joinText(tps)
}

// joinText returns the text of consecutive parts. UCS-2 is decoded across
// part boundaries, so an emoji split between two parts comes back whole; an
// unpaired surrogate becomes U+FFFD instead of an error. 8-bit data is kept
// as raw bytes.
func joinText(parts []*tpdu.TPDU) string {
	var sb strings.Builder
	var units []uint16
	flush := func() {
		sb.WriteString(string(utf16.Decode(units)))
		units = units[:0]
	}
	for _, p := range parts {
		alpha, _ := p.Alphabet()
		if alpha != tpdu.AlphaUCS2 {
			flush()
		}
		switch alpha {
		case tpdu.AlphaUCS2:
			for i := 0; i+1 < len(p.UD); i += 2 {
				units = append(units, uint16(p.UD[i])<<8|uint16(p.UD[i+1]))
			}
		case tpdu.Alpha8Bit:
			sb.Write(p.UD)
		default:
			s, err := gsm7.Decode(p.UD, languageTables(p.UDH)...)
			if err != nil {
				s = []byte(strings.Repeat("\uFFFD", len(p.UD)))
			}
			sb.Write(s)
		}
	}
	flush()
	return sb.String()
}
