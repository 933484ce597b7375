package cli

import (
	"context"
	"io"
	"log/slog"
	"os"
	"time"

	"forkcast/bridge/modem"
)

func runModem(ctx context.Context, args []string, env Env) int {
	stdout, stderr := env.Stdout, env.Stderr
	fs := newFlagSet("modem", "list | probe [--baud N] [--pin PIN] DEVICE | reread [--db PATH]", stderr)
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return exitUsage
	}
	switch sub, rest := fs.Arg(0), fs.Args()[1:]; sub {
	case "list":
		return runModemList(rest, stdout, stderr)
	case "probe":
		return runModemProbe(ctx, rest, stdout, stderr)
	case "reread":
		return runModemReread(ctx, rest, env)
	default:
		return usageError(stderr, "modem", "unknown subcommand %q (use list, probe or reread)", sub)
	}
}

func runModemList(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("modem list", "", stderr)
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return usageError(stderr, "modem list", "takes no arguments")
	}
	ports, err := modem.ListPorts()
	if err != nil {
		return fail(stderr, "modem list", err)
	}
	if err := modem.WritePorts(stdout, ports); err != nil {
		return exitFailed
	}
	return exitOK
}

func runModemProbe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("modem probe", "[--baud N] [--pin PIN] DEVICE", stderr)
	baud := fs.Int("baud", 115200, "serial `BAUD` rate")
	pin := fs.String("pin", "", "SIM `PIN`, entered if the SIM asks (or FORKCAST_MODEM_PIN)")
	timeout := fs.Duration("timeout", 60*time.Second, "give up after `DURATION`")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	device := fs.Arg(0)
	if fs.NArg() > 1 { // flags after the device
		if code, ok := parseFlags(fs, fs.Args()[1:]); !ok {
			return code
		}
		if fs.NArg() > 0 {
			return usageError(stderr, "modem probe", "takes one DEVICE")
		}
	}
	if device == "" {
		return usageError(stderr, "modem probe", "needs a DEVICE, e.g. /dev/ttyUSB2 (see 'forkcast modem list')")
	}
	if *pin == "" {
		*pin = os.Getenv("FORKCAST_MODEM_PIN")
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	rep, err := modem.Probe(ctx, device, *baud, *pin, log)
	if err != nil {
		return fail(stderr, "modem probe", err)
	}
	if err := modem.WriteReport(stdout, rep); err != nil || len(rep.Problems) > 0 {
		return exitFailed
	}
	return exitOK
}
