package modem

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// The name a speaker types for the modem's port differs by system:
//
//   - Windows: COM3 (Device Manager, "Ports (COM & LPT)"). COM10 and above open
//     only through the device namespace, \\.\COM10; any case is accepted.
//   - macOS: /dev/cu.usbmodem1421. Its twin /dev/tty.usbmodem1421 waits in
//     open for the carrier-detect line, which a GSM modem may never raise, so
//     the cu name is opened instead.
//   - Linux and the other Unixes: /dev/ttyUSB2, /dev/ttyACM0, or a stable
//     /dev/serial/by-id link (resolved before opening, see resolvePort).
//
// On a Unix a bare name (ttyUSB2, cu.usbmodem1421) means the one under /dev.
// portName holds that logic for any system, so Linux tests cover all three.

// comPort matches COMn with an optional \\.\ prefix; Windows numbers up to COM256.
var comPort = regexp.MustCompile(`^(?i)(?:\\\\\.\\)?COM([1-9][0-9]{0,2})$`)

// portName returns the name to open for device on the system goos (a
// runtime.GOOS value). It fails, with a sentence a speaker can act on, when
// device is empty or, on Windows, is not a COM port.
func portName(goos, device string) (string, error) {
	d := strings.TrimSpace(device)
	if d == "" {
		return "", fmt.Errorf("modem: no serial port given (%s)", portExample(goos))
	}
	if goos == "windows" {
		m := comPort.FindStringSubmatch(d)
		if m == nil {
			return "", fmt.Errorf("modem port %q: on Windows a serial port is named COM1, COM2, ... (%s)", device, portExample(goos))
		}
		n, _ := strconv.Atoi(m[1]) // [1-9][0-9]{0,2}: always a number
		if n > 256 {
			return "", fmt.Errorf("modem port %q: Windows numbers serial ports from COM1 to COM256", device)
		}
		if n >= 10 {
			return `\\.\COM` + m[1], nil
		}
		return "COM" + m[1], nil
	}
	if !strings.Contains(d, "/") {
		d = "/dev/" + d
	}
	if goos == "darwin" {
		if rest, ok := strings.CutPrefix(d, "/dev/tty."); ok {
			d = "/dev/cu." + rest
		}
	}
	return d, nil
}

// portExample names the ports to look for on goos, for error messages.
func portExample(goos string) string {
	switch goos {
	case "windows":
		return `see Device Manager, "Ports (COM & LPT)", e.g. COM3`
	case "darwin":
		return "e.g. /dev/cu.usbmodem1421; 'forkcast modem list' shows them"
	default:
		return "e.g. /dev/ttyUSB2 or a /dev/serial/by-id name; 'forkcast modem list' shows them"
	}
}
