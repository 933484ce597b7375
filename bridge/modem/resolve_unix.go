//go:build unix

package modem

import "path/filepath"

// resolvePort follows the symlinks of a Unix device name (a
// /dev/serial/by-id link to /dev/ttyUSB2), so that both names lock one port.
// It fails when the device does not exist.
func resolvePort(name string) (string, error) {
	return filepath.EvalSymlinks(name)
}
