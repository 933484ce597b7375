package androidtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"forkcast/app/testkit"
)

func TestJavaHashCodes(t *testing.T) {
	// Values any JVM gives.
	cases := map[string]int32{"": 0, "hello": 99162322, "Aa": 2112, "BB": 2112, "polygenelubricants": -2147483648}
	for s, want := range cases {
		if got := javaString(s); got != want {
			t.Errorf("%q.hashCode() = %d, want %d", s, got, want)
		}
	}
	// new Date(1718000000000L).hashCode() == (int)(ms ^ (ms >>> 32)), worked by hand.
	if got, want := javaDate(1718000000000), int32(13082000); got != want {
		t.Errorf("Date.hashCode = %d, want %d", got, want)
	}
	if got := legacyTime(time.Date(2024, 3, 1, 15, 0, 0, 0, time.UTC), time.FixedZone("", -5*3600)); got != "2024-03-01T10:00:00.000+-5:00" {
		t.Errorf("Android 6 date = %q", got)
	}
}

func get(t *testing.T, p *Phone, path, user, pass string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, p.URL()+path, nil)
	if user != "" {
		req.SetBasicAuth(user, pass)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestInboxBehavesAsTheAppsRoute(t *testing.T) {
	p, err := Start(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	base := time.Now().Truncate(time.Second)
	for _, s := range []SMS{{From: "+1", Text: "a", SCTS: base.Add(-2 * time.Second)}, {From: "+2", Text: "b", SCTS: base},
		{From: "+3", Text: "c", SCTS: base.Add(-time.Second)}} {
		p.Receive(s)
	}
	if resp, _ := get(t, p, "/inbox", "sms", "wrong"); resp.StatusCode != 401 || resp.Header.Get("WWW-Authenticate") == "" {
		t.Fatalf("wrong password: %d", resp.StatusCode)
	}
	bad := map[string]string{
		"limit=0":   "limit must be between 1 and 500",
		"limit=501": "limit must be between 1 and 500",
		"offset=-1": "offset must be >= 0",
		"from=" + url.QueryEscape("2024-01-01T00:00:00.000000000Z"): "Invalid from datetime",
		"to=yesterday": "Invalid to datetime",
		"from=" + url.QueryEscape("2024-01-02T00:00:00Z") + "&to=" + url.QueryEscape("2024-01-01T00:00:00Z"): "Start date cannot be after end date",
		"type=RCS": "Invalid type",
	}
	for q, want := range bad {
		resp, body := get(t, p, "/inbox?"+q, "sms", "Pa55word")
		if resp.StatusCode != 400 || !strings.Contains(body, want) {
			t.Errorf("?%s: %d %s, want 400 %q", q, resp.StatusCode, body, want)
		}
	}
	resp, body := get(t, p, "/inbox?limit=2&offset=0", "sms", "Pa55word")
	var rows []struct {
		ID, Sender, ContentPreview, CreatedAt string
	}
	if err := json.Unmarshal([]byte(body), &rows); err != nil {
		t.Fatal(err)
	}
	if resp.Header.Get("X-Total-Count") != "3" || len(rows) != 2 || rows[0].Sender != "+2" || rows[1].Sender != "+3" {
		t.Fatalf("page = %s (total %s), want +2 then +3 of 3", body, resp.Header.Get("X-Total-Count"))
	}
	if !strings.HasPrefix(rows[0].ID, "text:") || !strings.HasSuffix(rows[0].CreatedAt, ".000+02:00") {
		t.Errorf("row %+v", rows[0])
	}
	if resp.Header.Get("Date") == "" {
		t.Error("no Date header")
	}
}

func TestOldVersionHasNoInbox(t *testing.T) {
	p, err := Start(Options{Version: "1.52.1"})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if resp, _ := get(t, p, "/inbox", "sms", "Pa55word"); resp.StatusCode != 404 {
		t.Fatalf("GET /inbox on 1.52.1: %d, want 404", resp.StatusCode)
	}
	if resp, _ := get(t, p, "/health", "", ""); resp.StatusCode != 200 {
		t.Fatalf("GET /health without credentials: %d", resp.StatusCode)
	}
}

func TestWebhookURLPolicy(t *testing.T) {
	p, err := Start(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	for u, want := range map[string]int{
		"https://laptop.example/hook":         201,
		"http://127.0.0.1:8787/hook":          201,
		"http://192.168.1.20:8787/hook":       400,
		"http://localhost:8787/hook":          400,
		"ftp://127.0.0.1/hook":                400,
		"http://127.0.0.1.example.com/x/hook": 400,
	} {
		body := `{"url":"` + u + `","event":"sms:received"}`
		req, _ := http.NewRequest(http.MethodPost, p.URL()+"/webhooks", strings.NewReader(body))
		req.SetBasicAuth("sms", "Pa55word")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("register %s: %d, want %d", u, resp.StatusCode, want)
		}
	}
}

// TestPhoneDownSendsNoWebhooksAndRetriesLater: a phone off the network
// neither answers nor posts; its webhooks are tried, fail, and arrive once it
// is back.
func TestPhoneDownSendsNoWebhooksAndRetriesLater(t *testing.T) {
	got := make(chan string, 4)
	laptop := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got <- string(b)
	}))
	defer laptop.Close()
	p, err := Start(Options{RetryBase: 20 * time.Millisecond, RetryCount: 50})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	req, _ := http.NewRequest(http.MethodPost, p.URL()+"/webhooks", strings.NewReader(`{"url":"`+laptop.URL+`/hook","event":"sms:received"}`))
	req.SetBasicAuth("sms", "Pa55word")
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 201 {
		t.Fatalf("register the webhook: %v %v", resp, err)
	}
	resp.Body.Close()
	p.SetDown(true)
	p.Receive(SMS{From: "+15035550100", Text: "1"})
	// Proof that the phone tried, and failed, to post.
	testkit.Eventually(t, testkit.Patience, "3 webhook attempts", func() error {
		if st := p.Stats(); st.Attempts < 3 {
			return fmt.Errorf("%+v", st)
		}
		return nil
	})
	select {
	case b := <-got:
		t.Fatalf("a phone off the network posted %s", b)
	default:
	}
	p.SetDown(false)
	select {
	case b := <-got:
		if !strings.Contains(b, `"message":"1"`) {
			t.Errorf("webhook body %s, want the text", b)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("no webhook 10 s after the phone came back (%+v)", p.Stats())
	}
}
