package modem

import (
	"context"
	"strings"
	"testing"

	"forkcast/app/testkit"
	"forkcast/bridge/modem/at"
	"forkcast/bridge/modem/modemtest"
)

// execLines runs one command on an AT link over a scripted reply.
func execLines(t *testing.T, reply string, r at.Request) ([]string, error) {
	t.Helper()
	p := at.NewPort(modemtest.NewScripted(func(string) string { return reply }))
	t.Cleanup(func() { p.Close() })
	// The scripted modem answers at once: both deadlines are only generous bounds.
	l := at.NewLink(p, nil, testkit.Patience, func(at.Unsolicited) {})
	ctx, cancel := context.WithTimeout(context.Background(), testkit.Patience)
	defer cancel()
	return l.Exec(ctx, r)
}

// dumpCommand returns the first line of a Gammu dump (the command).
func dumpCommand(dump string) string {
	line, _, _ := strings.Cut(dump, "\n")
	return strings.TrimSpace(line)
}
