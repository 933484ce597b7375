package show

import (
	"context"
	"time"

	"forkcast/app/vote"
)

// MaxHealthEvents bounds the health changes stored for one session, so a
// source that flaps all evening cannot fill the disk; later changes are
// still shown live but not stored.
const MaxHealthEvents = 500

// HealthEvent is one change of a source's health state during a session:
// the state it entered and the sentence it gave.
type HealthEvent struct {
	Session int64     `json:"-"`
	At      time.Time `json:"at"`
	Source  string    `json:"source"`
	Kind    string    `json:"kind,omitempty"`
	State   string    `json:"state"`
	Detail  string    `json:"detail,omitempty"`
}

// HealthLogger is implemented by a store that keeps health changes for the
// session report (app/sqlite does). The engine works without it.
type HealthLogger interface {
	// LogHealth stores ev unless its session already holds MaxHealthEvents
	// changes. It fails when the store does.
	LogHealth(ctx context.Context, ev HealthEvent) error
}

// healthChanges returns the sources of now whose state differs from prev
// (or that are new), as events of session at at.
func healthChanges(prev, now []vote.Health, session int64, at time.Time) []HealthEvent {
	was := make(map[string]string, len(prev))
	for _, h := range prev {
		was[h.Source] = h.State
	}
	var evs []HealthEvent
	for _, h := range now {
		if st, ok := was[h.Source]; ok && st == h.State {
			continue
		}
		evs = append(evs, HealthEvent{Session: session, At: at, Source: h.Source, Kind: h.Kind, State: h.State, Detail: h.Detail})
	}
	return evs
}

// logHealth stores evs when the store keeps health changes; a failure is
// logged, never shown: the show goes on without its record.
func (e *Engine) logHealth(ctx context.Context, evs []HealthEvent) {
	hl, ok := e.store.(HealthLogger)
	if !ok || len(evs) == 0 {
		return
	}
	e.wmu.Lock()
	defer e.wmu.Unlock()
	for _, ev := range evs {
		if err := hl.LogHealth(ctx, ev); err != nil {
			e.log.Warn("store a source's health change", "source", ev.Source, "state", ev.State, "err", err)
		}
	}
}
