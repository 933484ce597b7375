package desktop

import "forkcast/app/show"

// StartClock starts the talk clock (the console's S key).
func (a *App) StartClock() error {
	c, ok := a.cfg.Controller.(show.ClockControl)
	if !ok {
		return show.Errorf(show.ECONFLICT, "This show has no talk clock to control.")
	}
	return c.StartClock(a.context())
}

// ResetClock puts the talk clock back to 0:00, not started (the console's Z key).
func (a *App) ResetClock() error {
	c, ok := a.cfg.Controller.(show.ClockControl)
	if !ok {
		return show.Errorf(show.ECONFLICT, "This show has no talk clock to control.")
	}
	return c.ResetClock(a.context())
}
