package rehearse

import (
	"context"
	"fmt"

	"forkcast/app/show"
	"forkcast/app/story"
)

// Store is what rehearsal reads back from the show's store, beside what the
// engine itself needs (show.Store); app/sqlite implements it.
type Store interface {
	// Session returns a session; it fails with show.ENOTFOUND when there is none.
	Session(ctx context.Context, id int64) (*show.SessionRecord, error)
	// RehearsalSessions returns the ids of the rehearsal sessions whose
	// story has this hash, title or file, oldest first.
	RehearsalSessions(ctx context.Context, hash, title, file string) ([]int64, error)
	// NavLog returns a session's navigation log in the order it was written.
	NavLog(ctx context.Context, session int64) ([]show.NavRecord, error)
	// OpenedPolls returns a session's polls that were opened, in the order
	// they opened (polls decided without opening are left out).
	OpenedPolls(ctx context.Context, session int64) ([]show.PollRecord, error)
	// PollTexts returns the texts a poll received, duplicates left out, in
	// the order they arrived.
	PollTexts(ctx context.Context, poll int64) ([]show.MessageRecord, error)
}

// NavEntry is one row of the engine's navigation log: at At the show moved
// to Scene/Slide by Action.
type NavEntry = show.NavRecord

// ReadRehearsals returns the navigation log of the rehearsal sessions of s
// (sessions whose story hash, title or file matches) and their ids. With
// only, it reads exactly those sessions, live ones included, and fails with
// show.ENOTFOUND when one does not exist. It fails when the store cannot be
// read.
func ReadRehearsals(ctx context.Context, st Store, s *story.Story, only []int64) ([]NavEntry, []int64, error) {
	ids := only
	if len(only) > 0 {
		for _, id := range only {
			if _, err := st.Session(ctx, id); err != nil {
				return nil, nil, err
			}
		}
	} else {
		var err error
		if ids, err = st.RehearsalSessions(ctx, s.Hash, s.Title, s.File); err != nil {
			return nil, nil, err
		}
	}
	var nav []NavEntry
	for _, id := range ids {
		log, err := st.NavLog(ctx, id)
		if err != nil {
			return nil, nil, err
		}
		nav = append(nav, log...)
	}
	return nav, ids, nil
}

// ReportFor is the timing report of s from its rehearsal sessions in st (see
// ReadRehearsals; opts.Sessions picks the sessions). It fails when the store
// cannot be read.
func ReportFor(ctx context.Context, st Store, s *story.Story, opts TimingOptions) (*Report, error) {
	nav, ids, err := ReadRehearsals(ctx, st, s, opts.Sessions)
	if err != nil {
		return nil, fmt.Errorf("timing report: %w", err)
	}
	opts.Sessions = ids
	return TimingContext(ctx, s, nav, opts)
}
