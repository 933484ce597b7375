package server

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"
)

// TwilioTestParams returns the form fields of an inbound SMS as Twilio posts
// them (the fields Forkcast reads plus the usual companions). An empty sid
// gets a random one.
func TwilioTestParams(sid, from, to, body string) url.Values {
	if sid == "" {
		b := make([]byte, 16)
		rand.Read(b)
		sid = "SM" + hex.EncodeToString(b)
	}
	return url.Values{
		"MessageSid": {sid}, "SmsSid": {sid}, "SmsMessageSid": {sid},
		"AccountSid": {"AC00000000000000000000000000000000"},
		"From":       {from}, "To": {to}, "Body": {body},
		"NumSegments": {"1"}, "NumMedia": {"0"}, "SmsStatus": {"received"}, "ApiVersion": {"2010-04-01"},
	}
}

// SignedCurl returns a curl command line that posts params to webhookURL
// signed with token exactly as Twilio signs it.
func SignedCurl(token, webhookURL string, params url.Values) string {
	sig := SignTwilio(token, webhookURL, params)
	return fmt.Sprintf("curl -sS -X POST %s \\\n  -H %s \\\n  -H %s \\\n  --data %s",
		shellQuote(webhookURL), shellQuote("Content-Type: application/x-www-form-urlencoded"),
		shellQuote("X-Twilio-Signature: "+sig), shellQuote(params.Encode()))
}

func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
