package desktop

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"forkcast/app/show"
)

// Published is where Publish wrote the running session's site and report
// (paths on this machine); the same shape as POST /api/publish answers.
type Published struct {
	Site   string `json:"site"`   // the site's index.html
	Report string `json:"report"` // its report.html
	Files  int    `json:"files"`
}

// Publish writes the running session's static site and report beside the
// database, as the console's "Publish the site" does in a browser. It fails
// with ECONFLICT when this window has no publisher, and with the
// publisher's coded error otherwise.
func (a *App) Publish() (Published, error) {
	if a.cfg.Publish == nil {
		return Published{}, show.Errorf(show.ECONFLICT, "Publishing is not available in this window: run forkcast publish.")
	}
	p, err := a.cfg.Publish(a.context())
	if err != nil {
		return Published{}, err
	}
	a.mu.Lock()
	a.report = p.Report
	a.mu.Unlock()
	return p, nil
}

// OpenReport opens the report Publish last wrote in the system's browser.
// Wails' own BrowserOpenURL refuses file:// URLs (and only logs it), so the
// file is handed to the system opener (xdg-open) instead. It fails with
// ECONFLICT before a publish, ENOTFOUND when the file is gone, and
// ECONFLICT when no program could open it (the cause is logged).
func (a *App) OpenReport() error {
	a.mu.Lock()
	path := a.report
	a.mu.Unlock()
	if path == "" {
		return show.Errorf(show.ECONFLICT, "Publish the site first: there is no report to open yet.")
	}
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return show.Errorf(show.ENOTFOUND, "The report %s is gone: publish again.", path)
		}
		return fmt.Errorf("open report %s: %w", path, err)
	}
	if err := a.cfg.OpenFile(path); err != nil {
		a.cfg.Logger.Error("open the report", "path", path, "err", err)
		return show.Errorf(show.ECONFLICT, "No program could open the report: open %s in a browser yourself.", path)
	}
	return nil
}
