package cli

import (
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"forkcast/bridge/android"
	"forkcast/bridge/sim"
)

// showFlags are the flags shared by the desktop app and `forkcast serve`.
type showFlags struct {
	story      string
	db         string
	listen     string
	token      string
	region     string
	live       bool
	noSource   bool // a live show without a vote source, on purpose (no_source.go)
	fresh      bool
	newToken   bool
	sources    multiFlag
	modemBaud  int
	modemPIN   string
	relayToken string
	verbose    bool
	// tokenFile and relayTokenFile name files holding the tokens, which
	// then show in no process list.
	tokenFile      string
	relayTokenFile string
}

func (o *showFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&o.story, "story", "", "story `FILE` to present (default: the bundled Django deployment talk)")
	fs.StringVar(&o.db, "db", "", "SQLite `PATH` (default: <user config dir>/forkcast/forkcast.db)")
	fs.StringVar(&o.listen, "listen", defaultListen, "`ADDR` of the local web server (stage, console, API); another address than loopback requires the token for everything;\nby default any free port, or the port of the phone's webhook=http://127.0.0.1:PORT/...")
	fs.StringVar(&o.token, "token", "", "bearer `TOKEN` for control actions (default: FORKCAST_TOKEN, else a random one, printed in the URLs); every user of this machine sees it in ps: prefer --token-file or FORKCAST_TOKEN")
	fs.StringVar(&o.tokenFile, "token-file", "", "read the control token from `FILE`")
	fs.BoolVar(&o.newToken, "new-token", false, "make a new control token instead of the one kept with the database (the stage and console links change)")
	fs.StringVar(&o.region, "region", "US", "default phone `REGION` for numbers written without a country code")
	fs.BoolVar(&o.live, "live", false, "run a live session (default: rehearsal, never mixed with live data)")
	fs.BoolVar(&o.noSource, "no-source", false, "start a live show with no vote source (a live show refuses to start without one otherwise)")
	fs.BoolVar(&o.fresh, "new", false, "start a new session instead of resuming the last one")
	fs.Var(&o.sources, "source", "vote `SOURCE`, repeatable: sim[:SPEC] | modem:DEVICE | relay:URL[,URL2] | android:URL[,...] | replay:FILE (default in rehearsal: sim)")
	fs.IntVar(&o.modemBaud, "modem-baud", 115200, "modem serial `BAUD` rate")
	fs.StringVar(&o.modemPIN, "modem-pin", "", "SIM `PIN`, if the SIM asks for one (or FORKCAST_MODEM_PIN)")
	fs.StringVar(&o.relayToken, "relay-token", "", "relay bearer `TOKEN` (or FORKCAST_RELAY_TOKEN); every user of this machine sees it in ps: prefer --relay-token-file or FORKCAST_RELAY_TOKEN")
	fs.StringVar(&o.relayTokenFile, "relay-token-file", "", "read the relay's bearer token from `FILE`")
	fs.BoolVar(&o.verbose, "v", false, "verbose logs")
}

// defaultListen is --listen's default: any free port on loopback.
const defaultListen = "127.0.0.1:0"

// androidHelp follows android.SpecHelp in -h: how the webhook meets the local server.
const androidHelp = `  Over USB: adb forward tcp:8080 tcp:8080; adb reverse tcp:8787 tcp:8787; then
    --source android:http://127.0.0.1:8080,key=...,webhook=http://127.0.0.1:8787/android/webhook
  (the local server then listens on 8787 unless --listen says otherwise, and takes the phone's
  webhooks at that path, signed, without the token).
  Check the phone first: forkcast android probe URL[,KEY=VALUE...]`

// withSourceHelp appends the --source forms and the simulator's keys to -h.
func withSourceHelp(fs *flag.FlagSet) {
	base := fs.Usage
	fs.Usage = func() {
		base()
		fmt.Fprintf(fs.Output(), "\nSources: sim[:SPEC] (rehearsal only), modem:DEVICE (see 'forkcast modem list'), relay:URL[,URL2] (two relays of one number: one stream each, a text counted once), android:URL, replay:FILE[,speed=N].\n\n%s\n\n%s\n%s\n", sim.SpecHelp, android.SpecHelp, androidHelp)
	}
}

// resolveTokens fills token and relayToken from their flag, file or
// environment variable (FORKCAST_TOKEN, FORKCAST_RELAY_TOKEN), in that
// order, warning on log when a token was given on the command line (ps
// shows it to every user). It fails, as a usage error, when a token is
// given twice or its file cannot be read or is empty.
func (o *showFlags) resolveTokens(log *slog.Logger) error {
	var err error
	if o.token, err = secret(log, "--token", o.token, o.tokenFile, "FORKCAST_TOKEN"); err != nil {
		return err
	}
	o.relayToken, err = secret(log, "--relay-token", o.relayToken, o.relayTokenFile, "FORKCAST_RELAY_TOKEN")
	return err
}

// secret is the value of a secret from its flag, its file flag or env.
func secret(log *slog.Logger, flagName, value, file, env string) (string, error) {
	switch {
	case value != "" && file != "":
		return "", errUsage{fmt.Sprintf("give %s or %s-file, not both", flagName, flagName)}
	case value != "":
		log.Warn(flagName+" is visible to every user of this machine (ps, /proc); use "+flagName+"-file or "+env, "flag", flagName)
		return value, nil
	case file != "":
		b, err := os.ReadFile(file)
		if err != nil {
			return "", errUsage{fmt.Sprintf("%s-file: %v", flagName, err)}
		}
		v := strings.TrimSpace(string(b))
		if v == "" || strings.ContainsAny(v, "\r\n") {
			return "", errUsage{fmt.Sprintf("%s-file %s: want the token alone on one line", flagName, file)}
		}
		return v, nil
	}
	return os.Getenv(env), nil
}
