package cli

// errNoSource is why a live show without a vote source does not start: the
// poll would wait for texts that can never come. It lists the sources and an
// example, for the terminal and the desktop window alike.
const errNoSource = `a live show needs a vote source, or the polls wait for texts that can never come. Give one or more:
  --source modem:DEVICE        a USB GSM modem (forkcast modem list shows the devices)
  --source relay:URL           the cloud relay that receives your number's webhooks (docs/relay.md)
  --source android:URL         the speaker's Android phone running SMS Gateway for Android
  --source replay:FILE         a recorded vote stream
for example: forkcast serve --live --story talk.md --source modem:/dev/ttyUSB0
To run the live show without any source on purpose (votes only by override), add --no-source.`

// checkLiveSources refuses a live show with no source unless --no-source is
// given, and --no-source together with a source.
func checkLiveSources(o showFlags) error {
	switch {
	case o.noSource && len(o.sources) > 0:
		return errUsage{"--no-source and --source contradict each other: drop one"}
	case o.live && len(o.sources) == 0 && !o.noSource:
		return errUsage{errNoSource}
	}
	return nil
}
