package androidtest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// firstInbox is the first app version with GET /inbox.
var firstInbox = parseVersion("1.59.0")

func (p *Phone) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /health", p.health)
	mux.HandleFunc("GET /{$}", p.auth(func(w http.ResponseWriter, _ *http.Request) {
		p.json(w, http.StatusOK, map[string]string{"status": "ok", "model": "Pixel 7"})
	}))
	mux.HandleFunc("GET /device", p.auth(p.device))
	if p.ver.atLeast(firstInbox) {
		mux.HandleFunc("GET /inbox", p.auth(p.inbox))
	}
	for _, base := range []string{"/webhook", "/webhooks"} {
		mux.HandleFunc("GET "+base, p.auth(p.listHooks))
		mux.HandleFunc("POST "+base, p.auth(p.addHook))
		mux.HandleFunc("DELETE "+base+"/{id}", p.auth(p.deleteHook))
	}
	for _, base := range []string{"/message", "/messages"} {
		mux.HandleFunc("POST "+base, p.auth(p.send))
	}
	mux.HandleFunc("GET /settings", p.auth(p.settings))
	return p.faults(mux)
}

// faults counts requests, sets the Date header (the phone's clock), and drops
// connections as asked.
func (p *Phone) faults(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		p.requests[r.URL.Path]++
		drop := p.down || p.drop > 0
		if p.drop > 0 && !p.down {
			p.drop--
		}
		delay := p.delay
		p.mu.Unlock()
		if drop {
			if hj, ok := w.(http.Hijacker); ok {
				if c, _, err := hj.Hijack(); err == nil {
					c.Close()
					return
				}
			}
			panic(http.ErrAbortHandler)
		}
		if r.URL.Path == "/inbox" && delay > 0 {
			time.Sleep(delay) // a slow phone: the simulated cost of its database query
		}
		w.Header().Set("Date", p.phoneNow().UTC().Format(http.TimeFormat))
		next.ServeHTTP(w, r)
	})
}

// auth is Ktor's basic("auth-basic"): 401 with a challenge unless the
// user and password match.
func (p *Phone) auth(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u, pw, ok := r.BasicAuth()
		if !ok || u != p.opt.User || pw != p.opt.Pass {
			w.Header().Set("WWW-Authenticate", `Basic realm="Access to SMS Gateway", charset="UTF-8"`)
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		h(w, r)
	}
}

func (p *Phone) json(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // Gson with disableHtmlEscaping, as the app configures it
	_ = enc.Encode(v)
}

func (p *Phone) bad(w http.ResponseWriter, msg string) {
	p.json(w, http.StatusBadRequest, map[string]string{"message": msg})
}

func (p *Phone) health(w http.ResponseWriter, _ *http.Request) {
	o := p.opt
	lvl := "pass"
	switch {
	case o.Battery < 10:
		lvl = "fail"
	case o.Battery < 25:
		lvl = "warn"
	}
	checks := map[string]any{
		"battery:level":        map[string]any{"description": "Battery level in percent", "observedUnit": "percent", "observedValue": o.Battery, "status": lvl},
		"battery:charging":     map[string]any{"description": "Is the phone charging?", "observedUnit": "flags", "observedValue": o.Charging, "status": "pass"},
		"connection:status":    map[string]any{"description": "Internet connection status", "observedUnit": "Yes/No", "observedValue": 1, "status": "pass"},
		"connection:transport": map[string]any{"description": "Network transport type", "observedUnit": "flags", "observedValue": o.Transport, "status": "pass"},
		"connection:cellular":  map[string]any{"description": "Cellular network type", "observedUnit": "index", "observedValue": o.Cellular, "status": "pass"},
		"messages:failed":      map[string]any{"description": "Failed messages for last hour", "observedUnit": "messages", "observedValue": 0, "status": "pass"},
	}
	status := http.StatusOK
	if lvl == "fail" {
		status = http.StatusInternalServerError
	}
	p.json(w, status, map[string]any{"status": lvl, "version": o.Version, "releaseId": 1300, "checks": checks})
}

func (p *Phone) device(w http.ResponseWriter, _ *http.Request) {
	now := p.formatTime(p.phoneNow())
	p.json(w, http.StatusOK, []map[string]any{{"id": p.opt.DeviceID, "name": p.opt.DeviceName,
		"createdAt": now, "updatedAt": now, "lastSeen": now}})
}

// inbox is InboxRoutes' GET: type, limit 1..500 (default 50), offset >= 0,
// from/to (default 0 and the phone's now), createdAt BETWEEN from AND to,
// newest first, X-Total-Count of the whole range.
func (p *Phone) inbox(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	typ := q.Get("type")
	if typ != "" && typ != "SMS" && typ != "DATA_SMS" && typ != "MMS" && typ != "MMS_DOWNLOADED" {
		p.bad(w, "Invalid type")
		return
	}
	limit, offset := 50, 0
	if v := q.Get("limit"); v != "" {
		if n, err := strconv.Atoi(v); err == nil {
			limit = n
		}
	}
	if v := q.Get("offset"); v != "" {
		if n, err := strconv.Atoi(v); err == nil {
			offset = n
		}
	}
	if limit < 1 || limit > 500 {
		p.bad(w, "limit must be between 1 and 500")
		return
	}
	if offset < 0 {
		p.bad(w, "offset must be >= 0")
		return
	}
	from, to := time.UnixMilli(0), p.phoneNow()
	if v, ok := q["from"]; ok {
		t, good := parseQueryTime(v[0])
		if !good {
			p.bad(w, "Invalid from datetime")
			return
		}
		from = t
	}
	if v, ok := q["to"]; ok {
		t, good := parseQueryTime(v[0])
		if !good {
			p.bad(w, "Invalid to datetime")
			return
		}
		to = t
	}
	if from.After(to) {
		p.bad(w, "Start date cannot be after end date")
		return
	}
	var match []Row
	for _, row := range p.Rows() {
		if typ != "" && typ != "SMS" {
			continue
		}
		if !row.CreatedAt.Before(from) && !row.CreatedAt.After(to) {
			match = append(match, row)
		}
	}
	w.Header().Set("X-Total-Count", strconv.Itoa(len(match)))
	page := []map[string]any{}
	for i := offset; i < len(match) && i < offset+limit; i++ {
		row := match[i]
		var sim any
		if row.SIM > 0 {
			sim = row.SIM
		}
		page = append(page, map[string]any{"id": row.ID, "type": "SMS", "sender": row.Sender, "recipient": nil,
			"simNumber": sim, "contentPreview": row.Text, "createdAt": p.formatTime(row.CreatedAt), "attachments": []any{}})
	}
	p.json(w, http.StatusOK, page)
}

