// Package androidtest is an emulator of SMS Gateway for Android in
// local-server mode, for tests: a real HTTP server on loopback that answers
// the app's local API (Basic auth, /health, /device, /inbox with its limits,
// order and X-Total-Count, /webhooks, /message, /settings, a Date header) and
// a webhook sender that signs, retries and duplicates as the app does. It was
// written from the app's source (capcom6/android-sms-gateway) and docs, and
// imports nothing of Forkcast, so it checks the client against the app's
// behaviour rather than against the client's own idea of it.
//
// Faults: dropped connections (DropNext), a phone that stops answering
// (SetDown), a slow inbox (SetInboxDelay), a clock off (Options.ClockOffset,
// SetClockOffset), webhook answers lost so the same event is retried
// (LoseWebhookAnswers), every event sent twice with new ids (Options.
// DuplicateEvents, as in the app's issue #372), and the fallback receive path
// that stamps texts with the phone's clock (Options.ObserverPath).
package androidtest

import (
	"errors"
	"net"
	"net/http"
	"sort"
	"strconv"
	"sync"
	"time"
)

// Options configure a Phone; the zero value is a current app with default
// settings, no signing key, and a correct clock.
type Options struct {
	Addr        string         // where to listen; "" = 127.0.0.1 on a free port
	User, Pass  string         // Basic auth; "sms" and "Pa55word" by default
	SigningKey  string         // webhook signing key; "" sends unsigned webhooks
	Version     string         // app version; before 1.59.0 there is no /inbox; "1.65.0"
	DeviceID    string         // "" = a fixed 21-character id
	DeviceName  string         // "Google/panther"
	Zone        *time.Location // the phone's time zone for JSON dates; +02:00
	LegacyDates bool           // format dates as Android 6 does ("+-5:00")
	ClockOffset time.Duration  // the phone's clock minus the true time
	Now         func() time.Time

	// ObserverPath makes the app's fallback receive path (SmsContentObserver)
	// process every text too, ObserverDelay after the broadcast, stamped with
	// the phone's clock when the row was written.
	ObserverPath  bool
	ObserverDelay time.Duration
	// ObserverFirst makes the fallback path process each text first and the
	// broadcast ObserverDelay later (their order is not fixed on a phone).
	ObserverFirst bool
	// DuplicateEvents emits every text's webhook twice, each with its own event id.
	DuplicateEvents bool

	RetryBase        time.Duration // first webhook retry delay, doubling; the app's is 10 s
	RetryCount       int           // attempts per event; 14
	Workers          int           // webhooks sent at once; 4
	InternetRequired bool          // Settings > Webhooks > Require Internet connection
	// LegacySend is an app from before textMessage: POST /message needs
	// "message", and a body without it fails on a null (500).
	LegacySend bool

	Battery   int // percent; 0 = 80
	Charging  int // battery:charging flags (1 charging, 2 AC, 4 USB)
	Transport int // connection:transport flags; 0 = 4 (Wi-Fi)
	Cellular  int // connection:cellular; 0 = 4 (4G)
}

// SMS is a text the network delivers to the phone.
type SMS struct {
	From string
	Text string
	SIM  int       // 1-based slot; 0 = unknown (simNumber null)
	SCTS time.Time // the network's time stamp; zero = now, whole seconds
}

// Row is one row of the app's incoming_messages table.
type Row struct {
	ID        string
	Sender    string
	SIM       int
	Text      string
	CreatedAt time.Time // the receive path's stamp
}

// Sent is a message the app was asked to send (POST /message).
type Sent struct {
	To   []string
	Text string
	SIM  int
}

// Webhook is a registration (POST /webhooks).
type Webhook struct {
	ID, URL, Event string
}

