package android

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestSQLiteStateKeepsEverythingAcrossReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "android-state.db")
	st, err := OpenState(path)
	if err != nil {
		t.Fatal(err)
	}
	first, err := st.Load(ctx, time.Time{})
	if err != nil || len(first.Secret) != 32 || first.Cursor != (Cursor{}) {
		t.Fatalf("first load: %+v, %v", first, err)
	}
	now := time.UnixMilli(time.Now().UnixMilli())
	cur := Cursor{Since: now.Add(-time.Minute), BelowFrom: now, Below: 7, Device: "dev", Saved: now}
	old := Pair{Exact: "e1", Content: "c", At: now.Add(-3 * time.Hour), ID: "an1-old"}
	fresh := Pair{Exact: "e2", Content: "c", Phone: true, At: now, ID: "an1-new"}
	if err := st.SaveCursor(ctx, cur); err != nil {
		t.Fatal(err)
	}
	if err := st.SavePairs(ctx, []Pair{old, fresh}); err != nil {
		t.Fatal(err)
	}
	if err := st.SetOptOut(ctx, "k1", true, now); err != nil {
		t.Fatal(err)
	}
	if err := st.SetOptOut(ctx, "k2", true, now); err != nil {
		t.Fatal(err)
	}
	if err := st.SetOptOut(ctx, "k2", false, now); err != nil {
		t.Fatal(err)
	}
	st.Close()

	st, err = OpenState(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	got, err := st.Load(ctx, now.Add(-2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Secret, first.Secret) {
		t.Error("the secret changed on reopen: every id would change")
	}
	if !got.Cursor.Since.Equal(cur.Since) || !got.Cursor.BelowFrom.Equal(cur.BelowFrom) || got.Cursor.Below != 7 || got.Cursor.Device != "dev" {
		t.Errorf("cursor %+v, want %+v", got.Cursor, cur)
	}
	if len(got.Pairs) != 1 || got.Pairs[0].ID != "an1-new" || !got.Pairs[0].Phone || !got.Pairs[0].At.Equal(now) {
		t.Errorf("pairs since 2 h ago: %+v, want only the fresh one", got.Pairs)
	}
	if !got.OptOut["k1"] || got.OptOut["k2"] || len(got.OptOut) != 1 {
		t.Errorf("opt-outs %v, want only k1", got.OptOut)
	}
	if err := st.Forget(ctx, now.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	all, _ := st.Load(ctx, time.Time{})
	if len(all.Pairs) != 1 {
		t.Errorf("after Forget: %d pairs, want 1", len(all.Pairs))
	}
	if _, err := st.db.Exec(`UPDATE android_meta SET v = 'not json' WHERE k = 'cursor'`); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Load(ctx, time.Time{}); err == nil || !strings.Contains(err.Error(), "cursor") {
		t.Errorf("a corrupt cursor loaded: %v", err)
	}
	if _, err := New(Config{URL: "http://phone:8080", Pass: "p", State: st}); err == nil {
		t.Error("New accepted a state it cannot read")
	}
}
