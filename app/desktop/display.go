package desktop

import (
	"fmt"

	"forkcast/app/show"
)

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
	if a.rt.WindowIsFullscreen() {
		a.rt.WindowUnfullscreen()
	}
	a.rt.WindowSetPosition(offsetTo(screens, n)+40, 40)
	a.rt.WindowFullscreen()
	return nil
}

// offsetTo is how far display n is, left to right, from the display the
// window is on now: SetPosition is relative to that one.
func offsetTo(screens []Display, n int) int {
	cur := 0
	for i, s := range screens {
		if s.Current {
			cur = i
		}
	}
	x := 0
	for i := min(cur, n); i < max(cur, n); i++ {
		x += screens[i].Width
	}
	if n < cur {
		x = -x
	}
	return x
}

// coverDisplay puts a frameless window over the whole of display n and makes
// it full screen: the size and position already cover the display where no
// window manager honours full screen. It fails for a display that does not exist.
func coverDisplay(rt Runtime, n int) error {
	screens, err := rt.Screens()
	if err != nil {
		return fmt.Errorf("list displays: %w", err)
	}
	if n < 0 || n >= len(screens) {
		return fmt.Errorf("no display %d among %d", n+1, len(screens))
	}
	rt.WindowSetSize(screens[n].Width, screens[n].Height)
	rt.WindowSetPosition(offsetTo(screens, n), 0)
	rt.WindowFullscreen()
	return nil
}
