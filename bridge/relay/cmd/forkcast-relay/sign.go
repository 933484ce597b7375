package main

import (
	"errors"
	"flag"
	"fmt"
	"net/url"

	"forkcast/bridge/relay/server"
)

// mainSign prints a curl command posting a test text signed as Twilio signs it.
func mainSign(args []string, env Env) int {
	fs := flag.NewFlagSet("forkcast-relay sign", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprint(env.Stderr, "Print a curl command posting a text signed as Twilio signs it.\n"+
			"The token is TWILIO_AUTH_TOKEN (or --twilio-token-file): the relay's own.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	webhook := fs.String("url", "", "the webhook `URL` as configured in Twilio, e.g. https://relay.example.com/twilio/sms (required)")
	from := fs.String("from", "+15005550006", "sender `number`")
	to := fs.String("to", "+15005550001", "your Twilio `number`")
	body := fs.String("body", "1", "the `text`")
	sid := fs.String("sid", "", "MessageSid (default: random; reuse one to test deduplication)")
	tokenFile := fs.String("twilio-token-file", "", "read the auth token from this `file`")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if *webhook == "" || fs.NArg() > 0 {
		fmt.Fprintln(env.Stderr, "forkcast-relay sign: --url is required (and takes no arguments)")
		return exitUsage
	}
	if u, err := url.Parse(*webhook); err != nil || u.Host == "" {
		fmt.Fprintf(env.Stderr, "forkcast-relay sign: --url %q is not an absolute URL\n", *webhook)
		return exitUsage
	}
	token, err := secret(env, *tokenFile, "TWILIO_AUTH_TOKEN")
	if err == nil && token == "" {
		err = errors.New("TWILIO_AUTH_TOKEN is not set (or use --twilio-token-file)")
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "forkcast-relay sign: %v\n", err)
		return exitUsage
	}
	fmt.Fprintln(env.Stdout, server.SignedCurl(token, *webhook, server.TwilioTestParams(*sid, *from, *to, *body)))
	return exitOK
}
