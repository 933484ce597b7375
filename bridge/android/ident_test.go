package android

import (
	"strings"
	"testing"
	"time"
)

func TestProviderIDs(t *testing.T) {
	secret := []byte("0123456789abcdef0123456789abcdef")
	net0 := time.Date(2026, 6, 1, 20, 0, 5, 0, time.UTC)
	d := func(sender, text string, sim int, stamp time.Time) delivery {
		return delivery{Sender: sender, Text: text, SIM: sim, Stamp: stamp}
	}
	type step struct {
		name string
		d    delivery
		skew time.Duration
		same string // name of an earlier step with the same id; "" = a new id
	}
	cases := []struct {
		name  string
		steps []step
	}{
		{"a retry, the app's duplicate event, and the inbox row share the id", []step{
			{"webhook", d("+15550001", "1", 1, net0), 0, ""},
			{"retry", d("+15550001", "1", 1, net0), 0, "webhook"},
			{"inbox", d("+15550001", "1", 1, net0.In(time.FixedZone("", 7200))), 0, "webhook"},
		}},
		{"two identical texts a second apart are two", []step{
			{"first", d("+15550001", "1", 1, net0), 0, ""},
			{"second", d("+15550001", "1", 1, net0.Add(time.Second)), 0, ""},
		}},
		{"other sender, SIM or text: another id", []step{
			{"a", d("+15550001", "1", 1, net0), 0, ""},
			{"sender", d("+15550002", "1", 1, net0), 0, ""},
			{"sim", d("+15550001", "1", 2, net0), 0, ""},
			{"text", d("+15550001", "2", 1, net0), 0, ""},
		}},
		{"one number spelt two ways is one sender", []step{
			{"e164", d("+1 (555) 000-1", "1", 1, net0), 0, ""},
			{"plain", d("+15550001", "1", 1, net0), 0, "e164"},
		}},
		{"the fallback path's copy, phone clock 10 minutes ahead, takes the network copy's id", []step{
			{"broadcast", d("+15550001", "1", 1, net0), 10 * time.Minute, ""},
			{"observer", d("+15550001", "1", 1, net0.Add(10*time.Minute+1234*time.Millisecond)), 10 * time.Minute, "broadcast"},
		}},
		{"the fallback copy first: the network copy takes its id", []step{
			{"observer", d("+15550001", "1", 1, net0.Add(-10*time.Minute+800*time.Millisecond)), -10 * time.Minute, ""},
			{"broadcast", d("+15550001", "1", 1, net0), -10 * time.Minute, "observer"},
		}},
		{"two identical texts by both paths pair with the closest twin", []step{
			{"net1", d("+15550001", "1", 1, net0), 0, ""},
			{"net2", d("+15550001", "1", 1, net0.Add(20*time.Second)), 0, ""},
			{"phone2", d("+15550001", "1", 1, net0.Add(21*time.Second+5*time.Millisecond)), 0, "net2"},
			{"phone1", d("+15550001", "1", 1, net0.Add(1*time.Second+7*time.Millisecond)), 0, "net1"},
		}},
		{"a phone copy far outside the window is its own text", []step{
			{"net", d("+15550001", "1", 1, net0), 0, ""},
			{"phone", d("+15550001", "1", 1, net0.Add(11*time.Minute+3*time.Millisecond)), 0, ""},
		}},
		{"without the skew, a phone 10 minutes ahead cannot be paired", []step{
			{"net", d("+15550001", "1", 1, net0), 0, ""},
			{"phone", d("+15550001", "1", 1, net0.Add(10*time.Minute+1234*time.Millisecond)), 0, ""},
		}},
		// The documented limit: a phone-clock stamp on a whole second looks
		// like a network stamp, so its text is stored twice (one vote per
		// phone still counts it once).
		{"a phone-clock stamp on a whole second is taken for a second text", []step{
			{"net", d("+15550001", "1", 1, net0), 0, ""},
			{"phone", d("+15550001", "1", 1, net0.Add(2*time.Second)), 0, ""},
		}},
	}
	for _, c := range cases {
		id := newIdentifier(secret, nil)
		ids := map[string]string{}
		for _, s := range c.steps {
			got, _, _ := id.assign(s.d, s.skew)
			if !strings.HasPrefix(got, idPrefix) || len(got) != len(idPrefix)+32 {
				t.Fatalf("%s/%s: id %q is not an1- and 32 hex digits", c.name, s.name, got)
			}
			if s.same != "" && got != ids[s.same] {
				t.Errorf("%s: %s got %s, want %s's id %s", c.name, s.name, got, s.same, ids[s.same])
			}
			if s.same == "" {
				for name, other := range ids {
					if other == got {
						t.Errorf("%s: %s got the same id as %s", c.name, s.name, name)
					}
				}
			}
			ids[s.name] = got
		}
	}
}

func TestProviderIDsSurviveARestartAndRevealNoNumber(t *testing.T) {
	secret := []byte("0123456789abcdef0123456789abcdef")
	net0 := time.Date(2026, 6, 1, 20, 0, 5, 0, time.UTC)
	a := newIdentifier(secret, nil)
	var saved []Pair
	keep := func(id string, _ time.Time, p *Pair) string {
		if p != nil {
			saved = append(saved, *p)
		}
		return id
	}
	phone := delivery{Sender: "+15550001", Text: "1", SIM: 1, Stamp: net0.Add(2*time.Second + 300*time.Millisecond)}
	net := delivery{Sender: "+15550001", Text: "1", SIM: 1, Stamp: net0}
	first := keep(a.assign(phone, 0))
	if keep(a.assign(net, 0)) != first {
		t.Fatal("twins got two ids")
	}
	// After a restart the inbox lists the phone-stamped row first (newest
	// first); without the saved decisions it would keep its own id and the
	// network copy would pair with it under a new one.
	b := newIdentifier(secret, saved)
	if got, _, _ := b.assign(net, 0); got != first {
		t.Errorf("after restart the network copy got %s, want %s", got, first)
	}
	if got, _, _ := b.assign(phone, 0); got != first {
		t.Errorf("after restart the phone copy got %s, want %s", got, first)
	}
	for _, p := range saved {
		for _, s := range []string{p.Exact, p.Content, p.ID} {
			if strings.Contains(s, "5550001") {
				t.Errorf("saved pair %+v shows the number", p)
			}
		}
	}
	other := newIdentifier([]byte("another secret, another laptop.."), nil)
	if got, _, _ := other.assign(net, 0); got == first {
		t.Error("the id does not depend on the secret: it can be brute-forced back to the number")
	}
}
