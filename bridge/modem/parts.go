package modem

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/warthog618/sms/encoding/tpdu"
)

// Part is one part of a concatenated text, kept until its text is handed to
// the engine, then kept a while longer (delivered) so a stale copy re-read from
// the SIM is recognised instead of starting a new text.
type Part struct {
	Hash      string    // pduHash(PDU): the key
	Group     string    // sender, reference and part count: the parts of one text share it
	Seq       int       // 1-based
	Total     int       // parts in the text
	PDU       string    // the raw PDU as read
	Length    int       // the TPDU length the modem announced, -1 unknown
	Seen      time.Time // when the bridge stored it
	Delivered time.Time // zero while pending
}

// PartsStore keeps the parts of concatenated texts across restarts. The bridge
// deletes a part from the SIM as soon as Add has returned, so an implementation
// must have committed the part durably by then. OpenPartsStore gives one backed
// by SQLite; NewMemoryPartsStore one that forgets on exit.
type PartsStore interface {
	// Add stores p. When a part with p.Hash is already stored it changes
	// nothing and returns that part. It fails when the store cannot commit.
	Add(ctx context.Context, p Part) (existing *Part, err error)
	// Pending returns every part not yet delivered. It fails when the store cannot be read.
	Pending(ctx context.Context) ([]Part, error)
	// LastDelivered returns when a part of group was last delivered (zero: never,
	// or forgotten). It fails when the store cannot be read.
	LastDelivered(ctx context.Context, group string) (time.Time, error)
	// MarkDelivered records the parts with these hashes as delivered at t. It
	// fails when the store cannot commit.
	MarkDelivered(ctx context.Context, hashes []string, at time.Time) error
	// Purge forgets parts delivered before t. It fails when the store cannot commit.
	Purge(ctx context.Context, before time.Time) error
}

// groupKey names the text a part belongs to.
func groupKey(sender string, ref, total int) string {
	return fmt.Sprintf("%s|%d|%d", sender, ref, total)
}

// lateWindow is how long after a text was delivered (partial, after its
// timeout) a straggling part of it is handed over at once, on its own.
const lateWindow = time.Hour

// assembled is a text put together from stored parts.
type assembled struct {
	Sender     string
	Text       string
	PDU        string    // the parts' PDUs in order, space-separated
	ProviderID string    // sha256 of the parts' PDUs in order
	SCTS       time.Time // the newest part's timestamp
	Partial    bool
	Hashes     []string // every stored part it used up (duplicates included)
}

// assemble returns the texts ready among pending parts: complete ones, ones
// whose first part is older than timeout (delivered partial), and stragglers
// of a text delivered within lateWindow. last reports a group's last delivery.
func assemble(pending []Part, now time.Time, timeout time.Duration, last func(group string) time.Time) []assembled {
	groups := map[string][]Part{}
	for _, p := range pending {
		groups[p.Group] = append(groups[p.Group], p)
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []assembled
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
		straggler := !complete && now.Sub(last(k)) < lateWindow
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
func build(parts []Part, partial bool) assembled {
	a := assembled{Partial: partial}
	var tps []*tpdu.TPDU
	var raws []string
	h := sha256.New()
	for _, p := range parts {
		d := decodePDU(p.PDU, p.Length)
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
	a.Text = decodeText(tps)
	a.PDU = strings.Join(raws, " ")
	a.ProviderID = hex.EncodeToString(h.Sum(nil))
	return a
}

// memoryParts is a PartsStore that forgets on exit. With it the bridge leaves
// parts on the SIM until their text is delivered, so a restart reads them again.
type memoryParts struct {
	mu    sync.Mutex
	parts map[string]Part
}

// NewMemoryPartsStore returns a PartsStore held in memory; it never fails.
func NewMemoryPartsStore() PartsStore {
	return &memoryParts{parts: map[string]Part{}}
}

func (m *memoryParts) Add(_ context.Context, p Part) (*Part, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if old, ok := m.parts[p.Hash]; ok {
		return &old, nil
	}
	m.parts[p.Hash] = p
	return nil, nil
}

func (m *memoryParts) Pending(context.Context) ([]Part, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Part
	for _, p := range m.parts {
		if p.Delivered.IsZero() {
			out = append(out, p)
		}
	}
	return out, nil
}

func (m *memoryParts) LastDelivered(_ context.Context, group string) (time.Time, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var last time.Time
	for _, p := range m.parts {
		if p.Group == group && p.Delivered.After(last) {
			last = p.Delivered
		}
	}
	return last, nil
}

func (m *memoryParts) MarkDelivered(_ context.Context, hashes []string, at time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, h := range hashes {
		if p, ok := m.parts[h]; ok {
			p.Delivered = at
			m.parts[h] = p
		}
	}
	return nil
}

func (m *memoryParts) Purge(_ context.Context, before time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for h, p := range m.parts {
		if !p.Delivered.IsZero() && p.Delivered.Before(before) {
			delete(m.parts, h)
		}
	}
	return nil
}
