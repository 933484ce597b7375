package show

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"
)

// RawText is a text its source kept raw because it could not read it (inbox
// result "unreadable", or a modem row an older version stored with no sender
// and no text): what arrived, for the export and for a later version to read
// again.
type RawText struct {
	ID         int64     `json:"id"`
	Session    int64     `json:"session"`
	Source     string    `json:"source"`
	Sender     string    `json:"sender"` // masked; "" when the sender could not be read either
	Text       string    `json:"text"`   // "" until a later version reads it again
	Partial    bool      `json:"partial,omitempty"`
	PDU        string    `json:"pdu"` // hex as received, space-separated parts; "" once purged with the numbers
	ReceivedAt time.Time `json:"receivedAt"`
	StoredAt   time.Time `json:"storedAt"`
	Result     string    `json:"result"` // "unreadable"; what an older version called it otherwise
	Reason     string    `json:"reason"`
}

// WriteRawCSV writes texts as the CSV section "unreadable" (a title row, a
// header row, one row per text), after an empty row so that it follows
// Report.WriteCSV's sections. It fails when w fails.
func WriteRawCSV(w io.Writer, texts []RawText) error {
	rows := [][]string{{}, {"unreadable"},
		{"id", "session", "source", "sender", "received_at", "stored_at", "result", "text", "partial", "pdu", "reason"}}
	for _, t := range texts {
		rows = append(rows, []string{strconv.FormatInt(t.ID, 10), strconv.FormatInt(t.Session, 10), t.Source, t.Sender,
			t.ReceivedAt.UTC().Format(time.RFC3339Nano), t.StoredAt.UTC().Format(time.RFC3339Nano), t.Result, t.Text,
			strconv.FormatBool(t.Partial), t.PDU, t.Reason})
	}
	c := csv.NewWriter(w)
	if err := c.WriteAll(rows); err != nil {
		return fmt.Errorf("write unreadable texts: %w", err)
	}
	return nil
}
