package modem

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// textMessage is a message read in text mode (AT+CMGF=1). The bridge works in
// PDU mode; text mode is parsed for the probe and for modems stuck in it.
type textMessage struct {
	Stat   string // "REC UNREAD", "REC READ", ...
	Sender string
	Time   time.Time // zero when absent or unreadable
	Text   string
}

// parseReadText reads a text-mode "+CMGR: stat,oa,[alpha,]scts" header and
// the text lines after it. It fails when there is no header.
func parseReadText(lines []string) (textMessage, error) {
	for i, l := range lines {
		v, ok := strings.CutPrefix(l, "+CMGR:")
		if !ok {
			continue
		}
		f := fields(v)
		if len(f) < 2 {
			return textMessage{}, errors.New("bad text-mode +CMGR header: " + strconv.Quote(l))
		}
		m := textMessage{Stat: f[0], Sender: f[1], Text: strings.Join(lines[i+1:], "\n")}
		// The timestamp is the last field, split by its own comma: "date,time".
		if len(f) >= 4 {
			m.Time, _ = parseTextTime(f[len(f)-2] + "," + f[len(f)-1])
		}
		if m.Time.IsZero() && len(f) >= 3 {
			m.Time, _ = parseTextTime(f[len(f)-1])
		}
		return m, nil
	}
	return textMessage{}, errNoInfo
}

// parseTextTime reads "yy/MM/dd,hh:mm:ss±zz" (zz in quarter hours) and the
// Motorola form "yyyy/M/d,hh:mm:ss". It fails on anything else.
func parseTextTime(s string) (time.Time, error) {
	s = unquote(s)
	date, clock, ok := strings.Cut(s, ",")
	if !ok {
		return time.Time{}, fmt.Errorf("no time in %q", s)
	}
	d := strings.Split(date, "/")
	if len(d) != 3 {
		return time.Time{}, fmt.Errorf("bad date in %q", s)
	}
	loc := time.UTC
	if i := strings.IndexAny(clock, "+-"); i > 0 {
		q, err := strconv.Atoi(clock[i:])
		if err != nil || q < -96 || q > 96 {
			return time.Time{}, fmt.Errorf("bad zone in %q", s)
		}
		loc = time.FixedZone("SCTS", q*15*60)
		clock = clock[:i]
	}
	c := strings.Split(clock, ":")
	if len(c) != 3 {
		return time.Time{}, fmt.Errorf("bad clock in %q", s)
	}
	var n [6]int
	for i, part := range append(d, c...) {
		v, err := strconv.Atoi(strings.TrimSpace(part))
		if err != nil {
			return time.Time{}, fmt.Errorf("bad number in %q", s)
		}
		n[i] = v
	}
	if n[0] < 100 {
		n[0] += 2000
	}
	t := time.Date(n[0], time.Month(n[1]), n[2], n[3], n[4], n[5], 0, loc)
	if t.Month() != time.Month(n[1]) || t.Day() != n[2] || n[3] > 23 || n[4] > 59 || n[5] > 60 {
		return time.Time{}, fmt.Errorf("impossible date in %q", s)
	}
	return t, nil
}
