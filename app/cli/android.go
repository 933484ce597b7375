package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"forkcast/bridge/android"
)

// runAndroid is `forkcast android probe|unregister SPEC`: SPEC is what
// follows "android:" in --source (URL[,KEY=VALUE...]), so a set-up that
// probes well is pasted as it is into serve.
func runAndroid(ctx context.Context, args []string, env Env) int {
	stdout, stderr := env.Stdout, env.Stderr
	fs := newFlagSet("android", "probe | unregister URL[,KEY=VALUE...]", stderr)
	base := fs.Usage
	fs.Usage = func() {
		base()
		fmt.Fprintf(fs.Output(), "\n  probe       check that the phone is ready and say what to fix (exit 0 ready, 1 not)\n"+
			"  unregister  remove the webhook forkcast registered on the phone\n\n%s\n", android.SpecHelp)
	}
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return exitUsage
	}
	switch sub, rest := fs.Arg(0), fs.Args()[1:]; sub {
	case "probe":
		return runAndroidProbe(ctx, rest, stdout, stderr)
	case "unregister":
		return runAndroidUnregister(ctx, rest, stdout, stderr)
	default:
		return usageError(stderr, "android", "unknown subcommand %q (use probe or unregister)", sub)
	}
}

// androidArgs parses [--timeout D] SPEC [--timeout D]: one SPEC, flags on
// either side. It returns the spec and false after a usage problem (code set).
func androidArgs(fs *flag.FlagSet, name string, args []string, stderr io.Writer) (string, int, bool) {
	if code, ok := parseFlags(fs, args); !ok {
		return "", code, false
	}
	spec := fs.Arg(0)
	if fs.NArg() > 1 { // flags after the spec
		if code, ok := parseFlags(fs, fs.Args()[1:]); !ok {
			return "", code, false
		}
		if fs.NArg() > 0 {
			return "", usageError(stderr, name, "takes one URL[,KEY=VALUE...]; got %q too", fs.Arg(0)), false
		}
	}
	if spec == "" {
		return "", usageError(stderr, name, "needs the phone's address, e.g. http://192.168.43.1:8080 (the app shows it under Local server)"), false
	}
	return strings.TrimPrefix(spec, "android:"), 0, true
}

func runAndroidProbe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("android probe", "[--timeout 30s] URL[,KEY=VALUE...]", stderr)
	timeout := fs.Duration("timeout", 30*time.Second, "give up after `DURATION`")
	withAndroidHelp(fs)
	spec, code, ok := androidArgs(fs, "android probe", args, stderr)
	if !ok {
		return code
	}
	cfg, err := android.ParseSpec(spec, os.Getenv)
	if err != nil {
		// A missing password is one of the probe's own findings (it still
		// checks that the phone answers); any other problem is a usage error.
		if _, err2 := android.ParseSpec(spec, withPlaceholderPass); err2 != nil || cfg.Pass != "" {
			return usageError(stderr, "android probe", "%s: %v", redactSpec(spec), err)
		}
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	r := android.Probe(ctx, cfg)
	if _, err := fmt.Fprint(stdout, r); err != nil || !r.OK() {
		return exitFailed
	}
	return exitOK
}

// withPlaceholderPass is os.Getenv with a password always set: parsing with
// it tells a spec whose only fault is the missing password.
func withPlaceholderPass(k string) string {
	if v := os.Getenv(k); v != "" || k != android.EnvPass {
		return v
	}
	return "placeholder"
}

func runAndroidUnregister(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("android unregister", "[--timeout 30s] URL[,KEY=VALUE...]", stderr)
	timeout := fs.Duration("timeout", 30*time.Second, "give up after `DURATION`")
	withAndroidHelp(fs)
	spec, code, ok := androidArgs(fs, "android unregister", args, stderr)
	if !ok {
		return code
	}
	cfg, err := android.ParseSpec(spec, os.Getenv)
	if err != nil {
		return usageError(stderr, "android unregister", "%s: %v", redactSpec(spec), err)
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	if err := android.Unregister(ctx, cfg); err != nil {
		if errors.Is(err, android.ErrUnauthorized) {
			return fail(stderr, "android unregister", errors.New("the phone refused the password: copy it from the app's Home tab into pass= or "+android.EnvPass))
		}
		return fail(stderr, "android unregister", fmt.Errorf("the phone at %s: %w", cfg.URL, err))
	}
	fmt.Fprintf(stdout, "The phone at %s no longer posts texts to forkcast (%s).\n", cfg.URL, orName(cfg.Name))
	return exitOK
}

func orName(name string) string {
	if name == "" {
		return "android"
	}
	return name
}

// withAndroidHelp appends the spec's keys to -h.
func withAndroidHelp(fs *flag.FlagSet) {
	base := fs.Usage
	fs.Usage = func() {
		base()
		fmt.Fprintf(fs.Output(), "\nURL[,KEY=VALUE...] is what follows android: in --source:\n\n%s\n", android.SpecHelp)
	}
}
