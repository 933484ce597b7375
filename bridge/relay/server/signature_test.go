package server

import (
	"net/url"
	"strings"
	"testing"
)

// Twilio's documented example (FACTS.md, "Twilio and other providers").
var (
	docURL    = "https://mycompany.com/myapp.php?foo=1&bar=2"
	docToken  = "12345"
	docSig    = "0/KCTR6DLpKmkAf8muzZqo1nDgQ="
	docParams = func() url.Values {
		return url.Values{"CallSid": {"CA1234567890ABCDE"}, "Caller": {"+12349013030"},
			"Digits": {"1234"}, "From": {"+12349013030"}, "To": {"+18005551212"}}
	}
)

func TestSignTwilioDocumentedVector(t *testing.T) {
	if got := SignTwilio(docToken, docURL, docParams()); got != docSig {
		t.Fatalf("SignTwilio = %q, want %q", got, docSig)
	}
}

func TestValidTwilio(t *testing.T) {
	tampered := docParams()
	tampered.Set("Digits", "1235")
	extra := docParams()
	extra.Set("Body", "2")
	missing := docParams()
	missing.Del("Caller")
	cases := []struct {
		name   string
		token  string
		url    string
		params url.Values
		sig    string
		want   bool
	}{
		{"documented vector", docToken, docURL, docParams(), docSig, true},
		{"tampered body value", docToken, docURL, tampered, docSig, false},
		{"extra parameter", docToken, docURL, extra, docSig, false},
		{"missing parameter", docToken, docURL, missing, docSig, false},
		{"tampered URL path", docToken, "https://mycompany.com/myapp.php?foo=1&bar=3", docParams(), docSig, false},
		{"tampered host", docToken, "https://evil.com/myapp.php?foo=1&bar=2", docParams(), docSig, false},
		{"http instead of https", docToken, "http://mycompany.com/myapp.php?foo=1&bar=2", docParams(), docSig, false},
		{"explicit :443 on the server side", docToken, "https://mycompany.com:443/myapp.php?foo=1&bar=2", docParams(), docSig, true},
		{"wrong port", docToken, "https://mycompany.com:8443/myapp.php?foo=1&bar=2", docParams(), docSig, false},
		{"http default port is not https's", docToken, "https://mycompany.com:80/myapp.php?foo=1&bar=2", docParams(), docSig, false},
		{"wrong token", "12346", docURL, docParams(), docSig, false},
		{"empty token", "", docURL, docParams(), docSig, false},
		{"empty signature", docToken, docURL, docParams(), "", false},
		{"signature truncated", docToken, docURL, docParams(), docSig[:len(docSig)-1], false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := ValidTwilio(c.token, c.url, c.params, c.sig); got != c.want {
				t.Fatalf("ValidTwilio = %v, want %v", got, c.want)
			}
		})
	}
}

// Twilio may sign the URL with or without the default port: the relay must
// accept both, whichever way its public URL is written.
func TestValidTwilioDefaultPorts(t *testing.T) {
	p := smsParams("SM1", "+15005550006", "1")
	cases := []struct{ signed, configured string }{
		{"https://relay.example.com/twilio/sms", "https://relay.example.com:443/twilio/sms"},
		{"https://relay.example.com:443/twilio/sms", "https://relay.example.com/twilio/sms"},
		{"http://relay.example.com/twilio/sms", "http://relay.example.com:80/twilio/sms"},
		{"http://relay.example.com:80/twilio/sms?x=1", "http://relay.example.com/twilio/sms?x=1"},
		{"https://relay.example.com:8443/twilio/sms", "https://relay.example.com:8443/twilio/sms"},
		{"https://[2001:db8::1]/twilio/sms", "https://[2001:db8::1]:443/twilio/sms"},
	}
	for _, c := range cases {
		sig := SignTwilio(testTwilioToken, c.signed, p)
		if !ValidTwilio(testTwilioToken, c.configured, p, sig) {
			t.Errorf("signed over %s, checked over %s: refused, want accepted", c.signed, c.configured)
		}
	}
	sig := SignTwilio(testTwilioToken, "https://relay.example.com:8443/twilio/sms", p)
	if ValidTwilio(testTwilioToken, "https://relay.example.com/twilio/sms", p, sig) {
		t.Errorf("a non-default port was dropped: accepted, want refused")
	}
}

