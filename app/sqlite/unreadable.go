package sqlite

import (
	"context"
	"fmt"
	"time"

	"forkcast/app/show"
)

// RawText is a text its source kept raw (inbox result "unreadable"): what
// arrived, for export and for a later version to read again.
type RawText struct {
	ID         int64     `json:"id"`
	Session    int64     `json:"session"`
	Source     string    `json:"source"`
	Sender     string    `json:"sender"` // masked; "" when unreadable too
	Text       string    `json:"text"`   // "" until read again
	PDU        string    `json:"pdu"`    // raw hex as received; "" once purged with the numbers
	ReceivedAt time.Time `json:"receivedAt"`
	StoredAt   time.Time `json:"storedAt"`
	Reason     string    `json:"reason"`
}

// UnreadableTexts returns the texts kept raw in session id (every session
// when id is 0), oldest first. It fails when the store cannot be read.
func (db *DB) UnreadableTexts(ctx context.Context, id int64) ([]RawText, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT id, COALESCE(session_id, 0), source, sender, text, COALESCE(pdu, ''),
		received_at, stored_at, reason FROM inbox WHERE result = ? AND (? = 0 OR session_id = ?) ORDER BY id`,
		show.ResultUnreadable, id, id)
	if err != nil {
		return nil, fmt.Errorf("read unreadable texts: %w", err)
	}
	defer rows.Close()
	out := []RawText{}
	for rows.Next() {
		var r RawText
		var text []byte
		var received, stored int64
		if err := rows.Scan(&r.ID, &r.Session, &r.Source, &r.Sender, &text, &r.PDU, &received, &stored, &r.Reason); err != nil {
			return nil, fmt.Errorf("read unreadable texts: %w", err)
		}
		r.Text, r.ReceivedAt, r.StoredAt = string(text), time.Unix(0, received), time.Unix(0, stored)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read unreadable texts: %w", err)
	}
	return out, nil
}

// SetReadAgain records the text a later reading of raw text id found, with
// the sender (masked) when the row had none, and partial when it is one part
// of a longer text. The row stays "unreadable" (it was, when it arrived, and
// never counted) with reason saying when it was read. It fails with
// show.ENOTFOUND when id is not a raw text, or when the store cannot commit.
func (db *DB) SetReadAgain(ctx context.Context, id int64, text, sender string, partial bool, reason string) error {
	res, err := db.db.ExecContext(ctx, `UPDATE inbox SET text = ?, sender = CASE WHEN sender = '' THEN ? ELSE sender END,
		partial = ?, reason = ? WHERE id = ? AND result = ?`, []byte(text), sender, boolInt(partial), reason, id,
		show.ResultUnreadable)
	if err != nil {
		return fmt.Errorf("store text read again: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("store text read again: %w", err)
	} else if n == 0 {
		return show.Errorf(show.ENOTFOUND, "Text %d is not a text kept raw.", id)
	}
	return nil
}

