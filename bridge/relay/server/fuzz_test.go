package server

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// FuzzTwilioWebhook drives the webhook with arbitrary bodies, content types
// and signatures. Properties: no panic; a 200 only for a request whose
// signature is right; a correctly signed form with a MessageSid is accepted.
func FuzzTwilioWebhook(f *testing.F) {
	f.Add("MessageSid=SM1&From=%2B15005550006&Body=1", "application/x-www-form-urlencoded", true, "")
	f.Add("MessageSid=SM2&Body=STOP", "application/x-www-form-urlencoded; charset=utf-8", true, "")
	f.Add("MessageSid=SM3&Body=1&Body=2", "application/x-www-form-urlencoded", true, "")
	f.Add("Body=no+sid", "application/x-www-form-urlencoded", true, "")
	f.Add("MessageSid=SM4&Body=%zz", "application/x-www-form-urlencoded", true, "")
	f.Add("MessageSid=SM5", "application/x-www-form-urlencoded", false, "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")
	f.Add("{}", "application/json", true, "")
	f.Add("", "", false, "")
	cfg := testConfig(f.TempDir())
	cfg.FailureRate = -1 // the fuzzer is one address making many mistakes
	srv, err := NewServer(cfg)
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { srv.Close() })
	h := srv.Handler()
	f.Fuzz(func(t *testing.T, body, contentType string, sign bool, sig string) {
		req := httptest.NewRequest(http.MethodPost, "/twilio/sms", strings.NewReader(body))
		req.Header.Set("Content-Type", contentType)
		params, perr := url.ParseQuery(body)
		validSig := false
		if sign && perr == nil {
			sig = SignTwilio(testTwilioToken, testPublicURL+"/twilio/sms", params)
			validSig = true
		}
		req.Header.Set("X-Twilio-Signature", sig)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		isForm := strings.HasPrefix(strings.ToLower(strings.TrimSpace(contentType)), "application/x-www-form-urlencoded")
		if rec.Code == http.StatusOK && !ValidTwilio(testTwilioToken, testPublicURL+"/twilio/sms", params, sig) {
			t.Fatalf("accepted a request with a wrong signature (status %d)", rec.Code)
		}
		hasSid := params.Get("MessageSid") != "" || params.Get("SmsSid") != ""
		if validSig && hasSid && contentType == "application/x-www-form-urlencoded" && len(body) <= int(cfg.MaxBody) && rec.Code != http.StatusOK {
			t.Fatalf("refused a correctly signed text: status %d (%s)", rec.Code, rec.Body.String())
		}
		if rec.Code == http.StatusOK && !isForm {
			t.Fatalf("accepted content type %q", contentType)
		}
	})
}

// FuzzTwilioSignature checks the signature over arbitrary URLs, tokens and
// forms: what SignTwilio signs, ValidTwilio accepts, and any change to a
// value or the URL is refused.
func FuzzTwilioSignature(f *testing.F) {
	f.Add(docURL, docToken, "CallSid=CA1234567890ABCDE&Caller=%2B12349013030&Digits=1234&From=%2B12349013030&To=%2B18005551212")
	f.Add("https://relay.example.com:443/twilio/sms", "t", "To=abc&ToCity=Paris")
	f.Add("http://h/p?x=%2F", "token", "a=1&a=2&a=1")
	f.Add("", "", "")
	f.Fuzz(func(t *testing.T, u, token, form string) {
		params, err := url.ParseQuery(form)
		if err != nil || token == "" {
			return
		}
		sig := SignTwilio(token, u, params)
		if !ValidTwilio(token, u, params, sig) {
			t.Fatalf("ValidTwilio refused its own signature for %q %q", u, form)
		}
		if ValidTwilio(token, u+"x", params, sig) {
			t.Fatalf("accepted after the URL changed")
		}
		if ValidTwilio(token+"x", u, params, sig) {
			t.Fatalf("accepted with another token")
		}
		for k := range params {
			tampered := url.Values{}
			for k2, v := range params {
				tampered[k2] = append([]string(nil), v...)
			}
			tampered[k][0] += "x"
			if ValidTwilio(token, u, tampered, sig) {
				t.Fatalf("accepted after %s changed", k)
			}
			break
		}
	})
}
