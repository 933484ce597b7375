package android

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestParseSpec(t *testing.T) {
	env := map[string]string{EnvPass: "fromEnv1", EnvKey: "envKey"}
	getenv := func(k string) string { return env[k] }
	good := []struct {
		spec string
		want Config
	}{
		{"http://192.168.43.1:8080,pass=aB3_x-9Z", Config{URL: "http://192.168.43.1:8080", Pass: "aB3_x-9Z", Key: "envKey"}},
		{"http://10.0.0.7:8080", Config{URL: "http://10.0.0.7:8080", Pass: "fromEnv1", Key: "envKey"}},
		{" http://phone.lan:8080/ , user=me , pass=p , key=k , sim=2 , poll=500ms , lookback=2m , name=android2 ",
			Config{URL: "http://phone.lan:8080/", User: "me", Pass: "p", Key: "k", SIM: 2, Poll: 500 * time.Millisecond,
				Lookback: 2 * time.Minute, Name: "android2"}},
		{"http://127.0.0.1:8080,pass=p,key=k,webhook=http://127.0.0.1:8787/android/webhook",
			Config{URL: "http://127.0.0.1:8080", Pass: "p", Key: "k", Webhook: "http://127.0.0.1:8787/android/webhook"}},
		{"http://192.168.1.5:8080,pass=p,key=k,webhook=https://laptop.example:8443/android/webhook",
			Config{URL: "http://192.168.1.5:8080", Pass: "p", Key: "k", Webhook: "https://laptop.example:8443/android/webhook"}},
		{"HTTP://192.168.1.5:8080,PASS=p", Config{URL: "HTTP://192.168.1.5:8080", Pass: "p", Key: "envKey"}},
	}
	for _, c := range good {
		got, err := ParseSpec(c.spec, getenv)
		if err != nil {
			t.Errorf("ParseSpec(%q): %v", c.spec, err)
			continue
		}
		if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", c.want) {
			t.Errorf("ParseSpec(%q) = %+v, want %+v", c.spec, got, c.want)
		}
	}
	bad := []struct{ spec, want string }{
		{"", "needs the phone's address"},
		{"http://192.168.43.1:8080", "password"},
		{"192.168.43.1:8080,pass=p", "not the phone's address"},
		{"ftp://phone:21,pass=p", "not the phone's address"},
		{"http://sms:secret@phone:8080", "not in the URL"},
		{"http://phone:8080/?x=1,pass=p", "no query"},
		{"http://phone:8080,pass=p,color=red", "unknown option"},
		{"http://phone:8080,pass=p,verbose", "KEY=VALUE"},
		{"http://phone:8080,pass=p,sim=0", "SIM number"},
		{"http://phone:8080,pass=p,sim=two", "SIM number"},
		{"http://phone:8080,pass=p,poll=10ms", "between"},
		{"http://phone:8080,pass=p,poll=soon", "duration"},
		{"http://phone:8080,pass=p,lookback=2s", "between"},
		{"http://phone:8080,pass=p,webhook=http://192.168.1.20:8787/h", "adb reverse"},
		{"http://phone:8080,pass=p,webhook=http://localhost:8787/h", "127.0.0.1"},
		{"http://phone:8080,pass=p,webhook=https://laptop/h", "key="},
		{"http://phone:8080,pass=p,webhook=::", "not a URL"},
	}
	for _, c := range bad {
		_, err := ParseSpec(c.spec, nil)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ParseSpec(%q) err = %v, want it to mention %q", c.spec, err, c.want)
		}
	}
}
