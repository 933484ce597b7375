package desktop

import "forkcast/app/show"

// Display is one screen the window can go full screen on.
type Display struct {
	Index   int  `json:"index"`
	Width   int  `json:"width"`
	Height  int  `json:"height"`
	Primary bool `json:"primary"`
	Current bool `json:"current"` // the window is on it
}

// Displays lists the screens, in the order the window system reports them.
func (a *App) Displays() ([]Display, error) {
	if a.rt == nil {
		return nil, show.Errorf(show.ECONFLICT, "The window is not ready yet.")
	}
	return a.rt.Screens()
}

// FullscreenOn moves the window to display n and makes it full screen. Wails
// reports screen sizes but not their positions, so the displays are taken to be
// side by side, left to right, in the reported order (the usual "extend"
// set-up of a laptop and a projector). It fails for a display that does not exist.
func (a *App) FullscreenOn(n int) error {
	screens, err := a.Displays()
	if err != nil {
		return err
	}
	if n < 0 || n >= len(screens) {
		return show.Errorf(show.EINVALID, "There is no display %d; this machine has %d.", n+1, len(screens))
	}
	cur := 0
	for i, s := range screens {
		if s.Current {
			cur = i
		}
	}
	// SetPosition is relative to the monitor the window is on now.
	x := 0
	for i := min(cur, n); i < max(cur, n); i++ {
		x += screens[i].Width
	}
	if n < cur {
		x = -x
	}
	if a.rt.WindowIsFullscreen() {
		a.rt.WindowUnfullscreen()
	}
	a.rt.WindowSetPosition(x+40, 40)
	a.rt.WindowFullscreen()
	return nil
}
