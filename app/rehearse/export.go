package rehearse

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"

	"forkcast/app/vote"
)

// ExportStream writes the vote stream (vote.StreamFormat) of sessions from
// st to w, in order, their polls numbered on from one session to the next:
// every text received for a poll, with its offset from the poll's opening and
// a pseudonym of its voter that no one can turn back into a number. Polls
// decided without opening (a pick with no vote) are left out. It fails with
// show.ENOTFOUND when a session does not exist, and when the store or w fails.
func ExportStream(ctx context.Context, st Store, sessions []int64, w io.Writer) error {
	sw := vote.NewStreamWriter(w)
	ordinal := 0
	for i, id := range sessions {
		ses, err := st.Session(ctx, id)
		if err != nil {
			return fmt.Errorf("export session %d: %w", id, err)
		}
		if i == 0 {
			hdr := vote.StreamSession{Session: id, Mode: string(ses.Mode), Story: ses.StoryHash, Title: ses.Title}
			if err := sw.Session(hdr); err != nil {
				return err
			}
		}
		if ordinal, err = exportPolls(ctx, st, sw, id, sessions[0], ordinal); err != nil {
			return fmt.Errorf("export session %d: %w", id, err)
		}
	}
	return nil
}

// exportPolls writes session's polls and their texts, numbering from ordinal+1.
func exportPolls(ctx context.Context, st Store, sw *vote.StreamWriter, session, salt int64, ordinal int) (int, error) {
	polls, err := st.OpenedPolls(ctx, session)
	if err != nil {
		return ordinal, err
	}
	for _, p := range polls {
		ordinal++
		line := vote.StreamPoll{Poll: ordinal, Scene: p.Scene, Kind: string(p.Kind)}
		if !p.ClosedAt.IsZero() {
			line.DurationMs = p.ClosedAt.Sub(p.OpenedAt).Milliseconds()
		}
		if err := sw.Poll(line); err != nil {
			return ordinal, err
		}
		texts, err := st.PollTexts(ctx, p.ID)
		if err != nil {
			return ordinal, err
		}
		for _, m := range texts {
			err := sw.Text(vote.StreamText{Poll: ordinal, OffsetMs: m.ReceivedAt.Sub(p.OpenedAt).Milliseconds(),
				Voter: pseudonym(salt, m.Voter), Text: m.Text})
			if err != nil {
				return ordinal, err
			}
		}
	}
	return ordinal, nil
}

// pseudonym hides a stored voter key (already an HMAC of the number) behind
// a hash salted with the export's first session, so two exports cannot be
// joined, while one voter keeps one pseudonym within an export.
func pseudonym(salt int64, voter string) string {
	if voter == "" {
		return ""
	}
	h := sha256.Sum256([]byte(strconv.FormatInt(salt, 10) + ":" + voter))
	return "v" + hex.EncodeToString(h[:6])
}
