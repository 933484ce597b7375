package sqlite_test

import (
	"context"
	"testing"
	"time"

	"forkcast/app/show"
	"forkcast/app/vote"
)

// TestHealthLog: health changes come back in the report in order, with their
// times and sentences, another session's changes stay out, and a session
// stops growing at show.MaxHealthEvents.
func TestHealthLog(t *testing.T) {
	db, _ := open(t)
	ctx := context.Background()
	e, err := show.New(ctx, show.Config{Story: benchStory(), Store: db, Mode: show.Live, Region: "US"})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	id := e.State().Session.ID
	t0 := time.Date(2026, 10, 14, 15, 0, 0, 0, time.UTC)
	want := []show.HealthEvent{
		{Session: id, At: t0, Source: "modem", Kind: "modem", State: vote.HealthOK},
		{Session: id, At: t0.Add(time.Minute), Source: "modem", Kind: "modem", State: vote.HealthDown, Detail: "The modem was unplugged."},
		{Session: id, At: t0.Add(3 * time.Minute), Source: "modem", Kind: "modem", State: vote.HealthOK},
	}
	for _, ev := range want {
		if err := db.LogHealth(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.LogHealth(ctx, show.HealthEvent{Session: id + 99, At: t0, Source: "x", State: "ok"}); err == nil {
		t.Fatal("LogHealth of an unknown session: nil error, want a foreign-key failure")
	}
	r, err := db.Report(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Health) != len(want) {
		t.Fatalf("health=%+v, want %d changes", r.Health, len(want))
	}
	for i, got := range r.Health {
		if !got.At.Equal(want[i].At) || got.Source != want[i].Source || got.State != want[i].State || got.Detail != want[i].Detail || got.Kind != want[i].Kind {
			t.Fatalf("health[%d]=%+v, want %+v", i, got, want[i])
		}
	}
	for i := range show.MaxHealthEvents + 20 {
		if err := db.LogHealth(ctx, show.HealthEvent{Session: id, At: t0.Add(time.Duration(i) * time.Second), Source: "relay", State: []string{"ok", "down"}[i%2]}); err != nil {
			t.Fatal(err)
		}
	}
	r, err = db.Report(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(r.Health); got != show.MaxHealthEvents {
		t.Fatalf("%d changes stored, want the bound %d", got, show.MaxHealthEvents)
	}
}
