package modem

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"forkcast/bridge/modem/pdu"
)

// TestPartsStores runs the same checks against both PartsStore implementations.
func TestPartsStores(t *testing.T) {
	stores := map[string]func(t *testing.T) PartsStore{
		"memory": func(*testing.T) PartsStore { return NewMemoryPartsStore() },
		"sqlite": func(t *testing.T) PartsStore {
			s, err := OpenPartsStore(filepath.Join(t.TempDir(), "parts.db"))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return s
		},
	}
	for name, open := range stores {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t)
			t0 := time.UnixMilli(1_700_000_000_000)
			p1 := pdu.Part{Hash: "h1", Group: "g", Seq: 1, Total: 2, PDU: "AA", Length: 1, Seen: t0}
			p2 := pdu.Part{Hash: "h2", Group: "g", Seq: 2, Total: 2, PDU: "BB", Length: 1, Seen: t0}
			if old, err := s.Add(ctx, p1); old != nil || err != nil {
				t.Fatalf("Add new = %v,%v, want nil,nil", old, err)
			}
			if old, err := s.Add(ctx, p1); old == nil || err != nil || old.PDU != "AA" {
				t.Fatalf("Add again = %+v,%v, want the stored part", old, err)
			}
			s.Add(ctx, p2)
			pend, err := s.Pending(ctx)
			if err != nil || len(pend) != 2 {
				t.Fatalf("Pending = %d parts,%v, want 2", len(pend), err)
			}
			if last, _ := s.LastDelivered(ctx, "g"); !last.IsZero() {
				t.Errorf("LastDelivered before delivery = %v, want zero", last)
			}
			t1 := t0.Add(time.Minute)
			if err := s.MarkDelivered(ctx, []string{"h1", "h2"}, t1); err != nil {
				t.Fatal(err)
			}
			if pend, _ := s.Pending(ctx); len(pend) != 0 {
				t.Errorf("Pending after delivery = %d, want 0", len(pend))
			}
			if last, _ := s.LastDelivered(ctx, "g"); !last.Equal(t1) {
				t.Errorf("LastDelivered = %v, want %v", last, t1)
			}
			old, _ := s.Add(ctx, p1)
			if old == nil || !old.Delivered.Equal(t1) {
				t.Errorf("a delivered part re-read = %+v, want it known as delivered", old)
			}
			if err := s.Purge(ctx, t1.Add(time.Second)); err != nil {
				t.Fatal(err)
			}
			if old, _ := s.Add(ctx, p1); old != nil {
				t.Errorf("after purge the part is still known")
			}
		})
	}
}

// TestPartsStoreSurvivesReopen: the partial state lives in the file.
func TestPartsStoreSurvivesReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "parts.db")
	s, err := OpenPartsStore(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Add(ctx, pdu.Part{Hash: "h1", Group: "g", Seq: 1, Total: 3, PDU: "AA", Length: -1, Seen: time.Now()})
	if err := s.SetOptOut(ctx, "+44 7700 900123", true, time.Now()); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = OpenPartsStore(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	pend, err := s.Pending(ctx)
	if err != nil || len(pend) != 1 || pend[0].Total != 3 || pend[0].Length != -1 {
		t.Fatalf("Pending after reopen = %+v,%v, want the one part", pend, err)
	}
	if out, err := s.OptedOut(ctx, "+447700900123"); !out || err != nil {
		t.Errorf("OptedOut after reopen = %v,%v, want true", out, err)
	}
	var mode string
	s.db.QueryRow("PRAGMA journal_mode").Scan(&mode)
	if mode != "wal" {
		t.Errorf("journal_mode=%q, want wal", mode)
	}
}

func TestOpenPartsStoreFails(t *testing.T) {
	if _, err := OpenPartsStore(filepath.Join(t.TempDir(), "no", "such", "dir", "p.db")); err == nil {
		t.Errorf("opening in a missing directory succeeded")
	}
}
