package cli

import (
	"fmt"
	"net/url"
	"os"
	"strings"

	"forkcast/app/vote"
	"forkcast/bridge/modem"
	"forkcast/bridge/relay"
	"forkcast/bridge/sim"
)

// The vote sources of a show: the bridges (bridge/...) as --source names them.

// buildSources turns --source flags into vote sources. Rehearsal defaults to a
// simulated audience; a live session never takes simulated texts.
func (r *showRuntime) buildSources() error {
	specs := []string(r.flags.sources)
	if len(specs) == 0 && !r.flags.live {
		specs = []string{"sim"}
	}
	if err := checkLiveSources(r.flags); err != nil {
		return err
	}
	names := map[string]bool{}
	var relays []string
	for _, spec := range specs {
		if kind, arg, _ := strings.Cut(spec, ":"); kind == "relay" {
			if arg == "" {
				return errUsage{"--source relay:URL needs the relay's URL, e.g. relay:https://relay.example.org"}
			}
			relays = append(relays, strings.Split(arg, ",")...)
			continue
		}
		src, err := r.buildSource(spec)
		if err != nil {
			return err
		}
		if names[src.Name()] {
			return errUsage{fmt.Sprintf("two sources are called %q: give the second one name=... (e.g. name=android2)", src.Name())}
		}
		names[src.Name()] = true
		r.sources = append(r.sources, src)
	}
	if len(relays) > 0 {
		srcs, err := r.buildRelays(relays)
		if err != nil {
			return err
		}
		r.sources = append(r.sources, srcs...)
	}
	return nil
}

// buildRelays makes one client per relay URL (--source relay:URL1,URL2, or
// the source given again): one stream each, with its own cursor file, in one
// Group so the console shows which relay takes the webhooks now.
func (r *showRuntime) buildRelays(urls []string) ([]vote.Source, error) {
	tok := r.flags.relayToken // resolved with its file and FORKCAST_RELAY_TOKEN by openShow
	if tok == "" {
		return nil, errUsage{"--source relay:URL needs --relay-token-file or FORKCAST_RELAY_TOKEN"}
	}
	group := &relay.Group{}
	seen := map[string]bool{}
	var out []vote.Source
	for _, raw := range urls {
		u, err := url.Parse(strings.TrimSpace(raw))
		if err != nil || u.Host == "" {
			return nil, errUsage{fmt.Sprintf("--source relay:%s: want http(s)://host[:port]", raw)}
		}
		// Host and path: two relays may sit behind one proxy on two paths.
		where := u.Host + strings.TrimRight(u.Path, "/")
		key := strings.ToLower(where)
		if seen[key] {
			return nil, errUsage{fmt.Sprintf("--source relay: %s is given twice", where)}
		}
		seen[key] = true
		cfg := relay.ClientConfig{URL: strings.TrimSpace(raw), Token: tok, Logger: r.log,
			CursorStore: relay.FileCursor(sidecar(r.flags.db, "relay-cursor.json"))}
		if len(urls) > 1 {
			cfg.Name, cfg.Group = "relay "+where, group
			cfg.CursorStore = relay.FileCursor(sidecar(r.flags.db, "relay-cursor-"+fileSafe(where)+".json"))
		}
		c, err := relay.NewClient(cfg)
		if err != nil {
			return nil, errUsage{fmt.Sprintf("--source relay: %v", err)}
		}
		out = append(out, c)
	}
	return out, nil
}

// fileSafe keeps letters, digits, dots and dashes of s, so a host:port names a file.
func fileSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '.' || r == '-' || (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') {
			return r
		}
		return '_'
	}, s)
}

// errUsage marks a flag problem: the command exits 2.
type errUsage struct{ msg string }

func (e errUsage) Error() string { return e.msg }

func (r *showRuntime) buildSource(spec string) (vote.Source, error) {
	kind, arg, _ := strings.Cut(spec, ":")
	switch kind {
	case "sim":
		if r.flags.live {
			return nil, errUsage{"a live session cannot use the simulated audience (drop --live to rehearse)"}
		}
		cfg, err := sim.ParseSpec(arg)
		if err != nil {
			return nil, errUsage{fmt.Sprintf("--source %s: %v", spec, err)}
		}
		return sim.New(cfg)
	case "replay":
		if r.flags.live {
			return nil, errUsage{"a live session cannot replay a recorded stream"}
		}
		if arg == "" {
			return nil, errUsage{"--source replay:FILE needs a file"}
		}
		return sim.NewReplay(sim.ReplayConfig{File: arg})
	case "modem":
		if arg == "" {
			return nil, errUsage{"--source modem:DEVICE needs a device, e.g. modem:/dev/ttyUSB0 (see 'forkcast modem list')"}
		}
		pin := r.flags.modemPIN
		if pin == "" {
			pin = os.Getenv("FORKCAST_MODEM_PIN")
		}
		parts, err := modem.OpenPartsStore(sidecar(r.flags.db, "modem-parts.db"))
		if err != nil {
			return nil, err
		}
		r.closers = append(r.closers, parts.Close)
		// The modem may text back only when the story sets reply texts (all off by default).
		return modem.New(modem.Config{Device: arg, Baud: r.flags.modemBaud, PIN: pin, Logger: r.log, PartsStore: parts,
			Replies: storyHasReplies(r.story)})
	case "android":
		return r.androidSource(spec, arg)
	default:
		return nil, errUsage{fmt.Sprintf("unknown source %q: use sim, modem:DEVICE, relay:URL, android:URL or replay:FILE", spec)}
	}
}
