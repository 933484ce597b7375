package modem

import (
	"io"

	"go.bug.st/serial"
)

// openPort opens the serial port name (a /dev/cu.* name, see portName) at
// baud, 8N1. On macOS github.com/tarm/serial needs cgo, which no Linux build
// machine can cross-compile; go.bug.st/serial is pure Go there. Its Close
// wakes a pending Read itself, so package at's bounded Close is only a guard.
func openPort(name string, baud int) (io.ReadWriteCloser, error) {
	return serial.Open(name, &serial.Mode{BaudRate: baud, DataBits: 8, Parity: serial.NoParity, StopBits: serial.OneStopBit})
}
