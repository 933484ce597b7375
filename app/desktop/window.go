package desktop

import (
	"context"
	"io/fs"
	"net/http"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// WindowOptions are the desktop window's settings.
type WindowOptions struct {
	Title      string
	Width      int
	Height     int
	Fullscreen bool
	Assets     fs.FS        // the built frontend (frontend/dist)
	Handler    http.Handler // everything not in Assets: /story-assets/...
	Icon       []byte
	Display    int // 1-based display to go full screen on at start; 0 = stay
}

// Run opens the window bound to a and blocks until it closes, or until ctx
// ends (then it closes the window). It fails when the window system cannot
// start (no display) or the assets are missing.
func Run(ctx context.Context, a *App, w WindowOptions) error {
	if w.Assets == nil {
		return errNoWindow
	}
	start := options.Normal
	if w.Fullscreen {
		start = options.Fullscreen
	}
	return wails.Run(&options.App{
		Title:            w.Title,
		Width:            w.Width,
		Height:           w.Height,
		MinWidth:         640,
		MinHeight:        400,
		WindowStartState: start,
		BackgroundColour: options.NewRGB(11, 13, 18),
		AssetServer:      &assetserver.Options{Assets: w.Assets, Handler: w.Handler},
		OnStartup: func(wctx context.Context) {
			a.startup(wctx, wailsRuntime{wctx})
			go quitWhenDone(ctx, a.ctx, wailsRuntime{wctx})
		},
		OnShutdown: func(context.Context) { a.shutdown() },
		OnDomReady: func(context.Context) {
			if w.Display > 0 {
				if err := a.FullscreenOn(w.Display - 1); err != nil {
					a.cfg.Logger.Warn("full screen on display", "display", w.Display, "err", err)
				}
			}
		},
		Bind:           []any{a},
		ErrorFormatter: func(err error) any { return FormatError(a.cfg.Logger, err) },
		Linux:          &linux.Options{Icon: w.Icon, ProgramName: "forkcast", WebviewGpuPolicy: linux.WebviewGpuPolicyNever},
	})
}

// wailsRuntime is the real Runtime, valid only with a context Wails made.
type wailsRuntime struct{ ctx context.Context }

func (r wailsRuntime) EventsEmit(name string, data ...any) { runtime.EventsEmit(r.ctx, name, data...) }
func (r wailsRuntime) WindowFullscreen()                   { runtime.WindowFullscreen(r.ctx) }
func (r wailsRuntime) WindowUnfullscreen()                 { runtime.WindowUnfullscreen(r.ctx) }
func (r wailsRuntime) WindowIsFullscreen() bool            { return runtime.WindowIsFullscreen(r.ctx) }
func (r wailsRuntime) BrowserOpenURL(url string)           { runtime.BrowserOpenURL(r.ctx, url) }
func (r wailsRuntime) Quit()                               { runtime.Quit(r.ctx) }
func (r wailsRuntime) WindowSetPosition(x, y int)          { runtime.WindowSetPosition(r.ctx, x, y) }
func (r wailsRuntime) WindowSetSize(w, h int)              { runtime.WindowSetSize(r.ctx, w, h) }

func (r wailsRuntime) Screens() ([]Display, error) {
	screens, err := runtime.ScreenGetAll(r.ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Display, len(screens))
	for i, s := range screens {
		out[i] = Display{Index: i, Width: s.Size.Width, Height: s.Size.Height, Primary: s.IsPrimary, Current: s.IsCurrent}
	}
	return out, nil
}

// quitWhenDone closes the window when ctx ends (Ctrl-C in the terminal),
// unless the window closes first (done).
func quitWhenDone(ctx, done context.Context, rt Runtime) {
	select {
	case <-ctx.Done():
		rt.Quit()
	case <-done.Done():
	}
}
