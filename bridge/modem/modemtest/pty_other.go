//go:build !unix

package modemtest

import (
	"errors"
	"os"
)

// errNoPTY says why the emulator cannot run here: it needs a Unix
// pseudo-terminal (pty.Open fails first on such systems; these keep the
// package compiling, so the tests that use it build for Windows too).
var errNoPTY = errors.New("modemtest: the modem emulator needs a Unix pseudo-terminal")

func pollable(*os.File) (*os.File, error) { return nil, errNoPTY }

func makeRaw(*os.File) error { return errNoPTY }
