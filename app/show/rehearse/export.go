package rehearse

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"
)

// streamFormat is bridge/sim's StreamFormat: the vote-stream file that
// ExportStream writes and sim.NewReplay reads. The line types below mirror
// sim.StreamSession, StreamPoll and StreamText (a test checks that sim reads
// what is written here).
const streamFormat = "forkcast-votes/1"

type streamSession struct {
	Type    string `json:"type"`
	Format  string `json:"format"`
	Session int64  `json:"session,omitempty"`
	Mode    string `json:"mode,omitempty"`
	Story   string `json:"story,omitempty"`
	Title   string `json:"title,omitempty"`
}

type streamPoll struct {
	Type       string `json:"type"`
	Poll       int    `json:"poll"`
	Scene      string `json:"scene,omitempty"`
	Kind       string `json:"kind,omitempty"`
	DurationMs int64  `json:"durationMs"`
}

type streamText struct {
	Type     string `json:"type"`
	Poll     int    `json:"poll"`
	OffsetMs int64  `json:"offsetMs"`
	Voter    string `json:"voter"`
	Text     string `json:"text"`
}

// ExportStream writes the vote stream of sessions (in order; their polls
// numbered on from one session to the next) from the database at path to w:
// every text received for a poll, with its offset from the poll's opening and
// a pseudonym of its voter that no one can turn back into a number. Polls
// decided without opening (a pick with no vote) are left out. It fails when a
// session does not exist or the database cannot be read.
func ExportStream(ctx context.Context, path string, sessions []int64, w io.Writer) error {
	db, err := openRead(path)
	if err != nil {
		return err
	}
	defer db.Close()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	ordinal := 0
	for i, id := range sessions {
		var hdr streamSession
		err := db.QueryRowContext(ctx, `SELECT mode, story_hash, title FROM sessions WHERE id = ?`, id).Scan(&hdr.Mode, &hdr.Story, &hdr.Title)
		if err != nil {
			return fmt.Errorf("export session %d: %w", id, err)
		}
		if i == 0 {
			hdr.Type, hdr.Format, hdr.Session = "session", streamFormat, id
			if err := enc.Encode(hdr); err != nil {
				return fmt.Errorf("export: %w", err)
			}
		}
		if ordinal, err = exportPolls(ctx, db, enc, id, sessions[0], ordinal); err != nil {
			return fmt.Errorf("export session %d: %w", id, err)
		}
	}
	return nil
}

// exportPolls writes session's polls and their texts, numbering from ordinal+1.
func exportPolls(ctx context.Context, db *sql.DB, enc *json.Encoder, session, salt int64, ordinal int) (int, error) {
	rows, err := db.QueryContext(ctx, `SELECT id, scene, kind, opened_at, closed_at FROM polls
		WHERE session_id = ? AND opened_at IS NOT NULL AND (closed_at IS NOT NULL OR state = 'open')
		ORDER BY opened_at, id`, session)
	if err != nil {
		return ordinal, err
	}
	type poll struct {
		id, opened int64
		line       streamPoll
	}
	var polls []poll
	for rows.Next() {
		var p poll
		var closed *int64
		if err := rows.Scan(&p.id, &p.line.Scene, &p.line.Kind, &p.opened, &closed); err != nil {
			rows.Close()
			return ordinal, err
		}
		if closed != nil {
			p.line.DurationMs = time.Duration(*closed - p.opened).Milliseconds()
		}
		polls = append(polls, p)
	}
	if err := rows.Close(); err != nil {
		return ordinal, err
	}
	for _, p := range polls {
		ordinal++
		p.line.Type, p.line.Poll = "poll", ordinal
		if err := enc.Encode(p.line); err != nil {
			return ordinal, err
		}
		if err := exportTexts(ctx, db, enc, salt, p.id, p.opened, ordinal); err != nil {
			return ordinal, err
		}
	}
	return ordinal, nil
}

func exportTexts(ctx context.Context, db *sql.DB, enc *json.Encoder, salt, poll, opened int64, ordinal int) error {
	rows, err := db.QueryContext(ctx, `SELECT voter, text, received_at FROM inbox
		WHERE poll_id = ? AND result <> 'duplicate' ORDER BY received_at, id`, poll)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var voter string
		var text []byte
		var at int64
		if err := rows.Scan(&voter, &text, &at); err != nil {
			return err
		}
		t := streamText{Type: "text", Poll: ordinal, OffsetMs: time.Duration(at - opened).Milliseconds(),
			Voter: pseudonym(salt, voter), Text: string(text)}
		if err := enc.Encode(t); err != nil {
			return err
		}
	}
	return rows.Err()
}

// pseudonym hides a stored voter key (already an HMAC of the number) behind
// a hash salted with the export's first session, so two exports cannot be
// joined, while one voter keeps one pseudonym within an export.
func pseudonym(salt int64, voter string) string {
	if voter == "" {
		return ""
	}
	h := sha256.Sum256([]byte(strconv.FormatInt(salt, 10) + ":" + voter))
	return "v" + hex.EncodeToString(h[:6])
}