func (p *Phone) listHooks(w http.ResponseWriter, _ *http.Request) {
	out := []map[string]any{}
	for _, h := range p.Webhooks() {
		out = append(out, map[string]any{"id": h.ID, "deviceId": nil, "url": h.URL, "event": h.Event, "source": "Local"})
	}
	p.json(w, http.StatusOK, out)
}

// addHook is WebHooksService.replace: https://, or http:// to 127.0.0.1
// only; a known event; an upsert by id (a new nanoid when none is given).
func (p *Phone) addHook(w http.ResponseWriter, r *http.Request) {
	var in struct {
		ID    *string `json:"id"`
		URL   string  `json:"url"`
		Event string  `json:"event"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		p.bad(w, "Failed to convert request body")
		return
	}
	u, err := url.Parse(in.URL)
	if err != nil || !(u.Scheme == "https" || (u.Scheme == "http" && u.Hostname() == "127.0.0.1")) {
		p.bad(w, "url must start with https:// or http://127.0.0.1")
		return
	}
	switch in.Event {
	case "sms:received", "sms:sent", "sms:delivered", "sms:failed", "system:ping", "sms:data-received", "mms:received":
	default:
		p.bad(w, "Unsupported event")
		return
	}
	id := nanoID()
	if in.ID != nil && *in.ID != "" {
		id = *in.ID
	}
	h := Webhook{ID: id, URL: in.URL, Event: in.Event}
	p.mu.Lock()
	p.hooks[id] = h
	p.mu.Unlock()
	p.json(w, http.StatusCreated, map[string]any{"id": id, "deviceId": nil, "url": h.URL, "event": h.Event, "source": "Local"})
}

func (p *Phone) deleteHook(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	delete(p.hooks, r.PathValue("id"))
	p.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

// send is MessagesRoutes' JSON POST: exactly one of textMessage and message,
// phoneNumbers not empty, simNumber >= 1; 202 with the message pending.
func (p *Phone) send(w http.ResponseWriter, r *http.Request) {
	var in struct {
		ID          *string `json:"id"`
		Message     *string `json:"message"`
		TextMessage *struct {
			Text string `json:"text"`
		} `json:"textMessage"`
		PhoneNumbers []string `json:"phoneNumbers"`
		SIMNumber    *int     `json:"simNumber"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		p.bad(w, "Failed to convert request body")
		return
	}
	var text string
	switch {
	case p.opt.LegacySend && in.Message == nil:
		p.json(w, http.StatusInternalServerError, map[string]string{
			"message": "Parameter specified as non-null is null: method PostMessageRequest.<init>, parameter message"})
		return
	case in.Message != nil && in.TextMessage != nil:
		p.bad(w, "Cannot specify multiple message types simultaneously")
		return
	case in.Message != nil:
		text = *in.Message
	case in.TextMessage != nil:
		text = in.TextMessage.Text
	default:
		p.bad(w, "Must specify exactly one of: textMessage, dataMessage, mmsMessage, or message")
		return
	}
	if text == "" {
		p.bad(w, "Text message is empty")
		return
	}
	if len(in.PhoneNumbers) == 0 {
		p.bad(w, "phoneNumbers is empty")
		return
	}
	for _, n := range in.PhoneNumbers {
		if strings.Trim(n, "+0123456789") != "" {
			p.bad(w, "Invalid phone number: "+n)
			return
		}
	}
	sim := 0
	if in.SIMNumber != nil {
		if *in.SIMNumber < 1 {
			p.bad(w, "simNumber must be >= 1")
			return
		}
		sim = *in.SIMNumber
	}
	id := nanoID()
	if in.ID != nil {
		id = *in.ID
	}
	p.mu.Lock()
	p.sent = append(p.sent, Sent{To: in.PhoneNumbers, Text: text, SIM: sim})
	p.mu.Unlock()
	var rec []map[string]any
	for _, n := range in.PhoneNumbers {
		rec = append(rec, map[string]any{"phoneNumber": n, "state": "Pending", "error": nil})
	}
	p.json(w, http.StatusAccepted, map[string]any{"id": id, "deviceId": p.opt.DeviceID, "state": "Pending",
		"isHashed": false, "isEncrypted": false, "recipients": rec})
}

func (p *Phone) settings(w http.ResponseWriter, _ *http.Request) {
	p.json(w, http.StatusOK, map[string]any{
		"webhooks": map[string]any{"internet_required": p.opt.InternetRequired, "retry_count": p.opt.RetryCount},
		"receiver": map[string]any{"content_provider_enabled": p.opt.ObserverPath},
	})
}
