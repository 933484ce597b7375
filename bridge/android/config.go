package android

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Config says which phone to read and how. ParseSpec makes one from the
// --source flag; the zero values of the tuning fields are the defaults.
type Config struct {
	URL     string // the app's local server, e.g. "http://192.168.43.1:8080" (required)
	User    string // Basic-auth user; "" = "sms", the app's default
	Pass    string // Basic-auth password from the app's Home tab (required)
	Key     string // webhook signing key (Settings → Webhooks); "" = webhooks off
	Webhook string // URL the phone posts texts to; "" = read the inbox only
	Name    string // source name in the inbox and health; "" = "android"
	SIM     int    // read only texts to this SIM (1, 2, ...); 0 = every SIM

	Poll     time.Duration // inbox read interval; 0 = 1 s
	Lookback time.Duration // how far back the first read and every read window reach; 0 = 1 min
	MaxSkew  time.Duration // webhook time stamp tolerance; 0 = 5 min

	Replies       bool          // allow Reply (the story's reply texts); off by default
	ReplyInterval time.Duration // at most one reply per interval; 0 = 1 s

	State      State        // cursor, id secret and opt-outs across restarts; nil = memory
	Logger     *slog.Logger // nil = discard
	HTTPClient *http.Client // nil = one with short timeouts
	Now        func() time.Time
}

// Environment variables ParseSpec reads when the spec leaves a secret out,
// so it stays out of shell history.
const (
	EnvPass = "FORKCAST_ANDROID_PASS"
	EnvKey  = "FORKCAST_ANDROID_KEY"
)

// DefaultWebhookPath is where the local server is expected to mount
// Source.WebhookHandler.
const DefaultWebhookPath = "/android/webhook"

// SpecHelp describes the --source android:... syntax for -h.
const SpecHelp = `android:URL[,KEY=VALUE...]  the speaker's Android phone running SMS Gateway for Android
  (local server on). URL is the address the app shows, e.g. http://192.168.43.1:8080.
    user=NAME      local server user (default sms)
    pass=PASSWORD  local server password (or ` + EnvPass + `)
    key=KEY        webhook signing key, Settings > Webhooks (or ` + EnvKey + `)
    webhook=URL    where the phone posts texts: https://... or http://127.0.0.1:PORT` + DefaultWebhookPath + `
                   (USB cable + adb reverse); needs key. Without it the inbox is read every second.
    sim=N          only texts to SIM N of a dual-SIM phone
    poll=1s        how often the inbox is read
    lookback=1m    how far back the first read reaches (and every read overlaps)
    name=android   source name, for a second phone
  Example: --source android:http://192.168.43.1:8080,user=sms  (password in ` + EnvPass + `)`

// ParseSpec parses the part after "android:" (see SpecHelp). getenv (nil =
// none) supplies pass and key when the spec leaves them out. It fails on an
// unknown key, a malformed value, a missing password, or a webhook URL the
// app would refuse, naming the problem in a sentence.
func ParseSpec(spec string, getenv func(string) string) (Config, error) {
	var c Config
	parts := strings.Split(strings.TrimSpace(spec), ",")
	c.URL = strings.TrimSpace(parts[0])
	for _, kv := range parts[1:] {
		kv = strings.TrimSpace(kv)
		if kv == "" {
			continue
		}
		k, v, ok := strings.Cut(kv, "=")
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		if !ok {
			return c, fmt.Errorf("%q: want KEY=VALUE", kv)
		}
		if err := c.set(k, v); err != nil {
			return c, fmt.Errorf("%s: %w", k, err)
		}
	}
	if getenv != nil {
		if c.Pass == "" {
			c.Pass = getenv(EnvPass)
		}
		if c.Key == "" {
			c.Key = getenv(EnvKey)
		}
	}
	return c, c.Validate()
}

func (c *Config) set(k, v string) error {
	var err error
	switch k {
	case "user":
		c.User = v
	case "pass", "password":
		c.Pass = v
	case "key":
		c.Key = v
	case "webhook":
		c.Webhook = v
	case "name":
		c.Name = v
	case "sim":
		n, convErr := strconv.Atoi(v)
		if convErr != nil || n < 1 || n > 8 {
			return fmt.Errorf("%q: want a SIM number from 1 to 8", v)
		}
		c.SIM = n
	case "poll":
		c.Poll, err = parseDur(v, 100*time.Millisecond, time.Minute)
	case "lookback":
		c.Lookback, err = parseDur(v, 10*time.Second, 24*time.Hour)
	default:
		return fmt.Errorf("unknown option (want user, pass, key, webhook, sim, poll, lookback or name)")
	}
	return err
}

func parseDur(v string, lo, hi time.Duration) (time.Duration, error) {
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0, fmt.Errorf("%q: want a duration such as 2s or 15m", v)
	}
	if d < lo || d > hi {
		return 0, fmt.Errorf("%q: want between %s and %s", v, lo, hi)
	}
	return d, nil
}

// Validate reports the first problem with c as a sentence the speaker can act on.
func (c *Config) Validate() error {
	if c.URL == "" {
		return errors.New("needs the phone's address, e.g. android:http://192.168.43.1:8080 (the app shows it under Local server)")
	}
	u, err := url.Parse(c.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Opaque != "" {
		return fmt.Errorf("%q is not the phone's address: want http://IP:PORT as the app shows it", c.URL)
	}
	if u.User != nil {
		return errors.New("put the credentials in user= and pass= (or " + EnvPass + "), not in the URL")
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("%q: the phone's address takes no query", c.URL)
	}
	if c.Pass == "" {
		return errors.New("needs the local server's password: pass=... or " + EnvPass + " (the app shows it on its Home tab)")
	}
	if c.Webhook != "" {
		if err := checkWebhookURL(c.Webhook); err != nil {
			return err
		}
		if c.Key == "" {
			return errors.New("webhook= needs key= (or " + EnvKey + "), the app's signing key from Settings > Webhooks, so forged webhooks are refused")
		}
	}
	if c.SIM < 0 {
		return errors.New("sim: want a SIM number from 1 to 8")
	}
	return nil
}

// checkWebhookURL applies the app's own rule (WebHooksService.replace): an
// https:// URL, or plain http:// to the host 127.0.0.1 exactly.
func checkWebhookURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return fmt.Errorf("webhook %q is not a URL", raw)
	}
	switch {
	case u.Scheme == "https":
		return nil
	case u.Scheme == "http" && u.Hostname() == "127.0.0.1":
		return nil
	}
	return fmt.Errorf("webhook %q: the app accepts only https:// URLs or http://127.0.0.1 (connect by USB and run 'adb reverse tcp:PORT tcp:PORT')", raw)
}

// withDefaults fills the zero tuning fields.
func (c Config) withDefaults() Config {
	if c.User == "" {
		c.User = "sms"
	}
	if c.Name == "" {
		c.Name = "android"
	}
	if c.Poll <= 0 {
		c.Poll = time.Second
	}
	if c.Lookback <= 0 {
		c.Lookback = time.Minute
	}
	if c.MaxSkew <= 0 {
		c.MaxSkew = 5 * time.Minute
	}
	if c.ReplyInterval <= 0 {
		c.ReplyInterval = time.Second
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.HTTPClient == nil {
		c.HTTPClient = defaultHTTPClient()
	}
	c.URL = strings.TrimRight(c.URL, "/")
	return c
}
