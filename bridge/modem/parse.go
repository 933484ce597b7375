package modem

import (
	"errors"
	"strconv"
	"strings"
)

// errNoInfo reports a reply that lacks the expected info line.
var errNoInfo = errors.New("no information in the reply")

// fields splits a comma-separated AT parameter list, keeping commas inside
// quotes and parentheses, and trims spaces and quotes from each field.
func fields(s string) []string {
	var out []string
	depth, quoted, start := 0, false, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '(':
			depth++
		case c == ')':
			if depth > 0 {
				depth--
			}
		case c == ',' && depth == 0:
			out = append(out, unquote(s[start:i]))
			start = i + 1
		}
	}
	return append(out, unquote(s[start:]))
}

// unquote trims spaces and one pair of double quotes.
func unquote(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		s = s[1 : len(s)-1]
	}
	return s
}

// after returns what follows prefix in the first line that has it.
func after(lines []string, prefix string) (string, bool) {
	for _, l := range lines {
		if v, ok := strings.CutPrefix(l, prefix); ok {
			return strings.TrimSpace(v), true
		}
	}
	return "", false
}

// parseStorageLists reads AT+CPMS=? into one list of storages per parameter
// (read/delete, write/send, receive). A bare "+CPMS:" gives no lists.
func parseStorageLists(lines []string) ([][]string, error) {
	v, ok := after(lines, "+CPMS:")
	if !ok {
		return nil, errNoInfo
	}
	var lists [][]string
	for _, group := range fields(v) {
		group = strings.TrimSpace(group)
		if group == "" {
			continue
		}
		group = strings.TrimSuffix(strings.TrimPrefix(group, "("), ")")
		var list []string
		for _, m := range fields(group) {
			if m != "" {
				list = append(list, m)
			}
		}
		lists = append(lists, list)
	}
	return lists, nil
}

// storageUse is one storage's fill.
type storageUse struct {
	Mem   string
	Used  int
	Total int
}

// parseStorageUse reads the first storage's fill from AT+CPMS? ("SM",3,30,...)
// or from the answer to setting it (3,30,3,30,3,30, memory names absent).
func parseStorageUse(lines []string) (storageUse, error) {
	v, ok := after(lines, "+CPMS:")
	if !ok {
		return storageUse{}, errNoInfo
	}
	f := fields(v)
	var u storageUse
	if len(f) > 0 {
		if _, err := strconv.Atoi(f[0]); err != nil {
			u.Mem, f = f[0], f[1:]
		}
	}
	if len(f) < 2 {
		return storageUse{}, errors.New("storage use: too few fields in " + strconv.Quote(v))
	}
	used, err1 := strconv.Atoi(f[0])
	total, err2 := strconv.Atoi(f[1])
	if err1 != nil || err2 != nil {
		return storageUse{}, errors.New("storage use: not numbers in " + strconv.Quote(v))
	}
	u.Used, u.Total = used, total
	return u, nil
}

// parseRanges reads an answer such as "+CNMI: (0-2),(0,1,3),(0),(0,1),(0,1)"
// into the set of values allowed for each parameter.
func parseRanges(lines []string, prefix string) ([][]int, error) {
	v, ok := after(lines, prefix)
	if !ok {
		return nil, errNoInfo
	}
	var out [][]int
	for _, group := range fields(v) {
		group = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(group), "("), ")")
		var vals []int
		for _, r := range strings.Split(group, ",") {
			lo, hi, isRange := strings.Cut(strings.TrimSpace(r), "-")
			a, err := strconv.Atoi(strings.TrimSpace(lo))
			if err != nil {
				continue
			}
			b := a
			if isRange {
				if b, err = strconv.Atoi(strings.TrimSpace(hi)); err != nil || b < a || b-a > 255 {
					continue
				}
			}
			for x := a; x <= b; x++ {
				vals = append(vals, x)
			}
		}
		out = append(out, vals)
	}
	return out, nil
}

// Registration states of +CREG (3GPP TS 27.007).
const (
	regNotSearching = 0
	regHome         = 1
	regSearching    = 2
	regDenied       = 3
	regUnknown      = 4
	regRoaming      = 5
)

// parseCREG reads the registration state from AT+CREG?: "n,stat[,lac,ci[,act]]"
// with the location quoted or not (Huawei). It fails when there is no answer.
func parseCREG(lines []string) (int, error) {
	v, ok := after(lines, "+CREG:")
	if !ok {
		return regUnknown, errNoInfo
	}
	f := fields(v)
	if len(f) < 2 {
		return regUnknown, errors.New("registration: too few fields in " + strconv.Quote(v))
	}
	stat, err := strconv.Atoi(f[1])
	if err != nil || stat < 0 || stat > 10 {
		return regUnknown, errors.New("registration: bad state in " + strconv.Quote(v))
	}
	return stat, nil
}

