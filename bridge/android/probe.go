package android

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Check is one line of a probe Report: what was checked, what was found, and
// when it is not OK, what to do.
type Check struct {
	Name   string
	OK     bool
	Detail string
	Fix    string
}

// Report is what Probe found, in the order it looked.
type Report struct {
	URL    string
	Checks []Check
}

// OK reports whether every check passed.
func (r Report) OK() bool {
	for _, c := range r.Checks {
		if !c.OK {
			return false
		}
	}
	return len(r.Checks) > 0
}

// String lays the report out for a terminal, one check a line and the fix
// under each failed one.
func (r Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Android phone at %s\n", r.URL)
	for _, c := range r.Checks {
		mark := "ok  "
		if !c.OK {
			mark = "FAIL"
		}
		fmt.Fprintf(&b, "  %s %-12s %s\n", mark, c.Name, c.Detail)
		if !c.OK && c.Fix != "" {
			fmt.Fprintf(&b, "       %-12s fix: %s\n", "", c.Fix)
		}
	}
	return b.String()
}

// minInboxVersion is the first app version with GET /inbox.
const minInboxVersion = "1.59.0"

// Probe checks, in order, that the phone answers, which version of the app it
// runs, that the credentials work, that the inbox can be read, the phone's
// clock and battery, and the webhook path (registering the webhook when
// Config.Webhook is set: that is the only change it makes on the phone). It
// stops after the first check that leaves nothing else to learn. It never
// fails: every problem is a Check with a fix. c need not be complete: a
// missing password is reported as a failed check.
func Probe(ctx context.Context, c Config) Report {
	r := Report{URL: c.URL}
	if err := c.Validate(); err != nil && c.URL == "" {
		r.Checks = append(r.Checks, Check{Name: "address", Detail: err.Error(), Fix: "give the address the app shows under Local server"})
		return r
	}
	c = c.withDefaults()
	api := newClient(c)
	hb, err := api.health(ctx)
	if err != nil {
		r.add("reach", false, "no answer from "+c.URL+" ("+shortErr(err)+")",
			"put the phone and this laptop on the same Wi-Fi or hotspot, switch the app's Local server on (it shows Online), and use the address and port it shows")
		return r
	}
	r.add("reach", true, "SMS Gateway for Android "+orDefault(hb.Version, "(version unknown)")+" answers", "")
	dev, err := api.device(ctx)
	switch {
	case errors.Is(err, ErrUnauthorized):
		r.add("credentials", false, "the phone refused user "+strconv.Quote(c.User)+" and the password",
			"copy the user and password from the app's Home tab (Local server) into pass= or "+EnvPass)
		return r
	case err != nil:
		r.add("credentials", false, "GET /device failed: "+err.Error(), "check the address points at the app, not another server")
		return r
	}
	r.add("credentials", true, "accepted; the phone is "+orDefault(dev.Name, "unnamed"), "")
	r.probeInbox(ctx, api, c, hb.Version)
	r.probeClock(api)
	r.probeBattery(hb)
	r.probeWebhook(ctx, api, c)
	return r
}

func (r *Report) add(name string, ok bool, detail, fix string) {
	r.Checks = append(r.Checks, Check{Name: name, OK: ok, Detail: detail, Fix: fix})
}

func (r *Report) probeInbox(ctx context.Context, api *client, c Config, version string) {
	now := c.Now()
	_, total, err := api.inbox(ctx, now.Add(-24*time.Hour), now.Add(farAhead), 1, 0)
	var ae *APIError
	switch {
	case errors.As(err, &ae) && ae.Status == http.StatusNotFound:
		r.add("inbox", false, "this version of the app ("+orDefault(version, "unknown")+") cannot list its inbox",
			"update the app to "+minInboxVersion+" or later (GitHub releases or F-Droid); until then only webhooks bring texts")
	case err != nil:
		r.add("inbox", false, "GET /inbox failed: "+err.Error(), "update the app; if it persists, report the message above")
	case total < 0:
		r.add("inbox", true, "readable (the app sent no X-Total-Count)", "")
	default:
		r.add("inbox", true, fmt.Sprintf("readable; %d texts in the last 24 hours", total), "")
	}
}

