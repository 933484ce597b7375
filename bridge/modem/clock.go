package modem

import "time"

// Bounds on a sane SMSC timestamp, relative to the laptop's clock.
const (
	maxAhead  = 5 * time.Minute    // network clocks run a little fast
	maxBehind = 7 * 24 * time.Hour // a text that waited on a switched-off SIM
	skewSlack = 2 * time.Minute
)

// receivedAt is when a text reached the network (its SMSC timestamp,
// corrected by a learned skew) when that is sane, else now. Carriers often
// send timestamps in the wrong time zone: when a text read within seconds of
// its +CMTI (live) is off by a whole number of quarter hours, twice in a row,
// that offset is learned and applied to every later text.
func (b *Bridge) receivedAt(scts time.Time, live bool) time.Time {
	now := b.now()
	if scts.IsZero() {
		return now
	}
	if live {
		b.learnSkew(now.Sub(scts))
	}
	t := scts.Add(time.Duration(b.clockSkew.Load()))
	if t.After(now.Add(maxAhead)) || t.Before(now.Add(-maxBehind)) {
		return now
	}
	if t.After(now) {
		return now
	}
	return t
}

// learnSkew updates the correction from the lag of a live text.
func (b *Bridge) learnSkew(lag time.Duration) {
	q := lag.Round(15 * time.Minute)
	if diff := lag - q; diff > skewSlack || diff < -skewSlack {
		return // a text delayed in the network, not a time zone error
	}
	if int64(q) == b.clockSkew.Load() {
		b.skewCandidate.Store(int64(q))
		return
	}
	if b.skewCandidate.Swap(int64(q)) == int64(q) {
		b.clockSkew.Store(int64(q))
		b.log.Info("modem: the network's timestamps are off; correcting", "by", q)
	}
}
