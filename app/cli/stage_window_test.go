package cli

import (
	"bytes"
	"strings"
	"testing"
)

// TestStageWindowRefusesBadInput: the hidden stage-window mode takes its link
// only from stdin, only on loopback, and says what is wrong (exit 2) before
// any window opens; it is not in the help.
func TestStageWindowRefusesBadInput(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		stdin string
		want  string
	}{
		{"nothing on stdin", []string{"stage-window"}, "", "no stage link on standard input"},
		{"a link elsewhere", []string{"stage-window", "--display", "2"}, "http://192.168.1.5:8787/stage?token=T\n", "want http://127.0.0.1:PORT/"},
		{"not http", []string{"stage-window"}, "file:///etc/passwd\n", "want http://127.0.0.1:PORT/"},
		{"a link in argv", []string{"stage-window", "http://127.0.0.1:1/stage?token=T"}, "", "goes to standard input"},
		{"display 0", []string{"stage-window", "--display", "0"}, "http://127.0.0.1:1/stage\n", "displays count from 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(tt.args, strings.NewReader(tt.stdin), &out, &errb)
			if code != exitUsage || !strings.Contains(errb.String(), tt.want) {
				t.Errorf("forkcast %v <<%q = %d, stderr %q; want 2 and %q", tt.args, tt.stdin, code, errb.String(), tt.want)
			}
			if strings.Contains(errb.String(), "token=T") {
				t.Errorf("stderr %q repeats the token", errb.String())
			}
		})
	}
	var out, errb bytes.Buffer
	run([]string{"help"}, nil, &out, &errb)
	if strings.Contains(out.String(), "stage-window") {
		t.Errorf("help lists the hidden stage-window mode:\n%s", out.String())
	}
}