func (r *Report) probeClock(api *client) {
	skew, ok := api.skew.get()
	switch {
	case !ok:
		r.add("clock", true, "the phone sent no Date header; its clock is not checked", "")
	case abs(skew) > 2*time.Minute:
		r.add("clock", false, skewText(skew)+"; votes are timed by the laptop, but webhooks are checked against the phone's clock",
			"turn on the phone's automatic date and time (Settings > System > Date & time)")
	default:
		r.add("clock", true, skewText(skew), "")
	}
}

func (r *Report) probeBattery(hb healthBody) {
	level, flags := check(hb, "battery:level"), check(hb, "battery:charging")
	switch {
	case level < 0:
		r.add("battery", true, "not reported by this version of the app", "")
	case flags == 0 && level < 50:
		r.add("battery", false, fmt.Sprintf("%d%%, not charging", level), "plug the phone in and keep it charging during the talk")
	case flags > 0:
		r.add("battery", true, fmt.Sprintf("%d%%, %s", level, charging(flags)), "")
	default:
		r.add("battery", true, fmt.Sprintf("%d%%, not charging (plug it in for the talk)", level), "")
	}
}

// probeOtherHooks lists other sms:received webhooks: they get the
// audience's texts too.
func (r *Report) probeOtherHooks(ctx context.Context, api *client, c Config) {
	ws, err := api.webhooks(ctx)
	if err != nil {
		return
	}
	var others []string
	for _, w := range ws {
		if w.Event == EventSMSReceived && w.ID != "forkcast-"+c.Name {
			others = append(others, w.URL)
		}
	}
	if len(others) > 0 {
		r.add("other hooks", true, fmt.Sprintf("%d other webhooks also receive every text: %s", len(others), strings.Join(others, ", ")), "")
	}
}

func (r *Report) probeWebhook(ctx context.Context, api *client, c Config) {
	if c.Webhook == "" {
		r.probeOtherHooks(ctx, api, c)
		r.add("webhook", true, "not set: the inbox is read every "+c.Poll.String()+" (webhook=http://127.0.0.1:PORT"+DefaultWebhookPath+" over USB brings texts at once)", "")
		return
	}
	if c.Key == "" {
		r.add("webhook", false, "webhook= is set but no signing key", "copy Settings > Webhooks > Signing key into key= or "+EnvKey)
		return
	}
	err := api.registerWebhook(ctx, webhookReg{ID: "forkcast-" + c.Name, URL: c.Webhook, Event: EventSMSReceived})
	var ae *APIError
	switch {
	case errors.As(err, &ae) && ae.Status == http.StatusBadRequest:
		r.add("webhook", false, "the app refused "+c.Webhook+": "+ae.Message,
			"use http://127.0.0.1:PORT with a USB cable and 'adb reverse tcp:PORT tcp:PORT', or an https:// address with a certificate the phone trusts")
		return
	case err != nil:
		r.add("webhook", false, "registering "+c.Webhook+" failed: "+err.Error(), "check the app's Webhooks settings")
		return
	}
	r.add("webhook", true, "registered: the phone posts texts to "+c.Webhook+" (send a text to check it arrives)", "")
	r.probeOtherHooks(ctx, api, c)
	st, err := api.settings(ctx)
	if err == nil && st.Webhooks != nil && st.Webhooks.InternetRequired != nil && *st.Webhooks.InternetRequired {
		r.add("offline", false, "the app waits for an internet connection before sending webhooks",
			"turn off Settings > Webhooks > Require Internet connection in the app")
	}
}

// Unregister removes the webhook a Source with this Config registered on the
// phone (the Source leaves it in place when it stops, so a restarted laptop
// still gets the app's retries). It fails when the phone does not answer or
// refuses the credentials; a webhook already gone is not an error.
func Unregister(ctx context.Context, c Config) error {
	c = c.withDefaults()
	err := newClient(c).deleteWebhook(ctx, "forkcast-"+c.Name)
	var ae *APIError
	if errors.As(err, &ae) && ae.Status == http.StatusNotFound {
		return nil
	}
	return err
}
