// Command fakephone runs the SMS Gateway for Android emulator on its own, for
// trying Forkcast's android source by hand without a phone:
//
//	go run ./bridge/android/androidtest/cmd/fakephone -addr 127.0.0.1:8080 -rate 5
//	forkcast serve --live --source android:http://127.0.0.1:8080,pass=Pa55word
//
// It prints the address and credentials, then lets an audience of -phones
// phones text 1, 2 or 3 at -rate texts a second until interrupted.
package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/signal"
	"time"

	"forkcast/bridge/android/androidtest"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "listen address")
	pass := flag.String("pass", "Pa55word", "local server password")
	key := flag.String("key", "", "webhook signing key (empty: webhooks unsigned)")
	rate := flag.Float64("rate", 2, "texts a second (0: none)")
	phones := flag.Int("phones", 200, "audience size")
	observer := flag.Bool("observer", false, "also deliver every text by the fallback receive path")
	offset := flag.Duration("offset", 0, "the phone's clock minus the true time")
	flag.Parse()
	p, err := androidtest.Start(androidtest.Options{Addr: *addr, Pass: *pass, SigningKey: *key,
		ObserverPath: *observer, ClockOffset: *offset})
	if err != nil {
		fmt.Fprintln(os.Stderr, "fakephone:", err)
		os.Exit(1)
	}
	defer p.Close()
	fmt.Printf("SMS Gateway for Android (emulated) at %s, user sms, password %s\n", p.URL(), *pass)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if *rate <= 0 {
		<-ctx.Done()
		return
	}
	tick := time.NewTicker(time.Duration(float64(time.Second) / *rate))
	defer tick.Stop()
	for n := 0; ; n++ {
		select {
		case <-ctx.Done():
			fmt.Printf("\n%d texts sent\n", n)
			return
		case <-tick.C:
			from := fmt.Sprintf("+1555%07d", rand.IntN(max(*phones, 1)))
			p.Receive(androidtest.SMS{From: from, Text: fmt.Sprint(1 + rand.IntN(3)), SIM: 1})
		}
	}
}
