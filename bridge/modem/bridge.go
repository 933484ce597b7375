package modem

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"forkcast/app/vote"

	"github.com/warthog618/sms"
)

// Config configures a Bridge. Only Device is required.
type Config struct {
	Device     string       // /dev/ttyUSB2, /dev/ttyACM0, or a stable /dev/serial/by-id/... link
	Baud       int          // 0 = 115200
	PIN        string       // SIM PIN, entered when the SIM asks; never retried after a rejection
	Logger     *slog.Logger // nil = discard
	PartsStore PartsStore   // nil = in memory: parts then stay on the SIM until their text is complete

	PartsTimeout    time.Duration // wait for missing parts before delivering a partial text; 0 = 90 s
	PollInterval    time.Duration // safety-net read of the SIM; 0 = 5 s
	HealthInterval  time.Duration // signal/network refresh; 0 = 30 s
	CommandTimeout  time.Duration // silence after which a command has failed; 0 = 10 s
	Replies         bool          // allow Reply; off by default
	ReplyInterval   time.Duration // at most one reply per interval; 0 = 3 s
	ReplyQueue      int           // replies waiting at most; 0 = 64
	AllowModemReset bool          // allow AT+CFUN=1,1 as the last resort for a hung modem
	ByIDDir         string        // where stable names live; "" = /dev/serial/by-id
	Now             func() time.Time
}

// Errors a Bridge reports for configurations it cannot recover from.
var (
	ErrNoDevice       = errors.New("no modem device given")
	ErrPINRequired    = errors.New("the SIM asks for a PIN and none is configured")
	ErrPINRejected    = errors.New("the SIM rejected the PIN")
	ErrPUK            = errors.New("the SIM is blocked and needs its PUK")
	ErrNoPDUMode      = errors.New("the modem does not support PDU mode")
	errUnresponsive   = errors.New("the modem stopped answering")
	errAlreadyRunning = errors.New("modem: Run is already running")
)

// Bridge is the modem vote.Source. Make one with New.
type Bridge struct {
	cfg     Config
	log     *slog.Logger
	health  health
	parts   PartsStore
	durable bool // parts are committed before they leave the SIM
	optout  *optOuts

	running     atomic.Bool
	sessionDone chan struct{}          // closed when the last session's goroutine ended
	pinFailed   atomic.Bool            // a PIN was rejected once: never send it again
	stable      atomic.Pointer[string] // the by-id name found for the device
	imei        atomic.Pointer[string]

	replyMu       sync.Mutex
	replyOn       bool
	replies       chan outgoing
	encoder       *sms.Encoder
	clockSkew     atomic.Int64 // learned SCTS correction, ns
	skewCandidate atomic.Int64
	// repliesHeld counts the times the session held a waiting reply back
	// until ReplyInterval had passed: a test's proof that the pacing was
	// applied, not merely that the bridge had not got to the reply yet.
	repliesHeld atomic.Int64
}

var (
	_ vote.Source  = (*Bridge)(nil)
	_ vote.Replier = (*Bridge)(nil)
)