// registrationText describes a +CREG state for a speaker.
func registrationText(stat int) string {
	switch stat {
	case regHome:
		return "registered (home)"
	case regRoaming:
		return "registered (roaming)"
	case regSearching:
		return "searching"
	case regDenied:
		return "registration denied"
	case regNotSearching:
		return "not registered"
	}
	return "unknown"
}

// parseCSQ reads the signal (rssi 0-31, 99 = unknown) from AT+CSQ.
func parseCSQ(lines []string) (int, error) {
	v, ok := after(lines, "+CSQ:")
	if !ok {
		return 99, errNoInfo
	}
	n, err := strconv.Atoi(fields(v)[0])
	if err != nil || n < 0 || (n > 31 && n != 99) {
		return 99, errors.New("signal: bad value " + strconv.Quote(v))
	}
	return n, nil
}

// parseCOPS reads the operator name from AT+COPS? ("" when not registered).
func parseCOPS(lines []string) string {
	v, ok := after(lines, "+COPS:")
	if !ok {
		return ""
	}
	if f := fields(v); len(f) >= 3 {
		return f[2]
	}
	return ""
}

// parseCPIN reads the SIM state from AT+CPIN? ("READY", "SIM PIN", ...).
func parseCPIN(lines []string) (string, error) {
	v, ok := after(lines, "+CPIN:")
	if !ok {
		return "", errNoInfo
	}
	return strings.ToUpper(unquote(v)), nil
}

// parseCMTI reads the storage and index of a +CMTI notification.
func parseCMTI(line string) (mem string, index int, err error) {
	v, _ := strings.CutPrefix(line, "+CMTI:")
	f := fields(v)
	if len(f) < 2 {
		return "", 0, errors.New("bad +CMTI: " + strconv.Quote(line))
	}
	index, err = strconv.Atoi(f[1])
	if err != nil || index < 0 {
		return "", 0, errors.New("bad +CMTI index: " + strconv.Quote(line))
	}
	return f[0], index, nil
}

// stored is one message listed by AT+CMGL or read by AT+CMGR in PDU mode.
type stored struct {
	Index  int
	Stat   int    // 0 unread, 1 read, 2 unsent, 3 sent
	Length int    // TPDU octets as the modem counts them; -1 unknown
	PDU    string // as received
}

// parseList pairs each "+CMGL: index,stat,[alpha],length" header with the PDU
// line after it. A header without a PDU line is skipped; stray lines are ignored.
func parseList(lines []string) []stored {
	var out []stored
	for i := 0; i < len(lines); i++ {
		v, ok := strings.CutPrefix(lines[i], "+CMGL:")
		if !ok {
			continue
		}
		f := fields(v)
		if len(f) < 2 || i+1 >= len(lines) || strings.HasPrefix(lines[i+1], "+CMGL:") {
			continue
		}
		idx, err1 := strconv.Atoi(f[0])
		stat, err2 := strconv.Atoi(f[1])
		if err1 != nil || err2 != nil || idx < 0 {
			continue
		}
		i++
		out = append(out, stored{Index: idx, Stat: stat, Length: lastInt(f[2:]), PDU: lines[i]})
	}
	return out
}

// parseRead reads "+CMGR: stat,[alpha],length" and the PDU line after it.
// It fails with errNoInfo for an empty slot.
func parseRead(lines []string, index int) (stored, error) {
	for i, l := range lines {
		v, ok := strings.CutPrefix(l, "+CMGR:")
		if !ok {
			continue
		}
		f := fields(v)
		stat, err := strconv.Atoi(f[0])
		if f[0] == "" {
			stat = -1 // some modems leave the status out
		} else if err != nil {
			return stored{}, errors.New("bad +CMGR header: " + strconv.Quote(l))
		}
		if i+1 >= len(lines) {
			return stored{}, errors.New("+CMGR without a PDU line")
		}
		return stored{Index: index, Stat: stat, Length: lastInt(f[1:]), PDU: lines[i+1]}, nil
	}
	return stored{}, errNoInfo
}

// lastInt returns the last field as a number, or -1.
func lastInt(f []string) int {
	if len(f) == 0 {
		return -1
	}
	n, err := strconv.Atoi(f[len(f)-1])
	if err != nil {
		return -1
	}
	return n
}
