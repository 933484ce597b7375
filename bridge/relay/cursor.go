package relay

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Cursor is where the laptop is in a relay's stream: the id of the last text
// its engine has committed, in the store identified by Epoch (ids restart
// when the relay's database is replaced).
type Cursor struct {
	Epoch string `json:"epoch"`
	ID    int64  `json:"id"`
}

// CursorStore keeps the laptop's cursor across restarts. Losing it is
// harmless: the relay sends every unacknowledged text again and the engine
// dedupes on the message id; keeping it only saves that work.
type CursorStore interface {
	// LoadCursor returns the saved cursor, the zero Cursor when there is none;
	// it fails when the saved cursor cannot be read.
	LoadCursor() (Cursor, error)
	// SaveCursor saves c; it fails when it cannot be written.
	SaveCursor(c Cursor) error
}

// FileCursor is a CursorStore in a small JSON file at the given path.
type FileCursor string

// LoadCursor reads the file; a missing file is the zero Cursor. It fails when
// the file cannot be read or is not a cursor.
func (f FileCursor) LoadCursor() (Cursor, error) {
	var c Cursor
	b, err := os.ReadFile(string(f))
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return c, fmt.Errorf("read relay cursor: %w", err)
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return Cursor{}, fmt.Errorf("read relay cursor %s: %w", f, err)
	}
	return c, nil
}

// SaveCursor writes the file atomically (a temporary file renamed over it).
// It fails when the directory is not writable.
func (f FileCursor) SaveCursor(c Cursor) error {
	b, _ := json.Marshal(c)
	tmp, err := os.CreateTemp(filepath.Dir(string(f)), ".relay-cursor-*")
	if err != nil {
		return fmt.Errorf("save relay cursor: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return fmt.Errorf("save relay cursor: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("save relay cursor: %w", err)
	}
	if err := os.Rename(tmp.Name(), string(f)); err != nil {
		return fmt.Errorf("save relay cursor: %w", err)
	}
	return nil
}
