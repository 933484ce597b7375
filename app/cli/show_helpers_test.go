package cli

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"testing"
	"time"
)

// openDemoShow opens the demo story's show with a fresh database, as the
// desktop app does, and closes it (then cancels its context) when the test
// ends. It fails t when the show does not open.
func openDemoShow(t *testing.T) (*showRuntime, context.Context) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	o := showFlags{story: filepath.Join("..", "..", "stories", "demo.md"), db: filepath.Join(t.TempDir(), "show.db")}
	r, err := openShow(ctx, o, Env{Stdout: io.Discard, Stderr: io.Discard, Version: "dev", Frontend: testFrontend})
	if err != nil {
		t.Fatalf("openShow: %v", err)
	}
	t.Cleanup(r.close)
	return r, ctx
}

// bearerDo sends method path to the server at dial (host:port) on a fresh
// connection, with the Host header host ("" = dial) and the bearer token
// ("" = none). It returns the status and body, or the request's error.
func bearerDo(t *testing.T, method, dial, host, path, token string) (int, []byte, error) {
	t.Helper()
	req, err := http.NewRequest(method, "http://"+dial+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if host != "" {
		req.Host = host
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	c := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := c.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b, nil
}
