//go:build !windows

package modem

import "runtime"

// ListPorts lists the USB modem ports under /dev (ttyUSB*, ttyACM* on Linux;
// cu.usbmodem*, cu.usbserial*, ... on macOS) and the /dev/serial/by-id
// links, with the USB details sysfs gives on Linux. It fails only when /dev
// cannot be read.
func ListPorts() ([]PortInfo, error) {
	return listPorts(runtime.GOOS, "/dev", "/sys/class/tty", "/dev/serial/by-id")
}
