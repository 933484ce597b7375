package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"forkcast/app/phone"
	"forkcast/app/show"
	"forkcast/app/sqlite"
	"forkcast/app/sqlite/dbfile"
	"forkcast/app/vote"
)

// djangoSession is a rehearsal of the Django talk stored in a real SQLite
// file, and what no published page may contain.
type djangoSession struct {
	db, story string
	id        int64
	// secrets: every sender number (as sent, E.164, masked), every voter
	// hash, every text that was not a valid vote, the private override's
	// reason.
	secrets []string
	// public: the public override's reason.
	public string
}

// rehearseDjango presents stories/django-deployment.md on the real engine
// (rehearsal mode, a fake clock) into a database in dir: every fork voted by
// 40 phones with changed votes, invalid and late texts and a text with a
// phone number in it; crisis-2 overridden with a public reason, crisis-4
// with a private one; the rating answered.
func rehearseDjango(t testing.TB, dir string) djangoSession {
	t.Helper()
	path := filepath.Join(root(t), "stories", "django-deployment.md")
	s := loadStory(t, path)
	for _, sc := range s.Scenes {
		sc.Vote.Grace = 0 // a text after the close is late at once
	}
	dbPath := filepath.Join(dir, "forkcast.db")
	db, err := sqlite.Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	clock := &walkClock{t: time.Date(2026, 10, 14, 15, 0, 0, 0, time.UTC)}
	ctx := context.Background()
	e, err := show.New(ctx, show.Config{Story: s, Store: db, Mode: show.Rehearsal, Region: "US", Now: clock.Now, NewSession: true})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	ds := djangoSession{db: dbPath, story: path, public: "The projector shows metrics badly, so we skip them"}
	const private = "private-reason-xyzzy the sponsor asked"
	ds.secrets = append(ds.secrets, private)
	number := func(i int) string { return fmt.Sprintf("+1 503 555 %04d", 1000+i) }
	for i := range 40 {
		n := number(i)
		norm := fmt.Sprintf("+1503555%04d", 1000+i)
		ds.secrets = append(ds.secrets, n, norm, phone.Mask(norm), fmt.Sprintf("(503) 555-%04d", 1000+i))
	}
	seq := 0
	msg := func(i int, text string) vote.Message {
		seq++
		return vote.Message{Source: []string{"modem", "relay"}[i%2], ProviderID: fmt.Sprint(seq), Sender: number(i), Text: text, ReceivedAt: clock.Now()}
	}
	polls := 0
	for step := 0; step < 500; step++ {
		st := e.State()
		if st.Ended {
			break
		}
		clock.Advance(25 * time.Second) // the speaker talks over the slide
		if st.Poll != nil && st.Poll.State == show.PollReady && st.AtFork {
			polls++
			if err := e.OpenPoll(ctx); err != nil {
				t.Fatalf("open poll at %s: %v", st.Scene, err)
			}
			var msgs []vote.Message
			k := len(st.Poll.Choices)
			for i := range 40 {
				clock.Advance(300 * time.Millisecond)
				text := fmt.Sprint(1 + (i*7+polls)%max(k, 1))
				if st.Poll.Kind == vote.PollRating {
					text = fmt.Sprint(1 + (i*3)%10)
				}
				msgs = append(msgs, msg(i, text))
			}
			for i := range 5 { // five phones change their minds
				clock.Advance(time.Second)
				msgs = append(msgs, msg(i, "1"))
			}
			invalid := fmt.Sprintf("what is this poll about zq%c", rune('a'+polls))
			numbered := fmt.Sprintf("call me on 503 555 %04d", 2000+polls)
			ds.secrets = append(ds.secrets, invalid, numbered)
			msgs = append(msgs, msg(3, invalid), msg(4, numbered))
			if err := e.Ingest(ctx, msgs); err != nil {
				t.Fatal(err)
			}
			clock.Advance(4 * time.Second)
			switch st.Scene {
			case "crisis-2":
				err = e.Pick(ctx, 2, ds.public)
			case "crisis-4":
				err = e.PickPrivate(ctx, 2, private)
			default:
				err = e.ClosePoll(ctx)
			}
			if err != nil {
				t.Fatalf("close poll at %s: %v", st.Scene, err)
			}
			late := fmt.Sprintf("late vote text %d", polls)
			clock.Advance(2 * time.Second)
			if err := e.Ingest(ctx, []vote.Message{msg(7, "2"), msg(8, late)}); err != nil {
				t.Fatal(err)
			}
			ds.secrets = append(ds.secrets, late)
			if p := e.State().Poll; p != nil && p.State == show.PollClosed { // a tie waits for the speaker
				if err := e.Pick(ctx, p.Tie[0], ""); err != nil {
					t.Fatalf("break the tie at %s: %v", st.Scene, err)
				}
			}
		}
		if err := e.Next(ctx); err != nil {
			t.Fatalf("next at %s/%d: %v", st.Scene, st.Slide, err)
		}
	}
	if !e.State().Ended {
		t.Fatalf("the walk did not reach the end: at %s", e.State().Scene)
	}
	if polls < 4 {
		t.Fatalf("%d polls, want every fork and the rating", polls)
	}
	ds.id = e.State().Session.ID
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	raw, err := dbfile.Open(dbPath, dbfile.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	rows, err := raw.Query(`SELECT DISTINCT voter FROM inbox`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			t.Fatal(err)
		}
		ds.secrets = append(ds.secrets, h)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return ds
}

// root is the repository's root folder.
func root(t testing.TB) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(wd, "..", "..")
}
