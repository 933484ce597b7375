// Command fakemodem runs the Forkcast modem emulator on a pseudo-terminal and
// prints the device to open, for manual and end-to-end tests:
//
//	fakemodem -profile sim800 -texts votes.txt -baud 115200
//	forkcast serve --source modem:/dev/pts/N
//
// The texts file holds one text per line, "SENDER<TAB>TEXT" or just TEXT
// (from a made-up number per line); "#" starts a comment; a line "reset",
// "unplug", "lose-cmti" or "sleep 2s" acts on the modem instead; "pdu HEX"
// delivers a PDU as it stands, and "fixture NAME [3 1 2]" delivers a foreign
// fixture's PDUs (modemtest.ForeignFixtures) as they stand, in the part order
// given (1-based; default as the encoder made them). Texts are
// delivered -interval apart once -delay has passed. It runs until interrupted.
// Exit codes: 0 ok, 1 failed, 2 usage.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"forkcast/bridge/modem/modemtest"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("fakemodem", flag.ContinueOnError)
	fs.SetOutput(stderr)
	profile := fs.String("profile", "huawei-e173", "modem `PROFILE`: huawei-e173, huawei-e3372, sim800, quectel-ec25, wavecom")
	texts := fs.String("texts", "", "`FILE` of texts to deliver (see the package doc)")
	baud := fs.Int("baud", 0, "pace bytes at `BAUD` (0 = unpaced)")
	byID := fs.String("by-id", "", "keep a stable symlink to the device in `DIR` (like /dev/serial/by-id)")
	pin := fs.String("pin", "", "make the SIM ask for `PIN`")
	delay := fs.Duration("delay", 2*time.Second, "wait this long before the first text")
	interval := fs.Duration("interval", 200*time.Millisecond, "time between texts")
	noSMSC := fs.Bool("no-smsc", false, "print PDUs without their SMSC address, as some modems do")
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	p, err := modemtest.ProfileByName(*profile)
	if err != nil {
		fmt.Fprintln(stderr, "fakemodem:", err)
		return 2
	}
	p.NoSMSC = *noSMSC
	opts := []modemtest.Option{modemtest.WithBaud(*baud)}
	if *byID != "" {
		opts = append(opts, modemtest.WithByID(*byID))
	}
	if *pin != "" {
		opts = append(opts, modemtest.WithPIN(*pin))
	}
	e, err := modemtest.New(p, opts...)
	if err != nil {
		fmt.Fprintln(stderr, "fakemodem:", err)
		return 1
	}
	defer e.Close()
	fmt.Fprintln(stdout, e.Device())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if *texts != "" {
		if err := play(ctx, e, *texts, *delay, *interval, stdout); err != nil {
			fmt.Fprintln(stderr, "fakemodem:", err)
			return 1
		}
	}
	<-ctx.Done()
	return 0
}

// play delivers the file's texts and actions.
func play(ctx context.Context, e *modemtest.Emulator, path string, delay, interval time.Duration, out io.Writer) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if !sleep(ctx, delay) {
		return nil
	}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if err := act(ctx, e, line, n, out); err != nil {
			return fmt.Errorf("%s:%d: %w", path, n, err)
		}
		if !sleep(ctx, interval) {
			return nil
		}
	}
	return sc.Err()
}

func act(ctx context.Context, e *modemtest.Emulator, line string, n int, out io.Writer) error {
	switch {
	case line == "reset":
		e.Reset()
	case line == "unplug":
		e.Unplug()
		sleep(ctx, time.Second)
		path, err := e.Replug()
		if err != nil {
			return err
		}
		fmt.Fprintln(out, "replugged:", path)
	case line == "lose-cmti":
		e.LoseCMTI(1)
	case strings.HasPrefix(line, "pdu "):
		e.Deliver(strings.TrimSpace(strings.TrimPrefix(line, "pdu ")))
	case line == "fixture" || strings.HasPrefix(line, "fixture "):
		return deliverFixture(e, strings.Fields(strings.TrimPrefix(line, "fixture")))
	case strings.HasPrefix(line, "sleep "):
		d, err := time.ParseDuration(strings.TrimPrefix(line, "sleep "))
		if err != nil {
			return err
		}
		sleep(ctx, d)
	default:
		from, text, ok := strings.Cut(line, "\t")
		if !ok {
			from, text = fmt.Sprintf("+1555%07d", n), line
		}
		if _, err := e.DeliverSMS(modemtest.SMS{From: from, Text: text}); err != nil {
			return err
		}
	}
	return nil
}

// deliverFixture delivers fixture args[0] with the parts in the order args[1:].
func deliverFixture(e *modemtest.Emulator, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("fixture needs a name")
	}
	f, err := modemtest.ForeignFixture(args[0])
	if err != nil {
		return err
	}
	var order []int
	for _, a := range args[1:] {
		n, err := strconv.Atoi(a)
		if err != nil || n < 1 || n > len(f.PDUs) {
			return fmt.Errorf("fixture %s: part %q is not 1..%d", f.Name, a, len(f.PDUs))
		}
		order = append(order, n-1)
	}
	e.DeliverFixture(f, order...)
	return nil
}

func sleep(ctx context.Context, d time.Duration) bool {
	select {
	case <-ctx.Done():
		return false
	case <-time.After(d):
		return true
	}
}
