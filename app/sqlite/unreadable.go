package sqlite

import (
	"context"
	"fmt"
	"time"

	"forkcast/app/show"
)

// keptRaw selects the texts a source kept raw: marked "unreadable", or, from
// versions before that result existed, a modem row stored with no sender, no
// text and its PDU (the way those versions kept a PDU they could not read).
// A row an older version kept raw keeps no sender when it is read again, so
// it stays selected.
const keptRaw = `(result = 'unreadable' OR (source = 'modem' AND sender = '' AND pdu IS NOT NULL))`

// RawTexts returns the texts kept raw in session id (every session when id
// is 0), oldest first, read again or not. It fails when the store cannot be
// read.
func (db *DB) RawTexts(ctx context.Context, id int64) ([]show.RawText, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT id, COALESCE(session_id, 0), source, sender, text, partial,
		COALESCE(pdu, ''), received_at, stored_at, result, reason FROM inbox
		WHERE `+keptRaw+` AND (? = 0 OR session_id = ?) ORDER BY id`, id, id)
	if err != nil {
		return nil, fmt.Errorf("read unreadable texts: %w", err)
	}
	defer rows.Close()
	out := []show.RawText{}
	for rows.Next() {
		var r show.RawText
		var text []byte
		var partial int
		var received, stored int64
		if err := rows.Scan(&r.ID, &r.Session, &r.Source, &r.Sender, &text, &partial, &r.PDU, &received, &stored,
			&r.Result, &r.Reason); err != nil {
			return nil, fmt.Errorf("read unreadable texts: %w", err)
		}
		r.Text, r.Partial = string(text), partial != 0
		r.ReceivedAt, r.StoredAt = time.Unix(0, received), time.Unix(0, stored)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read unreadable texts: %w", err)
	}
	return out, nil
}

// SetReadAgain records the text a later reading of raw text id found:
// partial when it is not a whole text, reason saying when and how it was
// read. A row marked "unreadable" without a sender gets sender (masked); a
// row an older version kept raw keeps its result and no sender. Nothing is
// counted: the row's result, voter and votes stay as they were. It fails
// with show.ENOTFOUND when id is not a raw text not yet read, or when the
// store cannot commit.
func (db *DB) SetReadAgain(ctx context.Context, id int64, text, sender string, partial bool, reason string) error {
	res, err := db.db.ExecContext(ctx, `UPDATE inbox SET text = ?, partial = ?, reason = ?,
		sender = CASE WHEN result = 'unreadable' AND sender = '' THEN ? ELSE sender END
		WHERE id = ? AND length(text) = 0 AND `+keptRaw, []byte(text), boolInt(partial), reason, sender, id)
	if err != nil {
		return fmt.Errorf("store text read again: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("store text read again: %w", err)
	} else if n == 0 {
		return show.Errorf(show.ENOTFOUND, "Text %d is not a text kept raw and not read yet.", id)
	}
	return nil
}