// Phone is a running emulator. Make one with Start; Close stops it.
type Phone struct {
	opt  Options
	srv  *http.Server
	ln   net.Listener
	url  string
	ver  version
	zone *time.Location

	mu        sync.Mutex
	offset    time.Duration
	lastRow   time.Time
	rows      map[string]Row
	hooks     map[string]Webhook
	sent      []Sent
	drop      int
	down      bool
	delay     time.Duration
	lose      int
	requests  map[string]int
	queue     chan *event
	pending   sync.WaitGroup
	attempts  int
	delivered int
	failed    int
	closed    chan struct{}
	workers   sync.WaitGroup
}

// Start listens on Options.Addr (127.0.0.1 at a free port by default) and
// serves the app's API. It fails when it cannot listen.
func Start(o Options) (*Phone, error) {
	if o.User == "" {
		o.User = "sms"
	}
	if o.Pass == "" {
		o.Pass = "Pa55word"
	}
	if o.Version == "" {
		o.Version = "1.65.0"
	}
	if o.DeviceID == "" {
		o.DeviceID = "Ey6ECgOkVVFjz3CL48B8C"
	}
	if o.DeviceName == "" {
		o.DeviceName = "Google/panther"
	}
	if o.Zone == nil {
		o.Zone = time.FixedZone("", 2*3600)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.RetryBase <= 0 {
		o.RetryBase = 10 * time.Second
	}
	if o.RetryCount <= 0 {
		o.RetryCount = 14
	}
	if o.Workers <= 0 {
		o.Workers = 4
	}
	if o.Battery == 0 {
		o.Battery = 80
	}
	if o.Transport == 0 {
		o.Transport = 4
	}
	if o.Cellular == 0 {
		o.Cellular = 4
	}
	if o.Addr == "" {
		o.Addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		return nil, err
	}
	p := &Phone{opt: o, ln: ln, url: "http://" + ln.Addr().String(), ver: parseVersion(o.Version), zone: o.Zone,
		offset: o.ClockOffset, rows: map[string]Row{}, hooks: map[string]Webhook{}, requests: map[string]int{},
		queue: make(chan *event, 100000), closed: make(chan struct{})}
	p.srv = &http.Server{Handler: p.routes(), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = p.srv.Serve(ln) }()
	for range o.Workers {
		p.workers.Add(1)
		go p.sendLoop()
	}
	return p, nil
}

// URL is the local server's address, as the app shows it.
func (p *Phone) URL() string { return p.url }

// Close stops the server and the webhook sender.
func (p *Phone) Close() {
	select {
	case <-p.closed:
		return
	default:
	}
	close(p.closed)
	_ = p.srv.Close()
	p.workers.Wait()
}

// phoneNow is the phone's clock.
func (p *Phone) phoneNow() time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.opt.Now().Add(p.offset)
}

// Receive is the network delivering s: the broadcast path processes it with
// the network's stamp, and with ObserverPath the content observer processes
// it again with the phone's clock.
func (p *Phone) Receive(s SMS) {
	scts := s.SCTS
	if scts.IsZero() {
		scts = p.opt.Now().Truncate(time.Second)
	}
	if !p.opt.ObserverPath {
		p.process(s, scts)
		return
	}
	stamp := p.rowStamp()
	first, second := scts, stamp
	if p.opt.ObserverFirst {
		first, second = stamp, scts
	}
	p.process(s, first)
	p.pending.Add(1)
	go func() {
		defer p.pending.Done()
		if p.opt.ObserverDelay > 0 {
			time.Sleep(p.opt.ObserverDelay) // the other receive path a moment later: simulated latency
		}
		p.process(s, second)
	}()
}

// rowStamp is the DATE the SMS provider gives a new inbox row: the phone's
// clock, strictly increasing from row to row (rows are written one at a time).
func (p *Phone) rowStamp() time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	stamp := p.opt.Now().Add(p.offset).Truncate(time.Millisecond)
	if !stamp.After(p.lastRow) {
		stamp = p.lastRow.Add(time.Millisecond)
	}
	if stamp.UnixMilli()%1000 == 0 {
		// A real phone's clock falls on a whole second one time in a
		// thousand; the client cannot tell such a stamp from the network's
		// (its own tests cover that case), so the emulator keeps its
		// phone-clock stamps off whole seconds.
		stamp = stamp.Add(time.Millisecond)
	}
	p.lastRow = stamp
	return stamp
}

