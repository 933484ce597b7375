package pdu

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/warthog618/sms/encoding/tpdu"
)

// Part is one part of a concatenated text, kept until its text is handed to
// the engine, then kept a while longer (delivered) so a stale copy re-read from
// the SIM is recognised instead of starting a new text.
type Part struct {
	Hash      string    // Hash(PDU): the key
	Group     string    // sender, reference and part count: the parts of one text share it
	Seq       int       // 1-based
	Total     int       // parts in the text
	PDU       string    // the raw PDU as read
	Length    int       // the TPDU length the modem announced, -1 unknown
	Seen      time.Time // when the bridge stored it
	Delivered time.Time // zero while pending
}

// GroupKey names the text a part belongs to.
func GroupKey(sender string, ref, total int) string {
	return fmt.Sprintf("%s|%d|%d", sender, ref, total)
}

// LateWindow is how long after a text was delivered (partial, after its
// timeout) a straggling part of it is handed over at once, on its own.
const LateWindow = time.Hour

// Assembled is a text put together from stored parts.
type Assembled struct {
	Sender     string
	Text       string
	PDU        string    // the parts' PDUs in order, space-separated
	ProviderID string    // sha256 of the parts' PDUs in order
	SCTS       time.Time // the newest part's timestamp
	Partial    bool
	Hashes     []string // every stored part it used up (duplicates included)
}

// Assemble returns the texts ready among pending parts: complete ones, ones
// whose first part is older than timeout (delivered partial), and stragglers
// of a text delivered within LateWindow. last reports a group's last delivery.
func Assemble(pending []Part, now time.Time, timeout time.Duration, last func(group string) time.Time) []Assembled {
	groups := map[string][]Part{}
	for _, p := range pending {
		groups[p.Group] = append(groups[p.Group], p)
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []Assembled
	for _, k := range keys {
		parts := groups[k]
		sort.Slice(parts, func(i, j int) bool {
			if parts[i].Seq != parts[j].Seq {
				return parts[i].Seq < parts[j].Seq
			}
			return parts[i].Seen.Before(parts[j].Seen)
		})
		var uniq []Part
		oldest := parts[0].Seen
		for i, p := range parts {
			if i == 0 || p.Seq != parts[i-1].Seq {
				uniq = append(uniq, p)
			}
			if p.Seen.Before(oldest) {
				oldest = p.Seen
			}
		}
		complete := len(uniq) == uniq[0].Total
		straggler := !complete && now.Sub(last(k)) < LateWindow
		if !complete && !straggler && now.Sub(oldest) < timeout {
			continue
		}
		a := build(uniq, !complete)
		for _, p := range parts {
			a.Hashes = append(a.Hashes, p.Hash)
		}
		out = append(out, a)
	}
	return out
}

// build decodes ordered parts into one text.
func build(parts []Part, partial bool) Assembled {
	a := Assembled{Partial: partial}
	var tps []*tpdu.TPDU
	var raws []string
	h := sha256.New()
	for _, p := range parts {
		d := Decode(p.PDU, p.Length)
		raw := strings.ToUpper(strings.TrimSpace(p.PDU))
		raws = append(raws, raw)
		h.Write([]byte(raw))
		if d.tp != nil {
			tps = append(tps, d.tp)
		}
		if a.Sender == "" {
			a.Sender = d.Sender
		}
		if d.SCTS.After(a.SCTS) {
			a.SCTS = d.SCTS
		}
	}
	a.Text = joinText(tps)
	a.PDU = strings.Join(raws, " ")
	a.ProviderID = hex.EncodeToString(h.Sum(nil))
	return a
}
