package cli

import (
	"context"
	"errors"
	"html"
	"testing/fstest"

	"forkcast/app/desktop"
)

// openErrorPage is the desktop window's page when the show cannot open: a
// speaker who launched the app from a menu sees no terminal, so what
// stderr says must be in the window too. A usage problem (no vote source in
// a live show, a bad flag value) is shown as it is; any other cause stays in
// the log, as every internal cause does.
func openErrorPage(err error) []byte {
	msg := "Forkcast could not open the show. The cause is in the log: start forkcast from a terminal to read it."
	var u errUsage
	if errors.As(err, &u) {
		msg = u.msg
	}
	return []byte(`<!doctype html><html lang="en"><meta charset="utf-8"><title>Forkcast</title>
<body style="margin:0;background:#0b0f14;color:#e8edf3;font:18px/1.5 system-ui,sans-serif">
<main style="max-width:54em;margin:8vh auto;padding:0 32px">
<h1 style="color:#ff6b6b;font-size:28px" data-testid="open-error">The show did not start</h1>
<pre style="white-space:pre-wrap;font:16px/1.5 ui-monospace,monospace;background:#131a22;padding:18px 22px;border-radius:10px">` +
		html.EscapeString(msg) + `</pre>
<p style="color:#9fb0c0">Close this window, then start Forkcast again with what is missing.</p>
</main></body></html>`)
}

// showOpenError opens the desktop window on openErrorPage until the speaker
// closes it (or ctx ends). Without a window system it does nothing more
// than stderr already did.
func showOpenError(ctx context.Context, env Env, err error) {
	page := fstest.MapFS{"index.html": {Data: openErrorPage(err)}}
	_ = desktop.Run(ctx, desktop.New(desktop.Config{}), desktop.WindowOptions{Title: "Forkcast", Width: 900, Height: 600, Assets: page, Icon: env.Icon})
}