// process is ReceiverService.process: skip a text already processed under the
// same id, else save its row (REPLACE) and emit its webhooks.
func (p *Phone) process(s SMS, date time.Time) {
	var sub *int
	if s.SIM > 0 {
		v := s.SIM
		sub = &v
	}
	ms := date.UnixMilli()
	h := textHash(s.From, ms, sub, s.Text)
	id := "text:" + strconv.Itoa(int(h))
	p.mu.Lock()
	if _, done := p.rows[id]; done {
		p.mu.Unlock()
		return
	}
	p.rows[id] = Row{ID: id, Sender: s.From, SIM: s.SIM, Text: s.Text, CreatedAt: time.UnixMilli(ms)}
	hooks := p.hooksFor("sms:received")
	p.mu.Unlock()
	times := 1
	if p.opt.DuplicateEvents {
		times = 2
	}
	for _, w := range hooks {
		for range times {
			p.emit(w, smsReceived(s, time.UnixMilli(ms), h, p))
		}
	}
}

func (p *Phone) hooksFor(event string) []Webhook {
	var out []Webhook
	for _, w := range p.hooks {
		if w.Event == event {
			out = append(out, w)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// DropNext closes the next n API connections without an answer.
func (p *Phone) DropNext(n int) { p.mu.Lock(); p.drop += n; p.mu.Unlock() }

// SetDown makes every API request fail (the phone left the network) or recover.
func (p *Phone) SetDown(down bool) { p.mu.Lock(); p.down = down; p.mu.Unlock() }

// SetInboxDelay makes every GET /inbox take d longer (a slow phone).
func (p *Phone) SetInboxDelay(d time.Duration) { p.mu.Lock(); p.delay = d; p.mu.Unlock() }

// SetClockOffset sets the phone's clock minus the true time.
func (p *Phone) SetClockOffset(d time.Duration) { p.mu.Lock(); p.offset = d; p.mu.Unlock() }

// LoseWebhookAnswers makes the next n webhook attempts count as failed after
// the laptop answered them, so the same event is sent again.
func (p *Phone) LoseWebhookAnswers(n int) { p.mu.Lock(); p.lose += n; p.mu.Unlock() }

// Rows returns the incoming_messages table, newest first.
func (p *Phone) Rows() []Row {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]Row, 0, len(p.rows))
	for _, r := range p.rows {
		out = append(out, r)
	}
	sortRows(out)
	return out
}

// SentMessages returns what the app was asked to send.
func (p *Phone) SentMessages() []Sent {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Sent(nil), p.sent...)
}

// Webhooks returns the registered webhooks.
func (p *Phone) Webhooks() []Webhook {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []Webhook
	for _, w := range p.hooks {
		out = append(out, w)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Stats are the webhook sender's counters.
type Stats struct {
	Attempts, Delivered, Failed int
}

// Stats returns how many webhook attempts were made, how many events were
// delivered, and how many were given up.
func (p *Phone) Stats() Stats {
	p.mu.Lock()
	defer p.mu.Unlock()
	return Stats{Attempts: p.attempts, Delivered: p.delivered, Failed: p.failed}
}

// Requests returns how many requests reached path (answered or dropped).
func (p *Phone) Requests(path string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.requests[path]
}

// WaitWebhooks waits until every emitted event was delivered or given up, or
// the deadline passes.
func (p *Phone) WaitWebhooks(deadline time.Duration) error {
	done := make(chan struct{})
	go func() { p.pending.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-time.After(deadline):
		return errors.New("androidtest: webhooks still pending")
	}
}

// sortRows is the app's ORDER BY createdAt DESC, id DESC.
func sortRows(rs []Row) {
	sort.Slice(rs, func(i, j int) bool {
		if !rs[i].CreatedAt.Equal(rs[j].CreatedAt) {
			return rs[i].CreatedAt.After(rs[j].CreatedAt)
		}
		return rs[i].ID > rs[j].ID
	})
}
