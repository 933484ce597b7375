package modem

import (
	"context"
	"strings"
	"testing"
	"time"

	"forkcast/bridge/modem/at"
	"forkcast/bridge/modem/modemtest"
)

// execLines runs one command on an AT link over a scripted reply.
func execLines(t *testing.T, reply string, r at.Request) ([]string, error) {
	t.Helper()
	p := at.NewPort(modemtest.NewScripted(func(string) string { return reply }))
	t.Cleanup(func() { p.Close() })
	l := at.NewLink(p, nil, 500*time.Millisecond, func(at.Unsolicited) {})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	return l.Exec(ctx, r)
}

// dumpCommand returns the first line of a Gammu dump (the command).
func dumpCommand(dump string) string {
	line, _, _ := strings.Cut(dump, "\n")
	return strings.TrimSpace(line)
}
