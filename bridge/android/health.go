package android

import (
	"errors"
	"fmt"
	"maps"
	"strconv"
	"strings"
	"sync"
	"time"

	"forkcast/app/vote"
)

// RCSWarning is shown with the phone's health: the app sees SMS only, and a
// phone with chat features on may receive texts from other chat-capable phones
// as RCS messages, which never reach it.
const RCSWarning = "Turn off chat features (RCS) on this phone, or texts from some phones never arrive as SMS."

// noHookAfter is how long texts may come by the inbox alone, with a webhook
// registered, before Health says the webhook does not arrive.
const noHookAfter = 30 * time.Second

// inbox support, as learned from GET /inbox.
const (
	inboxUnknown = iota
	inboxYes
	inboxNo // 404: the app is older than 1.59
)

// facts is what the Source knows; summarize turns it into vote.Health.
type facts struct {
	Running   bool
	Reached   bool      // the phone answered at least once
	LastOK    time.Time // last answer of the phone
	FailSince time.Time // first failure since the last answer; zero while answering
	LastErr   error     // why the phone did not answer
	Device    string    // "MANUFACTURER/PRODUCT"
	Version   string    // the app's version
	Status    string    // the app's own health: pass, warn, fail
	Battery   int       // percent; -1 unknown
	Charging  int       // battery:charging flags; -1 unknown
	Transport int       // connection:transport flags; -1 unknown
	Cellular  int       // connection:cellular index; -1 unknown
	Inbox     int       // inboxUnknown, inboxYes, inboxNo
	Total     int       // X-Total-Count of the last read; -1 unknown
	Webhook   string    // "", "on", or why not
	IngestErr error     // the engine refused the last batch
	Stale     int64     // webhooks refused as forged or stale
	NoHook    int       // texts the inbox brought first since the last webhook
	NoHookAt  time.Time // when the first of them was committed
	Skew      time.Duration
	SkewKnown bool
}

// health is the concurrency-safe state behind Source.Health.
type health struct {
	mu        sync.Mutex
	name      string
	downAfter time.Duration
	noHook    time.Duration // noHookAfter, shorter in tests
	now       func() time.Time
	f         facts
	received  int64
	lastText  time.Time
}

func (h *health) update(fn func(*facts)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	fn(&h.f)
}

func (h *health) texts(n int, at time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.received += int64(n)
	h.lastText = at
}

func (h *health) get() vote.Health {
	h.mu.Lock()
	defer h.mu.Unlock()
	f := h.f
	state, detail := summarize(f, h.now(), h.downAfter, h.noHook)
	return vote.Health{Source: h.name, Kind: "android", State: state, Detail: detail,
		LastText: h.lastText, Received: h.received, Metrics: maps.Clone(metrics(f))}
}

// summarize gives the state and the one sentence the console shows.
func summarize(f facts, now time.Time, downAfter, noHook time.Duration) (string, string) {
	switch {
	case !f.Running:
		return vote.HealthStopped, "The Android phone is not being read."
	case errors.Is(f.LastErr, ErrUnauthorized):
		return vote.HealthDown, "The phone refused the password: copy user and password from the app's Home tab (Local server) into pass= or " + EnvPass + "."
	case !f.Reached && f.LastErr != nil:
		return vote.HealthConnecting, "Cannot reach the phone (" + shortErr(f.LastErr) + "): check it is on the same Wi-Fi or hotspot and the app's local server is Online."
	case !f.Reached:
		return vote.HealthConnecting, "Connecting to the phone."
	case !f.FailSince.IsZero() && now.Sub(f.FailSince) >= downAfter:
		return vote.HealthDown, fmt.Sprintf("The phone stopped answering at %s (%s): check its Wi-Fi, that the app's local server is still Online, and that battery saving has not stopped the app.",
			f.LastOK.Format("15:04:05"), shortErr(f.LastErr))
	case f.IngestErr != nil:
		return vote.HealthDegraded, "The show could not store the last texts; they stay on the phone and are read again."
	case f.Inbox == inboxNo && f.Webhook != "on":
		return vote.HealthDown, "This version of the app cannot list its inbox and no webhook is set: update the app to 1.59 or later."
	case f.Inbox == inboxNo:
		return vote.HealthDegraded, "This version of the app cannot list its inbox: texts come by webhook only; update the app to 1.59 or later."
	case f.Battery >= 0 && f.Battery < 15 && f.Charging == 0:
		return vote.HealthDegraded, fmt.Sprintf("The phone's battery is at %d%% and not charging: plug it in.", f.Battery)
	case f.Webhook != "" && f.Webhook != "on":
		return vote.HealthDegraded, "Reading the phone's inbox; the webhook is off: " + f.Webhook
	case f.Webhook == "on" && f.NoHook >= 3 && now.Sub(f.NoHookAt) > noHook:
		return vote.HealthDegraded, "Texts come only by reading the inbox, none by webhook: check that 'adb reverse' still runs and that the app's Require Internet connection is off."
	case f.SkewKnown && (f.Skew > 2*time.Minute || f.Skew < -2*time.Minute):
		return vote.HealthOK, fmt.Sprintf("Receiving; the phone's clock is %s off (votes are timed by the laptop).", roundSkew(abs(f.Skew)))
	}
	return vote.HealthOK, "Receiving texts from " + orDefault(f.Device, "the phone") + "."
}

