// Command fakephone runs the SMS Gateway for Android emulator on its own, for
// trying Forkcast's android source by hand without a phone:
//
//	go run ./bridge/android/androidtest/cmd/fakephone -addr 127.0.0.1:8080 -rate 5
//	forkcast serve --live --source android:http://127.0.0.1:8080,pass=Pa55word
//
// It prints the address and credentials, then lets an audience of -phones
// phones text 1, 2 or 3 at -rate texts a second until interrupted.
//
// With -control it also reads commands from its standard input, one a line,
// and answers each with a line "ok COMMAND" (or "error: ...") once done; the
// browser tests drive it this way:
//
//	text FROM BODY...   the network delivers a text from FROM
//	down | up           the phone stops answering (connections dropped) | answers again
//	drop N              drop the next N connections
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"forkcast/bridge/android/androidtest"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "listen address (port 0: any free port)")
	pass := flag.String("pass", "Pa55word", "local server password")
	key := flag.String("key", "", "webhook signing key (empty: webhooks unsigned)")
	rate := flag.Float64("rate", 2, "texts a second (0: none)")
	phones := flag.Int("phones", 200, "audience size")
	observer := flag.Bool("observer", false, "also deliver every text by the fallback receive path")
	offset := flag.Duration("offset", 0, "the phone's clock minus the true time")
	battery := flag.Int("battery", 80, "battery level in percent")
	charging := flag.Int("charging", 0, "battery:charging flags (1 charging, 2 AC, 4 USB)")
	control := flag.Bool("control", false, "read commands from standard input (text, down, up, drop)")
	flag.Parse()
	p, err := androidtest.Start(androidtest.Options{Addr: *addr, Pass: *pass, SigningKey: *key,
		ObserverPath: *observer, ClockOffset: *offset, Battery: *battery, Charging: *charging})
	if err != nil {
		fmt.Fprintln(os.Stderr, "fakephone:", err)
		os.Exit(1)
	}
	defer p.Close()
	fmt.Printf("SMS Gateway for Android (emulated) at %s, user sms, password %s\n", p.URL(), *pass)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if *control {
		go commands(os.Stdin, os.Stdout, p)
	}
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

// commands runs the -control commands read from in until it ends.
func commands(in io.Reader, out io.Writer, p *androidtest.Phone) {
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		if err := command(line, p); err != nil {
			fmt.Fprintf(out, "error: %s: %v\n", line, err)
			continue
		}
		fmt.Fprintf(out, "ok %s\n", line)
	}
}

// command runs one line; it fails on an unknown command or bad arguments.
func command(line string, p *androidtest.Phone) error {
	f := strings.Fields(line)
	switch f[0] {
	case "text":
		if len(f) < 3 {
			return fmt.Errorf("want: text FROM BODY")
		}
		body := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(strings.TrimPrefix(line, "text")), f[1]))
		p.Receive(androidtest.SMS{From: f[1], Text: body, SIM: 1})
	case "down", "up":
		p.SetDown(f[0] == "down")
	case "drop":
		n, err := strconv.Atoi(strings.Join(f[1:], ""))
		if err != nil || n < 0 {
			return fmt.Errorf("want: drop N")
		}
		p.DropNext(n)
	default:
		return fmt.Errorf("unknown command (text, down, up, drop)")
	}
	return nil
}
