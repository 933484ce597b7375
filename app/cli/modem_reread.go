package cli

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"forkcast/app/phone"
	"forkcast/app/show"
	"forkcast/app/sqlite"
	"forkcast/bridge/modem/pdu"
)

// runModemReread reads again, with this version's decoder, every text the
// modem kept raw (result "unreadable", or a row an older version stored with
// no sender and no text), and stores the text of each one that now decodes.
// Parts of one long text kept raw one by one are joined. The rows keep their
// result and are never counted: their polls are over, and a count must not
// change after the fact.
func runModemReread(ctx context.Context, args []string, env Env) int {
	stdout, stderr := env.Stdout, env.Stderr
	fs := newFlagSet("modem reread", "[--db PATH] [--region CC]", stderr)
	path := fs.String("db", "", "database file (default: the config folder's forkcast/forkcast.db)")
	region := fs.String("region", "US", "phone `REGION` for numbers written without a country code (for the masked sender)")
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
	raw, err := db.RawTexts(ctx, 0)
	if err != nil {
		return fail(stderr, "modem reread", err)
	}
	r := rereader{db: db, out: stdout, version: env.Version, region: *region,
		day: time.Now().UTC().Format("2006-01-02")}
	if err := r.run(ctx, raw); err != nil {
		return fail(stderr, "modem reread", err)
	}
	fmt.Fprintf(stdout, "Read %d texts kept raw; %d still unreadable.\n", r.read, r.kept)
	return exitOK
}

// rereader is one run of `modem reread`.
type rereader struct {
	db              *sqlite.DB
	out             io.Writer
	version, region string
	day             string
	read, kept      int
}

// rawPart is a raw row that decodes as one part of a long text.
type rawPart struct {
	row show.RawText
	d   pdu.Decoded
}

// run decodes every raw modem row not read yet: a whole text is stored at
// once; parts are grouped by session, sender, reference and count, then
// joined.
func (r *rereader) run(ctx context.Context, raw []show.RawText) error {
	groups := map[string][]rawPart{}
	var keys []string
	for _, row := range raw {
		if row.Source != "modem" || row.Text != "" || row.PDU == "" {
			continue // another source's, read already, or purged with the numbers
		}
		ds, ok := decodeRaw(row.PDU)
		if !ok {
			r.kept++
			continue
		}
		if len(ds) == 1 && ds[0].Total > 1 {
			k := fmt.Sprintf("%d|%s", row.Session, pdu.GroupKey(ds[0].Sender, ds[0].Ref, ds[0].Total))
			if groups[k] == nil {
				keys = append(keys, k)
			}
			groups[k] = append(groups[k], rawPart{row: row, d: ds[0]})
			continue
		}
		partial := ds[0].Total != len(ds)
		if err := r.store(ctx, row, pdu.Join(ds), ds[0].Sender, partial, ""); err != nil {
			return err
		}
	}
	for _, k := range keys {
		if err := r.join(ctx, groups[k]); err != nil {
			return err
		}
	}
	return nil
}

// join stores a long text's parts: the whole text (or as much as was kept)
// on the row of its first part, each other row its own part's text.
func (r *rereader) join(ctx context.Context, parts []rawPart) error {
	sort.SliceStable(parts, func(i, j int) bool { return parts[i].d.Seq < parts[j].d.Seq })
	var uniq []pdu.Decoded
	var ids []string
	for i, p := range parts {
		if i == 0 || p.d.Seq != parts[i-1].d.Seq {
			uniq = append(uniq, p.d)
			ids = append(ids, fmt.Sprintf("#%d", p.row.ID))
		}
	}
	total := parts[0].d.Total
	head := parts[0]
	for _, p := range parts {
		if p.row.ID < head.row.ID {
			head = p
		}
	}
	note := fmt.Sprintf(" Joined %d of its %d parts (texts %s).", len(uniq), total, strings.Join(ids, ", "))
	if err := r.store(ctx, head.row, pdu.Join(uniq), head.d.Sender, len(uniq) != total, note); err != nil {
		return err
	}
	for _, p := range parts {
		if p.row.ID == head.row.ID {
			continue
		}
		note := fmt.Sprintf(" Part %d of %d; the whole text is on text #%d.", p.d.Seq, total, head.row.ID)
		if err := r.store(ctx, p.row, pdu.Join([]pdu.Decoded{p.d}), p.d.Sender, true, note); err != nil {
			return err
		}
	}
	return nil
}

// store records one row's text, and says so on stdout.
func (r *rereader) store(ctx context.Context, row show.RawText, text, sender string, partial bool, note string) error {
	reason := fmt.Sprintf("Unreadable when it arrived (%s); read again by forkcast %s on %s; never counted.%s",
		row.Result, r.version, r.day, note)
	masked := phone.Mask(phone.Normalize(sender, r.region))
	if err := r.db.SetReadAgain(ctx, row.ID, text, masked, partial, reason); err != nil {
		return err
	}
	r.read++
	fmt.Fprintf(r.out, "text %d (session %d): %q\n", row.ID, row.Session, text)
	return nil
}

// decodeRaw decodes a raw inbox PDU (one, or several parts separated by
// spaces, in order), with or without its SMSC address. ok is false unless
// every PDU is a received text.
func decodeRaw(raw string) ([]pdu.Decoded, bool) {
	var ds []pdu.Decoded
	for _, p := range strings.Fields(raw) {
		d := pdu.Decode(p, -1)
		if d.Kind == pdu.KindBad {
			// The modem may have printed it without its SMSC address: the
			// length it announced then was every octet's.
			if alt := pdu.Decode(p, len(p)/2); alt.Kind == pdu.KindText {
				d = alt
			}
		}
		if d.Kind != pdu.KindText {
			return nil, false
		}
		ds = append(ds, d)
	}
	return ds, len(ds) > 0
}
