//go:build !darwin

package modem

import (
	"io"

	"github.com/tarm/serial"
)

// openPort opens the serial port name (already made portable by portName) at
// baud with github.com/tarm/serial, which is pure Go on Linux and Windows.
// On Windows it opens COM3 as \\.\COM3, as COM10 and above must be.
func openPort(name string, baud int) (io.ReadWriteCloser, error) {
	return serial.OpenPort(&serial.Config{Name: name, Baud: baud})
}
