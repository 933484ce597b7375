package desktop

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// The stage window is a second forkcast process (Wails v2 has one window per
// process): a frameless window that goes full screen on the chosen display
// and then navigates its webview to the first process's stage page on
// loopback. The page is the very one a browser shows, so its server-sent
// events and its reconnecting work the same; only the window is native.

// StageTitle is the stage window's title (the stage page's own title too).
const StageTitle = "Stage · Forkcast"

//go:embed stage_start.html
var stageStart []byte

// StageWindowOptions are the stage window's settings.
type StageWindowOptions struct {
	// URL is the stage page on loopback, with its token. It never comes
	// from the command line (anyone can read that): app/cli reads it from stdin.
	URL string
	// Display is the display to cover, from 0 (taken left to right).
	Display int
	Icon    []byte
	// Up is called once the window is on its display and loading the stage.
	Up func(display int)
	// Failed is called when the window is up but cannot cover the display.
	Failed func(err error)
}

// CheckStageURL fails unless u is an http URL on a loopback address: the
// stage window shows only the first process's own page.
func CheckStageURL(u string) error {
	p, err := url.Parse(u)
	if err != nil {
		return errors.New("stage URL: not a URL") // the parser's error repeats it, token and all
	}
	host := p.Hostname()
	if p.Scheme != "http" || (host != "127.0.0.1" && host != "::1" && host != "localhost") {
		// Without the query: it holds the token.
		return fmt.Errorf("stage URL %q: want http://127.0.0.1:PORT/...", p.Scheme+"://"+p.Host+p.Path)
	}
	return nil
}

// RunStageWindow opens the stage window and blocks until it closes, or until
// ctx ends (then it closes the window). It fails when the URL is not on
// loopback or the window system cannot start (no display).
func RunStageWindow(ctx context.Context, o StageWindowOptions) error {
	if err := CheckStageURL(o.URL); err != nil {
		return err
	}
	target, _ := json.Marshal(o.URL) // a JavaScript string literal
	start := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(stageStart)
	})
	quitCtx, cancel := context.WithCancel(context.Background())
	// Wails reports DomReady on every page load, the stage page's too:
	// cover the display and navigate once only.
	var once sync.Once
	defer cancel()
	return wails.Run(&options.App{
		Title:            StageTitle,
		Width:            800,
		Height:           450,
		Frameless:        true,
		BackgroundColour: options.NewRGB(11, 13, 18),
		AssetServer:      &assetserver.Options{Handler: start},
		OnStartup: func(wctx context.Context) {
			go quitWhenDone(ctx, quitCtx, wailsRuntime{wctx})
		},
		OnShutdown: func(context.Context) { cancel() },
		OnDomReady: func(wctx context.Context) { once.Do(func() { stageReady(wctx, o, string(target)) }) },
		Linux:      &linux.Options{Icon: o.Icon, ProgramName: "forkcast", WebviewGpuPolicy: linux.WebviewGpuPolicyNever},
	})
}

// stageReady covers the display, sends the start page to the stage and says so.
func stageReady(wctx context.Context, o StageWindowOptions, target string) {
	rt := wailsRuntime{wctx}
	if err := coverDisplay(rt, o.Display); err != nil && o.Failed != nil {
		o.Failed(err)
	}
	// Navigate in JavaScript: the URL (with its token) stays out of argv.
	runtime.WindowExecJS(wctx, "window.location.replace("+target+");")
	if o.Up != nil {
		o.Up(o.Display)
	}
}
