package server

import (
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

func TestStoreGroupCommitDedupeAndOrder(t *testing.T) {
	st, err := openStore(filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var mode string
	st.db.QueryRow("PRAGMA journal_mode").Scan(&mode)
	if mode != "wal" {
		t.Fatalf("journal_mode = %q, want wal", mode)
	}
	var syncMode int
	st.db.QueryRow("PRAGMA synchronous").Scan(&syncMode)
	if syncMode != 2 {
		t.Fatalf("synchronous = %d, want 2 (FULL)", syncMode)
	}
	// 200 concurrent puts of 100 distinct ids: 100 stored, 100 dups.
	var wg sync.WaitGroup
	var mu sync.Mutex
	dups := 0
	for i := 0; i < 200; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			_, dup, err := st.Put(t.Context(), text{Provider: "twilio", ProviderID: fmt.Sprint("SM", i%100),
				From: "+1", Body: "b", ReceivedAt: time.Now()})
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			if dup {
				dups++
			}
			mu.Unlock()
		}(i)
	}
	wg.Wait()
	if dups != 100 {
		t.Fatalf("dups = %d, want 100", dups)
	}
	texts, err := st.After(t.Context(), 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if len(texts) != 100 {
		t.Fatalf("texts = %d, want 100", len(texts))
	}
	for i := 1; i < len(texts); i++ {
		if texts[i].ID <= texts[i-1].ID {
			t.Fatalf("ids out of order at %d: %d after %d", i, texts[i].ID, texts[i-1].ID)
		}
	}
}

// Ids are never reused, even after every row is pruned and the file reopened,
// and the epoch survives a reopen.
func TestStoreIDsMonotonicAcrossPruneAndReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.db")
	st, err := openStore(path)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	id1, _, _ := st.Put(t.Context(), text{Provider: "twilio", ProviderID: "A", ReceivedAt: now.Add(-100 * time.Hour)})
	st.Put(t.Context(), text{Provider: "twilio", ProviderID: "B", ReceivedAt: now.Add(-time.Hour)})
	st.Put(t.Context(), text{Provider: "twilio", ProviderID: "C", ReceivedAt: now.Add(-200 * 24 * time.Hour)})
	if _, err := st.Ack(t.Context(), id1); err != nil {
		t.Fatal(err)
	}
	// Acked A is older than the dedupe window: gone. Unacked C is past retention: gone. B stays.
	n, err := st.Prune(t.Context(), now.Add(-48*time.Hour), now.Add(-7*24*time.Hour))
	if err != nil || n != 2 {
		t.Fatalf("Prune = %d, %v; want 2 rows", n, err)
	}
	epoch := st.epoch
	st.Prune(t.Context(), now.Add(time.Hour), now.Add(time.Hour)) // everything
	st.Close()
	st, err = openStore(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if st.epoch != epoch {
		t.Fatalf("epoch after reopen = %s, want %s", st.epoch, epoch)
	}
	id4, _, err := st.Put(t.Context(), text{Provider: "twilio", ProviderID: "D", ReceivedAt: now})
	if err != nil || id4 != 4 {
		t.Fatalf("id after prune and reopen = %d, %v; want 4", id4, err)
	}
}

func TestStoreClosedPutFails(t *testing.T) {
	st, err := openStore(filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	if _, _, err := st.Put(t.Context(), text{Provider: "twilio", ProviderID: "X"}); err == nil {
		t.Fatalf("Put after Close: nil error, want one")
	}
}
