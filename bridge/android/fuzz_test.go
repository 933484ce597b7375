package android

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzWebhookBody reads arbitrary webhook bodies. Properties: no panic; a
// delivery only for sms:received, with a sender and a time stamp; the same
// body always gives the same provider id; a signature made over the body
// verifies, and fails once the body changes.
func FuzzWebhookBody(f *testing.F) {
	f.Add([]byte(`{"deviceId":"ffffffffceb0b1db0000018e937c815b","event":"sms:received","id":"Ey6ECgOkVVFjz3CL48B8C","payload":{"messageId":"abc123","message":"Android is always a sweet treat!","phoneNumber":"6505551212","simNumber":1,"receivedAt":"2024-06-22T15:46:11.000+07:00"},"webhookId":"LreFUt-Z3sSq0JufY9uWB"}`))
	f.Add([]byte(`{"event":"sms:received","id":"x","payload":{"messageId":"83be51e4","message":"Ein mal geht's noch","sender":"+43664000000","recipient":null,"simNumber":null,"receivedAt":"2026-01-19T21:11:52+01:00"}}`))
	f.Add([]byte(`{"event":"sms:received","payload":{"message":"1","phoneNumber":"+1","receivedAt":"2024-03-01T10:00:00.000+-5:-30"}}`))
	f.Add([]byte(`{"event":"system:ping","payload":{"health":{"status":"pass"}}}`))
	f.Add([]byte(`{"event":"sms:received","payload":{"message":null}}`))
	f.Add([]byte(`{"event":"sms:received","payload":"nope"}`))
	f.Add([]byte(`[]`))
	f.Add([]byte{})
	secret := []byte("0123456789abcdef0123456789abcdef")
	f.Fuzz(func(t *testing.T, body []byte) {
		ev, d, err := parseWebhook(body, time.Unix(1.7e9, 0))
		if err != nil {
			if d != nil {
				t.Fatal("an error and a delivery")
			}
		}
		if d != nil {
			if ev.Event != EventSMSReceived || d.Sender == "" || d.Stamp.IsZero() {
				t.Fatalf("delivery %+v from event %q", d, ev.Event)
			}
			a, _, _ := newIdentifier(secret, nil).assign(*d, 0)
			b, _, _ := newIdentifier(secret, nil).assign(*d, 0)
			if a != b || !strings.HasPrefix(a, idPrefix) {
				t.Fatalf("ids %q and %q", a, b)
			}
		}
		ts, sig := sign("k", body, 1718000000)
		if err := verifySignature("k", body, ts, sig); err != nil {
			t.Fatalf("own signature refused: %v", err)
		}
		if err := verifySignature("k", append(append([]byte{}, body...), ' '), ts, sig); err == nil {
			t.Fatal("a changed body verified")
		}
	})
}

// FuzzParseSpec parses arbitrary --source android:... values. Properties: no
// panic; an accepted spec has an address and a password, and a webhook the
// app would take, with a key.
func FuzzParseSpec(f *testing.F) {
	f.Add("http://192.168.43.1:8080,user=sms,pass=aB3_x-9Z")
	f.Add("http://127.0.0.1:8080,pass=p,key=k,webhook=http://127.0.0.1:8787/android/webhook,sim=2,poll=500ms,lookback=2m")
	f.Add("http://phone:8080,pass=p,webhook=https://laptop/h")
	f.Add("http://sms:pw@phone:8080")
	f.Add(",,,=,=")
	f.Add("http://[::1]:8080,pass=p,name=")
	f.Fuzz(func(t *testing.T, spec string) {
		c, err := ParseSpec(spec, nil)
		if err != nil {
			if !utf8.ValidString(err.Error()) && utf8.ValidString(spec) {
				t.Fatalf("error is not UTF-8: %q", err)
			}
			return
		}
		if c.URL == "" || c.Pass == "" {
			t.Fatalf("accepted %q without an address or password: %+v", spec, c)
		}
		if c.Webhook != "" && (checkWebhookURL(c.Webhook) != nil || c.Key == "") {
			t.Fatalf("accepted webhook %q (key %q)", c.Webhook, c.Key)
		}
	})
}

// FuzzAppTime parses arbitrary time stamps. Properties: no panic; an
// accepted stamp reads back to the same instant from its RFC 3339 form.
func FuzzAppTime(f *testing.F) {
	for _, s := range []string{"2024-06-22T15:46:11.000+07:00", "2020-01-01T00:00:00Z", "2024-03-01T10:00:00.000+-5:00",
		"2024-03-01T10:00:00.250+-3:-30", "2026-01-19T21:11:52+01:00", "2024-03-01T10:00:00.000+5", "+:"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := parseAppTime(s)
		if err != nil || v.Year() < 0 || v.Year() > 9999 {
			return
		}
		back, err := time.Parse(time.RFC3339Nano, v.Format(time.RFC3339Nano))
		if err != nil {
			if strings.Contains(err.Error(), "offset") {
				return // a zone offset RFC 3339 cannot hold
			}
			t.Fatalf("%q parsed as %s, which does not read back: %v", s, v, err)
		}
		if !back.Equal(v) {
			t.Fatalf("%q: %s reads back as %s", s, v, back)
		}
	})
}
