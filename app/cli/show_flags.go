package cli

import (
	"flag"
	"fmt"

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
	fresh      bool
	sources    multiFlag
	modemBaud  int
	modemPIN   string
	relayToken string
	verbose    bool
}

func (o *showFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&o.story, "story", "", "story `FILE` to present (default: the bundled Django deployment talk)")
	fs.StringVar(&o.db, "db", "", "SQLite `PATH` (default: <user config dir>/forkcast/forkcast.db)")
	fs.StringVar(&o.listen, "listen", "127.0.0.1:0", "`ADDR` of the local web server (stage, console, API); another address than loopback requires the token for everything")
	fs.StringVar(&o.token, "token", "", "bearer `TOKEN` for control actions (default: a random one, printed in the URLs)")
	fs.StringVar(&o.region, "region", "US", "default phone `REGION` for numbers written without a country code")
	fs.BoolVar(&o.live, "live", false, "run a live session (default: rehearsal, never mixed with live data)")
	fs.BoolVar(&o.fresh, "new", false, "start a new session instead of resuming the last one")
	fs.Var(&o.sources, "source", "vote `SOURCE`, repeatable: sim[:SPEC] | modem:DEVICE | relay:URL[,URL2] | replay:FILE (default in rehearsal: sim)")
	fs.IntVar(&o.modemBaud, "modem-baud", 115200, "modem serial `BAUD` rate")
	fs.StringVar(&o.modemPIN, "modem-pin", "", "SIM `PIN`, if the SIM asks for one (or FORKCAST_MODEM_PIN)")
	fs.StringVar(&o.relayToken, "relay-token", "", "relay bearer `TOKEN` (or FORKCAST_RELAY_TOKEN)")
	fs.BoolVar(&o.verbose, "v", false, "verbose logs")
}

// withSourceHelp appends the --source forms and the simulator's keys to -h.
func withSourceHelp(fs *flag.FlagSet) {
	base := fs.Usage
	fs.Usage = func() {
		base()
		fmt.Fprintf(fs.Output(), "\nSources: sim[:SPEC] (rehearsal only), modem:DEVICE (see 'forkcast modem list'), relay:URL[,URL2] (two relays of one number: one stream each, a text counted once), replay:FILE[,speed=N].\n\n%s\n", sim.SpecHelp)
	}
}
