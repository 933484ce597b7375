package modem

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"forkcast/bridge/modem/at"
)

// Report is what Probe learned about a modem.
type Report struct {
	Device   string
	Model    string // manufacturer and model
	Revision string
	IMEI     string
	SIM      string // "ready", or what is wrong
	Network  string
	Operator string
	Signal   string
	Storages string // storages the modem offers for reading
	Storage  string // the one the bridge would use, with its fill
	Notify   string // the notifications the bridge would set
	Texts    int    // texts waiting in that storage
	Problems []string
}

// Probe opens device, identifies the modem, checks its SIM (entering pin if
// the SIM asks and pin is given), network and storage, and works out what the
// bridge would configure, without switching notifications on. It fails when
// the port cannot be opened or the modem does not answer; problems found
// after that are listed in the Report.
func Probe(ctx context.Context, device string, baud int, pin string, log *slog.Logger) (*Report, error) {
	b, err := New(Config{Device: device, Baud: baud, PIN: pin, Logger: log})
	if err != nil {
		return nil, err
	}
	rwc, err := openSerial(device, b.cfg.Baud)
	if err != nil {
		return nil, err
	}
	s := &session{b: b, port: at.NewPort(rwc), recent: newHashSet(1)}
	defer s.port.Close()
	s.link = at.NewLink(s.port, b.log, b.cfg.CommandTimeout, s.unsolicited)
	r := &Report{Device: device}
	if err := s.restartOnReset(func() error { return s.probe(ctx, r) }); err != nil {
		return nil, fmt.Errorf("probe %s: %w", device, err)
	}
	return r, nil
}

// probe runs the set-up steps that change nothing the modem keeps.
func (s *session) probe(ctx context.Context, r *Report) error {
	*r = Report{Device: r.Device}
	s.link.Restart()
	if err := s.wake(ctx); err != nil {
		return fmt.Errorf("no answer to AT at %d baud (wrong port, or the modem is busy): %w", s.b.cfg.Baud, err)
	}
	for _, cmd := range []string{"ATE0", "AT+CMEE=1"} {
		if err := answered(s.run(ctx, cmd)); err != nil {
			return err
		}
	}
	if err := s.identify(ctx); err != nil {
		return err
	}
	r.Model, r.Revision, r.IMEI = s.info.String(), s.info.Revision, s.info.IMEI
	r.SIM = "ready"
	if err := s.unlockSIM(ctx); err != nil {
		if !isFatal(err) && !errors.Is(err, errNoSIM) && !errors.Is(err, ErrModemLocked) {
			return err
		}
		r.SIM = downSentence(s.b.cfg.Device, err)
		r.Problems = append(r.Problems, r.SIM)
		return nil
	}
	if err := s.setupSMS(ctx, false); err != nil {
		if !errors.Is(err, ErrNoPDUMode) {
			return err
		}
		r.Problems = append(r.Problems, downSentence(s.b.cfg.Device, err))
		return nil
	}
	if len(s.lists) > 0 {
		r.Storages = strings.Join(s.lists[0], ", ")
	}
	if err := s.probeNotify(ctx, r); err != nil {
		return err
	}
	if err := s.refreshHealth(ctx); err != nil {
		return err
	}
	s.b.health.update(func(f *facts) { f.Ready = true })
	h := s.b.health.get()
	f := s.b.health.facts()
	r.Network, r.Operator, r.Signal = h.Metrics["network"], f.Operator, h.Metrics["signal"]
	r.Texts = f.SIM.Used
	r.Storage = fmt.Sprintf("%s, %d of %d used", orDefault(s.curMem, "the modem's default"), f.SIM.Used, f.SIM.Total)
	if h.State != "ok" {
		r.Problems = append(r.Problems, h.Detail)
	}
	return nil
}

// probeNotify works out the +CNMI setting without applying it.
func (s *session) probeNotify(ctx context.Context, r *Report) error {
	lines, err := s.exec(ctx, at.Request{Cmd: "AT+CNMI=?", Prefix: "+CNMI:"})
	if answered(err) != nil {
		return err
	}
	ranges, perr := parseRanges(lines, "+CNMI:")
	c := ""
	if err == nil && perr == nil {
		c = chooseCNMI(ranges)
	}
	switch {
	case c == "":
		r.Notify = "none offered: the bridge would read the SIM every few seconds"
	case strings.HasPrefix(c[strings.Index(c, ",")+1:], "2"):
		r.Notify = "AT+CNMI=" + c + " (direct delivery, acknowledged with +CNMA after storing)"
	default:
		r.Notify = "AT+CNMI=" + c + " (store on the SIM and notify with +CMTI)"
	}
	return nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// WriteReport prints r for a speaker; it fails when w does.
func WriteReport(w io.Writer, r *Report) error {
	rows := [][2]string{
		{"Device", r.Device}, {"Model", r.Model}, {"Firmware", r.Revision}, {"IMEI", r.IMEI},
		{"SIM", r.SIM}, {"Network", r.Network}, {"Operator", r.Operator}, {"Signal", r.Signal},
		{"Storages", r.Storages}, {"Storage", r.Storage}, {"Notifications", r.Notify},
	}
	var sb strings.Builder
	for _, row := range rows {
		if row[1] != "" {
			fmt.Fprintf(&sb, "%-14s %s\n", row[0]+":", row[1])
		}
	}
	if len(r.Problems) == 0 {
		fmt.Fprintf(&sb, "\nReady: use --source modem:%s\n", r.Device)
	} else {
		sb.WriteString("\nProblems:\n")
		for _, p := range r.Problems {
			fmt.Fprintf(&sb, "  - %s\n", p)
		}
	}
	_, err := io.WriteString(w, sb.String())
	return err
}
