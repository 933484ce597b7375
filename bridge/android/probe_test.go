package android

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"forkcast/bridge/android/androidtest"
)

// checks returns name -> check, failing on a duplicate name.
func checks(t *testing.T, r Report) map[string]Check {
	t.Helper()
	m := map[string]Check{}
	for _, c := range r.Checks {
		if _, dup := m[c.Name]; dup {
			t.Fatalf("check %s twice in %v", c.Name, r)
		}
		m[c.Name] = c
	}
	return m
}

func TestProbe(t *testing.T) {
	closed := func() string {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close()
		return "http://" + addr
	}()
	cases := []struct {
		name     string
		opt      androidtest.Options
		mutate   func(*Config)
		ok       bool
		failed   string // the check that fails
		fix      string // a phrase of its fix
		notAfter string // a check that must not run after the failure
	}{
		{name: "all good", opt: androidtest.Options{Battery: 90, Charging: 1 | 2}, ok: true},
		{name: "nobody at the address", mutate: func(c *Config) { c.URL = closed }, failed: "reach", fix: "same Wi-Fi", notAfter: "credentials"},
		{name: "wrong password", mutate: func(c *Config) { c.Pass = "nope" }, failed: "credentials", fix: "Home tab", notAfter: "inbox"},
		{name: "app too old for the inbox", opt: androidtest.Options{Version: "1.52.1"}, failed: "inbox", fix: "1.59.0"},
		{name: "clock ten minutes off", opt: androidtest.Options{ClockOffset: 10 * time.Minute}, failed: "clock", fix: "automatic date and time"},
		{name: "low battery, unplugged", opt: androidtest.Options{Battery: 20}, failed: "battery", fix: "plug the phone in"},
		{name: "webhook on the LAN over http", mutate: func(c *Config) { c.Key, c.Webhook = "k", "http://192.168.1.20:8787/android/webhook" },
			failed: "webhook", fix: "adb reverse"},
		{name: "webhook with no key", mutate: func(c *Config) { c.Webhook = "http://127.0.0.1:8787/android/webhook" },
			failed: "webhook", fix: "Signing key"},
		{name: "webhooks wait for internet", opt: androidtest.Options{InternetRequired: true},
			mutate: func(c *Config) { c.Key, c.Webhook = "k", "http://127.0.0.1:8787/android/webhook" }, failed: "offline", fix: "Require Internet connection"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			phone := startPhone(t, c.opt)
			cfg := testConfig(phone, "")
			if c.mutate != nil {
				c.mutate(&cfg)
			}
			r := Probe(t.Context(), cfg)
			if r.OK() != c.ok {
				t.Fatalf("OK() = %v, want %v:\n%s", r.OK(), c.ok, r)
			}
			m := checks(t, r)
			if c.ok {
				for _, name := range []string{"reach", "credentials", "inbox", "clock", "battery", "webhook"} {
					if !m[name].OK {
						t.Errorf("check %s missing or failed:\n%s", name, r)
					}
				}
				return
			}
			f, ok := m[c.failed]
			if !ok || f.OK || !strings.Contains(f.Fix, c.fix) {
				t.Fatalf("want %s to fail with a fix about %q:\n%s", c.failed, c.fix, r)
			}
			if !strings.Contains(r.String(), "fix: "+f.Fix) {
				t.Errorf("the printed report lacks the fix:\n%s", r)
			}
			if c.notAfter != "" {
				if _, ran := m[c.notAfter]; ran {
					t.Errorf("check %s ran after %s failed:\n%s", c.notAfter, c.failed, r)
				}
			}
		})
	}
}

func TestProbeRegistersTheWebhookOnce(t *testing.T) {
	phone := startPhone(t, androidtest.Options{})
	cfg := testConfig(phone, "")
	cfg.Key, cfg.Webhook = "k", "http://127.0.0.1:8787/android/webhook"
	for range 2 {
		if r := Probe(t.Context(), cfg); !r.OK() {
			t.Fatalf("probe failed:\n%s", r)
		}
	}
	if ws := phone.Webhooks(); len(ws) != 1 || ws[0].URL != cfg.Webhook || ws[0].Event != "sms:received" {
		t.Fatalf("webhooks on the phone: %v, want one for %s", ws, cfg.Webhook)
	}
}

func TestProbeListsOtherWebhooksAndUnregisterRemovesOurs(t *testing.T) {
	phone := startPhone(t, androidtest.Options{})
	cfg := testConfig(phone, "")
	cfg.Key, cfg.Webhook = "k", "http://127.0.0.1:8787/android/webhook"
	other := androidtest.Webhook{ID: "n8n", URL: "https://hooks.example/sms", Event: "sms:received"}
	if err := registerRaw(phone, other); err != nil {
		t.Fatal(err)
	}
	r := Probe(t.Context(), cfg)
	if c := checks(t, r)["other hooks"]; !strings.Contains(c.Detail, other.URL) {
		t.Fatalf("the probe does not mention %s:\n%s", other.URL, r)
	}
	if err := Unregister(t.Context(), cfg); err != nil {
		t.Fatal(err)
	}
	if ws := phone.Webhooks(); len(ws) != 1 || ws[0].ID != "n8n" {
		t.Fatalf("after Unregister: %v, want only n8n", ws)
	}
	if err := Unregister(t.Context(), cfg); err != nil {
		t.Fatalf("second Unregister: %v", err)
	}
	cfg.Pass = "wrong"
	if err := Unregister(t.Context(), cfg); !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("Unregister with a wrong password: %v", err)
	}
}

// registerRaw registers w on the phone as another program would.
func registerRaw(p *androidtest.Phone, w androidtest.Webhook) error {
	body := `{"id":"` + w.ID + `","url":"` + w.URL + `","event":"` + w.Event + `"}`
	req, _ := http.NewRequest(http.MethodPost, p.URL()+"/webhooks", strings.NewReader(body))
	req.SetBasicAuth("sms", "Pa55word")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		return fmt.Errorf("register: %d", resp.StatusCode)
	}
	return nil
}
