package sim

import (
	"strconv"
	"time"

	"forkcast/app/vote"
)

// pollRun is one poll's texts still to send.
type pollRun struct {
	idPrefix  string // ProviderID is idPrefix + the text's seq
	keep      bool   // on close, still send the in-window texts (replay)
	info      vote.PollInfo
	ordinal   uint64
	texts     []planned // in-window texts, then late ones
	i         int       // next in-window text
	firstLate int
	j         int // next late text
	gen       *loadGen
	closed    bool
	closeAt   time.Time
}

// next returns when the next text is due.
func (r *pollRun) next() (time.Time, bool) {
	if r.closed && r.keep && r.i < r.firstLate {
		return r.info.OpenedAt.Add(r.texts[r.i].at), true
	}
	if r.closed {
		if r.j < len(r.texts) {
			return r.closeAt.Add(r.texts[r.j].at), true
		}
		return time.Time{}, false
	}
	if r.gen != nil {
		at, ok := r.gen.peek()
		return r.info.OpenedAt.Add(at), ok
	}
	if r.i < r.firstLate {
		return r.info.OpenedAt.Add(r.texts[r.i].at), true
	}
	return time.Time{}, false
}

// pop returns the next text as a message; call only after next says ok.
func (r *pollRun) pop(source string) vote.Message {
	var t planned
	base := r.info.OpenedAt
	switch {
	case r.closed && r.keep && r.i < r.firstLate:
		t = r.texts[r.i]
		r.i++
	case r.closed:
		t, base = r.texts[r.j], r.closeAt
		r.j++
	case r.gen != nil:
		t = r.gen.next()
	default:
		t = r.texts[r.i]
		r.i++
	}
	return vote.Message{
		Source:     source,
		ProviderID: r.idPrefix + strconv.Itoa(t.seq),
		Sender:     Phone(t.phone),
		Text:       t.text,
		ReceivedAt: base.Add(t.at),
	}
}

// close stops the in-window texts (those voters did not make it) and starts
// the late ones from now.
func (r *pollRun) close(now time.Time) {
	r.closed, r.closeAt = true, now
}

// meter counts texts per second over the last five seconds.
type meter struct {
	sec   [5]int64
	count [5]int
}

func (m *meter) add(now time.Time, n int) {
	s := now.Unix()
	i := int(s % 5)
	if m.sec[i] != s {
		m.sec[i], m.count[i] = s, 0
	}
	m.count[i] += n
}

func (m *meter) rate(now time.Time) float64 {
	s, total := now.Unix(), 0
	for i := range m.sec {
		if s-m.sec[i] < 5 {
			total += m.count[i]
		}
	}
	return float64(total) / 5
}

// setTexts sets the run's texts: in-window ones first, then late ones.
func (r *pollRun) setTexts(texts []planned) {
	r.texts, r.firstLate = texts, len(texts)
	for i, t := range texts {
		if t.late {
			r.firstLate = i
			break
		}
	}
	r.j = r.firstLate
}
