package rehearse

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	_ "forkcast/app/sqlite" // registers the "sqlite" driver (modernc.org/sqlite)
	"forkcast/app/story"
)

// The store is read here directly, read-only, until app/sqlite offers
// read methods for the navigation log and the inbox of a session.

// openRead opens the Forkcast database at path read-only. It fails when the
// file does not exist or cannot be opened.
func openRead(path string) (*sql.DB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	q := url.Values{}
	q.Set("mode", "ro")
	q.Add("_pragma", "busy_timeout(5000)")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	return db, nil
}

// ReadRehearsals returns the navigation log of the rehearsal sessions of s
// (sessions whose story hash, title or file matches) and their ids, from the
// database at path. With only, it reads exactly those sessions, live ones
// included. It fails when the database cannot be read.
func ReadRehearsals(ctx context.Context, path string, s *story.Story, only []int64) ([]NavEntry, []int64, error) {
	db, err := openRead(path)
	if err != nil {
		return nil, nil, err
	}
	defer db.Close()
	ids, err := sessionIDs(ctx, db, s, only)
	if err != nil {
		return nil, nil, err
	}
	var nav []NavEntry
	for _, id := range ids {
		rows, err := db.QueryContext(ctx, `SELECT at, action, scene, slide FROM nav_log WHERE session_id = ? ORDER BY id`, id)
		if err != nil {
			return nil, nil, fmt.Errorf("read navigation log of session %d: %w", id, err)
		}
		for rows.Next() {
			e := NavEntry{Session: id}
			var at int64
			if err := rows.Scan(&at, &e.Action, &e.Scene, &e.Slide); err != nil {
				rows.Close()
				return nil, nil, fmt.Errorf("read navigation log of session %d: %w", id, err)
			}
			e.At = time.Unix(0, at).UTC()
			nav = append(nav, e)
		}
		if err := rows.Close(); err != nil {
			return nil, nil, fmt.Errorf("read navigation log of session %d: %w", id, err)
		}
	}
	return nav, ids, nil
}

func sessionIDs(ctx context.Context, db *sql.DB, s *story.Story, only []int64) ([]int64, error) {
	q := `SELECT id FROM sessions WHERE mode = 'rehearsal' AND (story_hash = ? OR title = ? OR story_file = ?) ORDER BY id`
	args := []any{s.Hash, s.Title, s.File}
	if len(only) > 0 {
		q = `SELECT id FROM sessions WHERE id IN (?` + strings.Repeat(",?", len(only)-1) + `) ORDER BY id`
		args = args[:0]
		for _, id := range only {
			args = append(args, id)
		}
	}
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read sessions: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("read sessions: %w", err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read sessions: %w", err)
	}
	if len(only) > 0 && len(ids) < len(only) {
		return nil, fmt.Errorf("read sessions: some of %v do not exist", only)
	}
	return ids, nil
}

// ReportFor is the timing report of s from the rehearsal sessions in the
// database at path (see ReadRehearsals), for the console. It fails when the
// database cannot be read.
func ReportFor(ctx context.Context, path string, s *story.Story, opts TimingOptions) (*Report, error) {
	nav, ids, err := ReadRehearsals(ctx, path, s, opts.Sessions)
	if err != nil {
		return nil, err
	}
	opts.Sessions = ids
	return Timing(s, nav, opts), nil
}