func metrics(f facts) map[string]string {
	m := map[string]string{"rcs": RCSWarning}
	if f.Battery >= 0 {
		b := strconv.Itoa(f.Battery) + "%"
		if f.Charging > 0 {
			b += ", " + charging(f.Charging)
		} else if f.Charging == 0 {
			b += ", not charging"
		}
		m["battery"] = b
	}
	if n := network(f.Transport, f.Cellular); n != "" {
		m["network"] = n
	}
	if f.SkewKnown {
		m["clock"] = skewText(f.Skew)
	}
	if f.Version != "" {
		m["app"] = f.Version
	}
	switch f.Inbox {
	case inboxYes:
		if f.Total >= 0 {
			m["inbox"] = strconv.Itoa(f.Total) + " recent texts"
		}
	case inboxNo:
		m["inbox"] = "not available (app too old)"
	}
	if f.Webhook == "" {
		m["webhook"] = "off (reading the inbox)"
	} else {
		m["webhook"] = f.Webhook
	}
	if f.Stale > 0 {
		m["refused"] = strconv.FormatInt(f.Stale, 10) + " forged or stale webhooks"
	}
	return m
}

// charging reads the app's battery:charging flags (1 charging, 2 AC, 4 USB).
func charging(flags int) string {
	var src []string
	if flags&2 != 0 {
		src = append(src, "AC")
	}
	if flags&4 != 0 {
		src = append(src, "USB")
	}
	if len(src) == 0 {
		return "charging"
	}
	return "charging (" + strings.Join(src, ", ") + ")"
}

// network reads connection:transport (flags: 2 cellular, 4 Wi-Fi, 8
// Ethernet) and connection:cellular (2..5 = 2G..5G). The app reports no
// signal strength.
func network(transport, cellular int) string {
	var parts []string
	if transport > 0 && transport&4 != 0 {
		parts = append(parts, "Wi-Fi")
	}
	if transport > 0 && transport&8 != 0 {
		parts = append(parts, "Ethernet")
	}
	if cellular >= 2 && cellular <= 5 {
		parts = append(parts, strconv.Itoa(cellular)+"G")
	} else if transport > 0 && transport&2 != 0 {
		parts = append(parts, "cellular")
	}
	if transport == 0 {
		parts = append(parts, "no network")
	}
	return strings.Join(parts, ", ")
}

func skewText(d time.Duration) string {
	r := roundSkew(abs(d))
	switch {
	case r < time.Second:
		return "in step with the laptop"
	case d > 0:
		return "phone " + r.String() + " ahead"
	default:
		return "phone " + r.String() + " behind"
	}
}

func roundSkew(d time.Duration) time.Duration { return d.Round(time.Second) }

func abs(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// shortErr names a network failure in a few words, for the console.
func shortErr(err error) string {
	if err == nil {
		return "no answer"
	}
	s := err.Error()
	for _, k := range []string{"connection refused", "no route to host", "i/o timeout", "deadline exceeded",
		"connection reset", "network is unreachable", "EOF"} {
		if strings.Contains(s, k) {
			return k
		}
	}
	var ae *APIError
	if errors.As(err, &ae) {
		return fmt.Sprintf("HTTP %d", ae.Status)
	}
	if len(s) > 60 {
		s = s[:60] + "..."
	}
	return s
}
