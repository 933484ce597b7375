package android

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// delivery is one copy of a text as the phone handed it over, by the inbox or
// by a webhook, before it has a provider id.
type delivery struct {
	Sender  string
	Text    string
	SIM     int       // 1-based SIM slot; 0 when the phone did not say
	Stamp   time.Time // the app's createdAt / receivedAt
	Arrived time.Time // when the laptop read it (laptop clock)
	Via     string    // "inbox" or "webhook"
}

// phoneStamped tells the two kinds of time stamp apart. The app's main
// receive path (the SMS_RECEIVED broadcast) stamps a text with the network's
// SMSC time stamp, which has whole seconds; its fallback path (a content
// observer on the SMS inbox, on by default) stamps it with the phone's clock
// when the row was written, which has milliseconds. So a stamp with
// milliseconds came from the phone's clock (one in a thousand phone-clock
// stamps falls on a whole second and is taken for a network one: that text
// may then be stored twice, never counted twice).
func phoneStamped(t time.Time) bool { return t.UnixMilli()%1000 != 0 }

// Tolerances for pairing a phone-stamped copy with its network-stamped twin:
// the phone writes its row after the network stamped the text, so the
// phone's stamp (on the laptop's clock) lies in [network - pairBefore,
// network + pairAfter]. pairBefore absorbs a network clock that runs fast and
// the skew estimate's error; pairAfter a text the network delivered late.
const (
	pairBefore = 2 * time.Minute
	pairAfter  = 10 * time.Minute
)

// idPrefix marks provider ids of this scheme (version 1).
const idPrefix = "an1-"

// identifier gives every delivery its provider id (doc.go explains why):
//   - the id of a delivery is a keyed hash of its sender, SIM, text and exact
//     time stamp, so a webhook retry, the same event sent twice, and the same
//     inbox row read again all get the same id; two texts a second apart get two;
//   - a copy stamped by the phone's clock is paired with the network-stamped
//     copy of the same text (same sender, SIM and text, stamps close once the
//     phone's measured clock skew is taken off) and takes its twin's id,
//     whichever arrived first; the closest unpaired twin wins.
//
// Decisions are kept (State.SavePairs) before the texts go to the engine, so
// a restart repeats them. Not safe for concurrent use: the ingest loop owns it.
type identifier struct {
	secret    []byte
	byExact   map[string]*entry
	byContent map[string][]*entry
}

type entry struct {
	Pair
	paired bool
}

func newIdentifier(secret []byte, saved []Pair) *identifier {
	id := &identifier{secret: secret, byExact: map[string]*entry{}, byContent: map[string][]*entry{}}
	uses := map[string]int{}
	for _, p := range saved {
		uses[p.ID]++
	}
	for _, p := range saved {
		id.add(&entry{Pair: p, paired: uses[p.ID] > 1})
	}
	return id
}

func (id *identifier) add(e *entry) {
	id.byExact[e.Exact] = e
	id.byContent[e.Content] = append(id.byContent[e.Content], e)
}

// assign returns d's provider id, its stamp on the laptop's clock, and the
// Pair to save when this is the first time d is seen (else nil). skew is the
// phone's clock minus the laptop's.
func (id *identifier) assign(d delivery, skew time.Duration) (string, time.Time, *Pair) {
	content := id.mac("content", normalizeSender(d.Sender), strconv.Itoa(d.SIM), d.Text)
	ms := d.Stamp.UnixMilli()
	exact := id.mac("exact", content, strconv.FormatInt(ms, 10))
	if e := id.byExact[exact]; e != nil {
		return e.ID, e.At, nil
	}
	phone := phoneStamped(d.Stamp)
	at := time.UnixMilli(ms)
	if phone {
		at = at.Add(-skew)
	}
	e := &entry{Pair: Pair{Exact: exact, Content: content, Phone: phone, At: at, ID: idPrefix + exact[:32]}}
	if twin := id.twin(e); twin != nil {
		e.ID, e.paired, twin.paired = twin.ID, true, true
	}
	id.add(e)
	p := e.Pair
	return e.ID, at, &p
}

// twin finds the unpaired copy of e's text with the other kind of stamp, the
// closest in time within the pairing window.
func (id *identifier) twin(e *entry) *entry {
	var best *entry
	var bestGap time.Duration
	for _, c := range id.byContent[e.Content] {
		if c.paired || c.Phone == e.Phone {
			continue
		}
		gap := e.At.Sub(c.At) // phone minus network
		if !e.Phone {
			gap = -gap
		}
		if gap < -pairBefore || gap > pairAfter {
			continue
		}
		if gap < 0 {
			gap = -gap
		}
		if best == nil || gap < bestGap {
			best, bestGap = c, gap
		}
	}
	return best
}

// forget drops entries stamped before t.
func (id *identifier) forget(t time.Time) {
	for k, list := range id.byContent {
		kept := list[:0]
		for _, e := range list {
			if e.At.Before(t) {
				delete(id.byExact, e.Exact)
				continue
			}
			kept = append(kept, e)
		}
		if len(kept) == 0 {
			delete(id.byContent, k)
		} else {
			id.byContent[k] = kept
		}
	}
}

// mac is the hex HMAC-SHA256 of the length-prefixed parts under the secret.
func (id *identifier) mac(parts ...string) string {
	h := hmac.New(sha256.New, id.secret)
	var n [8]byte
	for _, p := range parts {
		binary.BigEndian.PutUint64(n[:], uint64(len(p)))
		h.Write(n[:])
		h.Write([]byte(p))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// normalizeSender makes the two receive paths' spellings of one number equal:
// a number keeps its leading + and its digits; anything else (an
// alphanumeric sender) is trimmed and folded to lower case.
func normalizeSender(s string) string {
	s = strings.TrimSpace(s)
	var b strings.Builder
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0:
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '(' || r == ')' || r == '.':
		default:
			return strings.ToLower(s)
		}
	}
	return b.String()
}
