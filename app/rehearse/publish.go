package rehearse

import (
	"context"
	"fmt"
	"log/slog"

	"forkcast/app/show"
)

// PublishTimings publishes a fresh timing report as show.EventTimings on out
// each time the rehearsal records a timing: a slide's time is recorded when
// the show leaves it, so on every move of the show (and on a reset, a new
// session) that events reports. It reads the show's state events from events
// (a hub subscription) and returns when ctx ends or events closes. A report
// that cannot be made is logged and skipped. The first state seen publishes
// one too (the hub may have folded the start into a later move). Reports are made one at a time;
// the hub keeps only the newest state, so a burst of moves makes one report.
func (c *Console) PublishTimings(ctx context.Context, events <-chan show.Event, out show.Notifier, log *slog.Logger) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	last := ""
	for {
		var ev show.Event
		var ok bool
		select {
		case <-ctx.Done():
			return
		case ev, ok = <-events:
			if !ok {
				return
			}
		}
		st, isState := ev.Payload.(show.State)
		if ev.Name != show.EventState || !isState || st.Session.Mode != show.Rehearsal {
			continue
		}
		key := fmt.Sprintf("%d/%s/%d/%v", st.Session.ID, st.Scene, st.Slide, st.Ended)
		if key == last {
			continue
		}
		last = key
		r, err := c.TimingReport(ctx)
		if err != nil {
			log.Warn("timing report for the console", "err", err)
			continue
		}
		out.Notify(show.EventTimings, r)
	}
}
