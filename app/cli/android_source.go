package cli

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"

	"forkcast/app/show"
	"forkcast/app/story"
	"forkcast/app/vote"
	"forkcast/app/web"
	"forkcast/bridge/android"
)

// The speaker's Android phone as a vote source (--source android:URL,...):
// its state file beside the database, its webhook route on the local web
// server, and replies that follow the story (docs/android.md).

// androidSource builds the phone's source from spec (the whole flag value)
// and arg (the part after "android:"). It fails with a usage error on a bad
// spec, and when the state file beside the database cannot be opened.
func (r *showRuntime) androidSource(spec, arg string) (vote.Source, error) {
	cfg, err := android.ParseSpec(arg, os.Getenv)
	if err != nil {
		return nil, errUsage{fmt.Sprintf("--source %s: %v", redactSpec(spec), err)}
	}
	if cfg.Name == "" {
		cfg.Name = "android"
	}
	if !sourceName.MatchString(cfg.Name) {
		return nil, errUsage{fmt.Sprintf("--source %s: name=%q: want letters, digits, - or _ (up to 32)", redactSpec(spec), cfg.Name)}
	}
	path, err := androidHookPath(cfg)
	if err != nil {
		return nil, errUsage{fmt.Sprintf("--source %s: %v", redactSpec(spec), err)}
	}
	for _, h := range r.hooks {
		if h.Path == path {
			return nil, errUsage{fmt.Sprintf("two phones post to %s: give each its own webhook= path", path)}
		}
	}
	st, err := android.OpenState(sidecar(r.flags.db, cfg.Name+"-state.db"))
	if err != nil {
		return nil, err
	}
	r.closers = append(r.closers, st.Close)
	// The phone texts back only when the story sets reply texts, as the modem.
	cfg.Logger, cfg.State, cfg.Replies = r.log, st, storyHasReplies(r.story)
	src, err := android.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("android phone %s: %w", cfg.URL, err)
	}
	if path != "" {
		r.hooks = append(r.hooks, web.Hook{Path: path, Handler: src.WebhookHandler()})
		r.hookURLs = append(r.hookURLs, cfg.Webhook)
	}
	return src, nil
}

// sourceName is what a source's name may be: it names a file beside the database.
var sourceName = regexp.MustCompile(`^[A-Za-z0-9_-]{1,32}$`)

// androidHookPath is where the local server takes the phone's webhooks: the
// path of webhook=, "" when the phone only has its inbox read. The path must
// be under /android/ so it can never shadow a page or the API.
func androidHookPath(c android.Config) (string, error) {
	if c.Webhook == "" {
		return "", nil
	}
	u, err := url.Parse(c.Webhook)
	if err != nil {
		return "", fmt.Errorf("webhook %q is not a URL", c.Webhook)
	}
	p := u.EscapedPath()
	if !strings.HasPrefix(p, "/android/") || strings.HasSuffix(p, "/") || u.RawQuery != "" || strings.Contains(p, "{") {
		return "", fmt.Errorf("webhook %q: the path must be under /android/, e.g. http://127.0.0.1:8787%s", c.Webhook, android.DefaultWebhookPath)
	}
	return p, nil
}

// urlPassword finds the password of a URL written with credentials.
var urlPassword = regexp.MustCompile(`(://[^/@,:]*:)[^/@,]*@`)

// redactSpec hides the password and the signing key of a --source value,
// in its options and in a URL written with credentials.
func redactSpec(spec string) string {
	parts := strings.Split(urlPassword.ReplaceAllString(spec, "${1}***@"), ",")
	for i, p := range parts {
		k, _, ok := strings.Cut(p, "=")
		if ok && slices.Contains([]string{"pass", "password", "key"}, strings.ToLower(strings.TrimSpace(k))) {
			parts[i] = k + "=***"
		}
	}
	return strings.Join(parts, ",")
}

// storyHasReplies reports whether the story sets any reply text (all are off
// by default): the sources that text back themselves (modem, phone) do so
// only then. It follows show.Engine's rule, rating scenes included.
func storyHasReplies(s *story.Story) bool {
	if s == nil {
		return false
	}
	if s.Replies != (story.Replies{}) {
		return true
	}
	for _, sc := range s.Scenes {
		if sc.Rating != nil && sc.Rating.Reply != "" {
			return true
		}
	}
	return false
}

// repliesSwitch is a source that texts back only when told (modem, phone).
type repliesSwitch interface{ SetRepliesEnabled(on bool) }

// followReplies subscribes to the show's events and returns what turns the
// sources' replies on or off whenever the story is reloaded with or without
// reply texts, until ctx ends; nil when no source texts back by itself.
func (r *showRuntime) followReplies() func(ctx context.Context) {
	var switches []repliesSwitch
	for _, s := range r.sources {
		if sw, ok := s.(repliesSwitch); ok {
			switches = append(switches, sw)
		}
	}
	if len(switches) == 0 {
		return nil
	}
	events, unsubscribe := r.hub.Subscribe(8)
	on := storyHasReplies(r.engine.Story())
	return func(ctx context.Context) {
		defer unsubscribe()
		for {
			select {
			case <-ctx.Done():
				return
			case ev, ok := <-events:
				if !ok {
					return
				}
				if now := storyHasReplies(r.engine.Story()); ev.Name == show.EventStory && now != on {
					on = now
					r.log.Info("replies follow the story", "on", on)
					for _, sw := range switches {
						sw.SetRepliesEnabled(on)
					}
				}
			}
		}
	}
}

// listenAddr is where the local server listens: --listen, except that the
// default (any free loopback port) becomes the port the phone was told to post
// to when the webhook= URLs name one port of 127.0.0.1: with `adb reverse` the
// speaker then needs no --listen of their own.
func (r *showRuntime) listenAddr() string {
	if r.flags.listen != defaultListen {
		return r.flags.listen
	}
	var ports []string
	for _, raw := range r.hookURLs {
		if u, err := url.Parse(raw); err == nil && u.Scheme == "http" && u.Hostname() == "127.0.0.1" && u.Port() != "" {
			ports = append(ports, u.Port())
		}
	}
	if slices.Sort(ports); len(slices.Compact(ports)) != 1 {
		return r.flags.listen
	}
	return net.JoinHostPort("127.0.0.1", ports[0])
}

// warnHookPorts logs a webhook= that names another port of this machine than
// the one the local server listens on: the phone's texts would then come by
// the inbox only (fine with 'adb reverse tcp:A tcp:B', a mistake otherwise).
func (r *showRuntime) warnHookPorts() {
	_, port, err := net.SplitHostPort(r.addr)
	if err != nil {
		return
	}
	for _, raw := range r.hookURLs {
		u, err := url.Parse(raw)
		if err != nil || u.Scheme != "http" || u.Hostname() != "127.0.0.1" || u.Port() == port {
			continue
		}
		r.log.Warn("the phone posts its webhooks to another port than the local server's: run 'adb reverse tcp:"+u.Port()+" tcp:"+port+
			"' or start with --listen 127.0.0.1:"+u.Port(), "webhook", raw, "listen", r.addr)
	}
}
