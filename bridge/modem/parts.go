package modem

import (
	"context"
	"sync"
	"time"

	"forkcast/bridge/modem/pdu"
)

// PartsStore keeps the parts of concatenated texts across restarts. The bridge
// deletes a part from the SIM as soon as Add has returned, so an implementation
// must have committed the part durably by then. OpenPartsStore gives one backed
// by SQLite; NewMemoryPartsStore one that forgets on exit.
type PartsStore interface {
	// Add stores p. When a part with p.Hash is already stored it changes
	// nothing and returns that part. It fails when the store cannot commit.
	Add(ctx context.Context, p pdu.Part) (existing *pdu.Part, err error)
	// Pending returns every part not yet delivered. It fails when the store cannot be read.
	Pending(ctx context.Context) ([]pdu.Part, error)
	// LastDelivered returns when a part of group was last delivered (zero: never,
	// or forgotten). It fails when the store cannot be read.
	LastDelivered(ctx context.Context, group string) (time.Time, error)
	// MarkDelivered records the parts with these hashes as delivered at t. It
	// fails when the store cannot commit.
	MarkDelivered(ctx context.Context, hashes []string, at time.Time) error
	// Purge forgets parts delivered before t. It fails when the store cannot commit.
	Purge(ctx context.Context, before time.Time) error
}

// memoryParts is a PartsStore that forgets on exit. With it the bridge leaves
// parts on the SIM until their text is delivered, so a restart reads them again.
type memoryParts struct {
	mu    sync.Mutex
	parts map[string]pdu.Part
}

// NewMemoryPartsStore returns a PartsStore held in memory; it never fails.
func NewMemoryPartsStore() PartsStore {
	return &memoryParts{parts: map[string]pdu.Part{}}
}

func (m *memoryParts) Add(_ context.Context, p pdu.Part) (*pdu.Part, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if old, ok := m.parts[p.Hash]; ok {
		return &old, nil
	}
	m.parts[p.Hash] = p
	return nil, nil
}

func (m *memoryParts) Pending(context.Context) ([]pdu.Part, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []pdu.Part
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