func TestValidTwilioRepeatedParameter(t *testing.T) {
	p := smsParams("SM2", "+15005550006", "1")
	p["MediaUrl"] = []string{"https://a.example/2", "https://a.example/1"}
	sig := SignTwilio(testTwilioToken, testPublicURL, p)
	if !ValidTwilio(testTwilioToken, testPublicURL, p, sig) {
		t.Fatalf("repeated parameter: refused, want accepted")
	}
	// The same values in the other order sign the same (values are sorted).
	swapped := smsParams("SM2", "+15005550006", "1")
	swapped["MediaUrl"] = []string{"https://a.example/1", "https://a.example/2"}
	if !ValidTwilio(testTwilioToken, testPublicURL, swapped, sig) {
		t.Fatalf("repeated parameter in another order: refused, want accepted")
	}
	// Dropping one of the values must break it.
	dropped := smsParams("SM2", "+15005550006", "1")
	dropped["MediaUrl"] = []string{"https://a.example/2"}
	if ValidTwilio(testTwilioToken, testPublicURL, dropped, sig) {
		t.Fatalf("one value of a repeated parameter dropped: accepted, want refused")
	}
	want := "MediaUrlhttps://a.example/1MediaUrlhttps://a.example/2"
	if got := canonicalParams(map[string][]string{"MediaUrl": p["MediaUrl"]}); got != want {
		t.Fatalf("canonicalParams = %q, want %q", got, want)
	}
}

// When one name prefixes another ("To", "ToCity") the two orders found in
// Twilio's libraries differ; both are accepted.
func TestValidTwilioPrefixNamesBothOrders(t *testing.T) {
	p := url.Values{"To": {"abc"}, "ToCity": {"Paris"}}
	if canonicalParams(p) == concatSortedParams(p) {
		t.Fatalf("test needs params whose two orders differ")
	}
	for _, payload := range []string{canonicalParams(p), concatSortedParams(p)} {
		sig := twilioMAC([]byte(testTwilioToken), testPublicURL, payload)
		if !ValidTwilio(testTwilioToken, testPublicURL, p, sig) {
			t.Errorf("payload %q: refused, want accepted", payload)
		}
	}
}

func TestURLVariants(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"https://h/p?q=a%2Fb", []string{"https://h/p?q=a%2Fb", "https://h:443/p?q=a%2Fb"}},
		{"https://h:443", []string{"https://h:443", "https://h"}},
		{"http://h:8080/x", []string{"http://h:8080/x"}},
		{"ftp://h/x", []string{"ftp://h/x"}},
		{"not a url", []string{"not a url"}},
	}
	for _, c := range cases {
		got := urlVariants(c.in)
		if len(got) != len(c.want) {
			t.Errorf("urlVariants(%q) = %q, want %q", c.in, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("urlVariants(%q)[%d] = %q, want %q", c.in, i, got[i], c.want[i])
			}
		}
	}
}

func TestSignedCurlQuoting(t *testing.T) {
	p := url.Values{"Body": {"it's 1"}}
	line := SignedCurl("tok", "https://r.example/twilio/sms", p)
	if !strings.Contains(line, `--data 'Body=it%27s+1'`) {
		t.Fatalf("curl line %q, want the form body encoded and quoted", line)
	}
	if got, want := shellQuote("a'b"), `'a'\''b'`; got != want {
		t.Fatalf("shellQuote = %q, want %q", got, want)
	}
}
