package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"forkcast/app/phone"
	"forkcast/bridge/modem/pdu"
)

// runModemReread reads again, with this version's decoder, every text the
// modem kept raw (inbox result "unreadable"), and stores the text of each one
// that now decodes. The rows stay "unreadable" and uncounted: their polls are
// over, and a count must not change after the fact.
func runModemReread(ctx context.Context, args []string, env Env) int {
	stdout, stderr := env.Stdout, env.Stderr
	fs := newFlagSet("modem reread", "[--db PATH]", stderr)
	path := fs.String("db", "", "database file (default: the config folder's forkcast/forkcast.db)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return usageError(stderr, "modem reread", "takes no arguments")
	}
	db, err := openExisting(*path)
	if err != nil {
		return fail(stderr, "modem reread", err)
	}
	defer db.Close()
	raw, err := db.UnreadableTexts(ctx, 0)
	if err != nil {
		return fail(stderr, "modem reread", err)
	}
	read, kept := 0, 0
	for _, r := range raw {
		if r.Source != "modem" || r.Text != "" || r.PDU == "" {
			continue // another source's, read already, or purged
		}
		text, sender, partial, ok := decodeRaw(r.PDU)
		if !ok {
			kept++
			continue
		}
		reason := fmt.Sprintf("Unreadable when it arrived; read again by forkcast %s on %s. Never counted.",
			env.Version, time.Now().UTC().Format("2006-01-02"))
		if err := db.SetReadAgain(ctx, r.ID, text, phone.Mask(phone.Normalize(sender, "")), partial, reason); err != nil {
			return fail(stderr, "modem reread", err)
		}
		read++
		fmt.Fprintf(stdout, "text %d (session %d): %q\n", r.ID, r.Session, text)
	}
	fmt.Fprintf(stdout, "Read %d texts kept raw; %d still unreadable.\n", read, kept)
	return exitOK
}

// decodeRaw decodes a raw inbox PDU (one, or several parts separated by
// spaces, in order). ok is false unless every PDU is a received text; partial
// says the parts do not make a whole text.
func decodeRaw(raw string) (text, sender string, partial, ok bool) {
	var ds []pdu.Decoded
	for _, p := range strings.Fields(raw) {
		d := pdu.Decode(p, -1)
		if d.Kind != pdu.KindText {
			return "", "", false, false
		}
		ds = append(ds, d)
	}
	if len(ds) == 0 {
		return "", "", false, false
	}
	return pdu.Join(ds), ds[0].Sender, len(ds) != ds[0].Total, true
}
