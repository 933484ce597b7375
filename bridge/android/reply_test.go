package android

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"forkcast/app/vote"
	"forkcast/bridge/android/androidtest"
)

func TestRepliesAreOffByDefault(t *testing.T) {
	phone := startPhone(t, androidtest.Options{})
	src := newSource(t, testConfig(phone, ""))
	run(t, src, newSink(t))
	waitHealth(t, src, vote.HealthOK, 10*time.Second)
	if err := src.Reply(t.Context(), "+15550001111", "Thanks!"); !errors.Is(err, ErrRepliesOff) {
		t.Fatalf("Reply with replies off: %v, want ErrRepliesOff", err)
	}
}

func TestRepliesGoThroughTheAppAndHonourStop(t *testing.T) {
	for _, legacy := range []bool{false, true} {
		t.Run(fmt.Sprintf("legacy=%v", legacy), func(t *testing.T) {
			phone := startPhone(t, androidtest.Options{LegacySend: legacy})
			dir := t.TempDir()
			c := testConfig(phone, "")
			c.Replies, c.State, c.SIM, c.ReplyInterval = true, openState(t, dir), 1, 10*time.Millisecond
			src := newSource(t, c)
			sink := newSink(t)
			r := run(t, src, sink)
			waitHealth(t, src, vote.HealthOK, 10*time.Second)

			if err := src.Reply(t.Context(), "+15550001111", "Thanks, counted!"); err != nil {
				t.Fatal(err)
			}
			waitFor(t, "the reply on the phone", 10*time.Second, func() (bool, string) {
				s := phone.SentMessages()
				return len(s) == 1, fmt.Sprint(s)
			})
			if s := phone.SentMessages()[0]; s.Text != "Thanks, counted!" || len(s.To) != 1 || s.To[0] != "+15550001111" || s.SIM != 1 {
				t.Fatalf("sent %+v", s)
			}
			if err := src.Reply(t.Context(), "Vodafone", "hi"); err == nil {
				t.Fatal("a reply to an alphanumeric sender was queued")
			}

			phone.Receive(androidtest.SMS{From: "+15550002222", Text: "Stop!", SIM: 1})
			sink.waitRows(t, 1, 10*time.Second)
			waitFor(t, "the opt-out", 5*time.Second, func() (bool, string) {
				err := src.Reply(t.Context(), "+15550002222", "Thanks")
				return errors.Is(err, ErrOptedOut), fmt.Sprint(err)
			})
			r.stop(t)

			// A new Source on the same state still honours the STOP.
			c.State = openState(t, dir)
			again := newSource(t, c)
			r2 := run(t, again, sink)
			waitHealth(t, again, vote.HealthOK, 10*time.Second)
			if err := again.Reply(t.Context(), "+1 555 000 2222", "Thanks"); !errors.Is(err, ErrOptedOut) {
				t.Fatalf("after a restart: %v, want ErrOptedOut", err)
			}
			phone.Receive(androidtest.SMS{From: "+15550002222", Text: "start", SIM: 1})
			sink.waitRows(t, 2, 10*time.Second)
			waitFor(t, "the opt-in", 5*time.Second, func() (bool, string) {
				err := again.Reply(t.Context(), "+15550002222", "Welcome back")
				return err == nil, fmt.Sprint(err)
			})
			waitFor(t, "the second reply on the phone", 10*time.Second, func() (bool, string) {
				s := phone.SentMessages()
				return len(s) == 2, fmt.Sprint(s)
			})
			r2.stop(t)
		})
	}
}

func TestReplyWhenThePhoneIsDown(t *testing.T) {
	phone := startPhone(t, androidtest.Options{})
	c := testConfig(phone, "")
	c.Replies = true
	src := newSource(t, c)
	src.h.downAfter = 200 * time.Millisecond
	run(t, src, newSink(t))
	waitHealth(t, src, vote.HealthOK, 10*time.Second)
	phone.SetDown(true)
	waitHealth(t, src, vote.HealthDown, 10*time.Second)
	if err := src.Reply(t.Context(), "+15550001111", "x"); !errors.Is(err, ErrNotReady) {
		t.Fatalf("Reply with the phone down: %v, want ErrNotReady", err)
	}
}
