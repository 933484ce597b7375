package desktop

import (
	"context"

	"forkcast/app/show"
)

// Runtime is the part of the Wails runtime the facade uses. Behind it so unit
// tests never reach Wails' runtime.*, which calls log.Fatal on a context Wails
// did not make.
type Runtime interface {
	EventsEmit(name string, data ...any)
	WindowFullscreen()
	WindowUnfullscreen()
	WindowIsFullscreen() bool
	BrowserOpenURL(url string)
	Screens() ([]Display, error)
	WindowSetPosition(x, y int)
	WindowSetSize(w, h int)
	Quit()
}

// forward sends every hub event to the window until ctx ends or the hub closes
// the subscription. The subscription is always cancelled on return.
func forward(ctx context.Context, hub *show.Hub, rt Runtime) {
	events, cancel := hub.Subscribe(256)
	defer cancel()
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-events:
			if !ok {
				return
			}
			rt.EventsEmit(ev.Name, ev.Payload)
		}
	}
}
