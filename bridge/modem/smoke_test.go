package modem

import (
	"testing"
	"time"

	"forkcast/bridge/modem/modemtest"
)

func TestSmoke(t *testing.T) {
	e, dev := modemtest.Start(t, modemtest.HuaweiE173, emuOpts(t)...)
	rec := &recorder{}
	r := runBridge(t, fastConfig(t, dev), rec)
	waitHealth(t, r.b, "ok", 5*time.Second)
	for _, txt := range []string{"1", "two", "héllo 👋"} {
		if _, err := e.DeliverSMS(modemtest.SMS{From: "+447700900123", Text: txt}); err != nil {
			t.Fatal(err)
		}
	}
	got := rec.waitFor(t, 3, 5*time.Second)
	for _, m := range got {
		t.Logf("%+v", m)
	}
	waitEmpty(t, e, 3*time.Second)
	t.Logf("health %+v", r.b.Health())
}