// New checks cfg and returns a Bridge; nothing is opened until Run. It fails
// when no device is given or the baud rate is not a standard one.
func New(cfg Config) (*Bridge, error) {
	if cfg.Device == "" {
		return nil, ErrNoDevice
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	if cfg.Baud <= 0 {
		cfg.Baud = 115200
	}
	if !validBaud(cfg.Baud) {
		return nil, fmt.Errorf("modem %s: unsupported baud rate %d (try 115200, 57600, 9600)", cfg.Device, cfg.Baud)
	}
	def(&cfg.PartsTimeout, 90*time.Second)
	def(&cfg.PollInterval, 5*time.Second)
	def(&cfg.HealthInterval, 30*time.Second)
	def(&cfg.CommandTimeout, 10*time.Second)
	def(&cfg.ReplyInterval, 3*time.Second)
	if cfg.ReplyQueue <= 0 {
		cfg.ReplyQueue = 64
	}
	if cfg.ByIDDir == "" {
		cfg.ByIDDir = "/dev/serial/by-id"
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	b := &Bridge{cfg: cfg, log: cfg.Logger, parts: cfg.PartsStore, durable: cfg.PartsStore != nil,
		replyOn: cfg.Replies, replies: make(chan outgoing, cfg.ReplyQueue),
		encoder: sms.NewEncoder(sms.AsSubmit)}
	if b.parts == nil {
		b.parts = NewMemoryPartsStore()
	}
	b.optout = newOptOuts(cfg.PartsStore)
	b.health.init(cfg.Device, cfg.Replies)
	done := make(chan struct{})
	close(done)
	b.sessionDone = done
	return b, nil
}

// Name returns "modem".
func (b *Bridge) Name() string { return "modem" }

// Health returns the modem's state; it is safe for concurrent use.
func (b *Bridge) Health() vote.Health { return b.health.get() }

// stopGrace bounds how long Run waits for a session to wind down after ctx ends.
const stopGrace = 700 * time.Millisecond

// Run receives texts and hands them to sink until ctx ends, reconnecting with
// backoff after faults (unplug, reset, hang). It returns ctx.Err() within a
// second of ctx ending, or an error it cannot recover from: a missing or
// rejected PIN, a blocked SIM, a modem locked to another network, a modem
// without PDU mode.
func (b *Bridge) Run(ctx context.Context, sink vote.Sink) error {
	if !b.running.CompareAndSwap(false, true) {
		return errAlreadyRunning
	}
	defer b.running.Store(false)
	defer b.health.stopped()
	backoff := 250 * time.Millisecond
	for {
		if b.pinFailed.Load() {
			return fmt.Errorf("modem %s: %w (not sent again: check it, then restart)", b.cfg.Device, ErrPINRejected)
		}
		select {
		case <-b.sessionDone: // the previous session has let go of the port
		case <-ctx.Done():
			return ctx.Err()
		}
		start := time.Now()
		err := b.runSession(ctx, sink)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if isFatal(err) {
			b.health.fail(err)
			return fmt.Errorf("modem %s: %w", b.cfg.Device, err)
		}
		b.health.down(b.cfg.Device, err)
		b.log.Warn("modem: reconnecting", "device", b.cfg.Device, "err", err, "in", backoff)
		if time.Since(start) > 30*time.Second {
			backoff = 250 * time.Millisecond
		}
		select {
		case <-time.After(backoff):
		case <-ctx.Done():
			return ctx.Err()
		}
		backoff = min(backoff*2, 5*time.Second)
	}
}

// runSession runs one connection in its own goroutine and returns its error,
// or returns within stopGrace of ctx ending even when the session is stuck in
// a system call (a wedged USB driver); that goroutine then ends on its own.
func (b *Bridge) runSession(ctx context.Context, sink vote.Sink) error {
	done := make(chan struct{})
	b.sessionDone = done
	res := make(chan error, 1)
	go func() {
		defer close(done)
		res <- b.session(ctx, sink)
	}()
	finished, err := resultOrGrace(ctx, res, stopGrace)
	if !finished {
		b.log.Warn("modem: session still busy after stop; leaving it to finish", "device", b.cfg.Device)
	}
	return err
}

// resultOrGrace waits for the result on res; once ctx ends it waits at most
// grace more, then gives up with finished false and ctx.Err() (the goroutine
// that owes the result ends on its own; res must be buffered).
func resultOrGrace(ctx context.Context, res <-chan error, grace time.Duration) (finished bool, err error) {
	select {
	case err := <-res:
		return true, err
	case <-ctx.Done():
	}
	select {
	case err := <-res:
		return true, err
	case <-time.After(grace):
		return false, ctx.Err()
	}
}

// isFatal reports the errors retrying cannot fix.
func isFatal(err error) bool {
	return errors.Is(err, ErrPINRequired) || errors.Is(err, ErrPINRejected) ||
		errors.Is(err, ErrPUK) || errors.Is(err, ErrNoPDUMode) || errors.Is(err, ErrModemLocked)
}

func (b *Bridge) now() time.Time { return b.cfg.Now() }

// validBaud reports the standard rates the serial driver can set.
func validBaud(b int) bool {
	switch b {
	case 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 500000, 576000,
		921600, 1000000, 1152000, 1500000, 2000000, 2500000, 3000000, 3500000, 4000000:
		return true
	}
	return false
}
