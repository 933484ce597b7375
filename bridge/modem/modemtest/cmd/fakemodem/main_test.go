package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunUsage(t *testing.T) {
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-h"}, 0, "-profile"},
		{[]string{"-profile", "nokia-3310"}, 2, "unknown modem profile"},
		{[]string{"-bogus"}, 2, "flag provided but not defined"},
		{[]string{"-texts", filepath.Join(os.TempDir(), "forkcast-no-such-file"), "-delay", "0"}, 1, "no such file"},
	}
	for _, c := range cases {
		var out, errb bytes.Buffer
		if got := run(c.args, &out, &errb); got != c.code {
			t.Errorf("fakemodem %v = %d, want %d (stderr %q)", c.args, got, c.code, errb.String())
		}
		if !strings.Contains(out.String()+errb.String(), c.want) {
			t.Errorf("fakemodem %v printed %q, want %q", c.args, out.String()+errb.String(), c.want)
		}
	}
}
