package modem

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The names below are the ones speakers type: Device Manager's COM3, the
// \\.\COM12 form Windows' own documentation gives for COM10 and above, and
// macOS's two names for one USB modem.
func TestPortName(t *testing.T) {
	cases := []struct{ goos, in, want string }{
		{"windows", "COM3", "COM3"},
		{"windows", "com3", "COM3"},
		{"windows", " COM3 ", "COM3"},
		{"windows", `\\.\COM3`, "COM3"},
		{"windows", "COM9", "COM9"},
		{"windows", "COM10", `\\.\COM10`},
		{"windows", "com12", `\\.\COM12`},
		{"windows", `\\.\COM12`, `\\.\COM12`},
		{"windows", `\\.\com256`, `\\.\COM256`},
		{"darwin", "/dev/cu.usbmodem1421", "/dev/cu.usbmodem1421"},
		{"darwin", "/dev/tty.usbmodem1421", "/dev/cu.usbmodem1421"},
		{"darwin", "tty.usbserial-A10K", "/dev/cu.usbserial-A10K"},
		{"darwin", "cu.HUAWEIMobile-Pcui", "/dev/cu.HUAWEIMobile-Pcui"},
		{"linux", "/dev/ttyUSB2", "/dev/ttyUSB2"},
		{"linux", "ttyUSB2", "/dev/ttyUSB2"},
		{"linux", "/dev/serial/by-id/usb-HUAWEI_Mobile-if02-port0", "/dev/serial/by-id/usb-HUAWEI_Mobile-if02-port0"},
		{"linux", "/dev/tty.usbmodem1", "/dev/tty.usbmodem1"}, // only macOS has the cu/tty pair
		{"freebsd", "cuaU0", "/dev/cuaU0"},
	}
	for _, c := range cases {
		got, err := portName(c.goos, c.in)
		if err != nil || got != c.want {
			t.Errorf("portName(%s, %q) = %q, %v; want %q", c.goos, c.in, got, err, c.want)
		}
	}
}

func TestPortNameRefuses(t *testing.T) {
	cases := []struct{ goos, in, want string }{
		{"windows", "", "no serial port given"},
		{"linux", "  ", "no serial port given"},
		{"windows", "/dev/ttyUSB0", "on Windows a serial port is named COM1, COM2"},
		{"windows", "COM0", "COM1, COM2"},
		{"windows", "COM", "COM1, COM2"},
		{"windows", "COM3:", "COM1, COM2"},
		{"windows", "COM03", "COM1, COM2"},
		{"windows", "LPT1", "COM1, COM2"},
		{"windows", `\\.\COM257`, "from COM1 to COM256"},
		{"windows", "COM999", "from COM1 to COM256"},
		{"windows", "COM1000", "COM1, COM2"},
	}
	for _, c := range cases {
		got, err := portName(c.goos, c.in)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("portName(%s, %q) = %q, %v; want an error saying %q", c.goos, c.in, got, err, c.want)
		}
	}
}

// An empty or missing port fails to open with the name the speaker gave and
// a hint, before any lock is taken (a later open of a real port still works:
// the emulator tests open ports after this in the same process).
func TestOpenSerialBadName(t *testing.T) {
	if _, err := openSerial("", 115200); err == nil || !strings.Contains(err.Error(), "no serial port given") {
		t.Errorf("openSerial(\"\") = %v, want 'no serial port given'", err)
	}
	missing := filepath.Join(t.TempDir(), "ttyUSB9")
	_, err := openSerial(missing, 115200)
	if err == nil || !strings.Contains(err.Error(), missing) || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("openSerial(%s) = %v, want a not-exist error naming the port", missing, err)
	}
}

// FuzzPortName: any input either fails or gives a name that portName keeps
// as it is (one port, one name in the lock table), and on Windows always a
// COM port in one of the two forms CreateFile accepts.
func FuzzPortName(f *testing.F) {
	for _, s := range []string{"COM3", `\\.\COM12`, "com10", "/dev/tty.usbmodem1", "ttyUSB0", "", "COM0", `\\.\`} {
		f.Add(s)
	}
	winName := regexp.MustCompile(`^(COM[1-9]|\\\\\.\\COM[1-9][0-9]{1,2})$`)
	f.Fuzz(func(t *testing.T, in string) {
		for _, goos := range []string{"windows", "darwin", "linux"} {
			got, err := portName(goos, in)
			if err != nil {
				continue
			}
			if again, err := portName(goos, got); err != nil || again != got {
				t.Fatalf("%s: portName(%q) = %q, but portName(%q) = %q, %v", goos, in, got, got, again, err)
			}
			if goos == "windows" && !winName.MatchString(got) {
				t.Fatalf("windows: portName(%q) = %q, not a COM port name", in, got)
			}
			if goos != "windows" && !strings.HasPrefix(got, "/") && !strings.Contains(got, "/") {
				t.Fatalf("%s: portName(%q) = %q, not a path", goos, in, got)
			}
		}
	})
}

// On macOS the listing shows the cu names of USB modems only: not their tty
// twins (which wait for carrier detect) nor the Bluetooth and debug ports.
func TestListPortsDarwin(t *testing.T) {
	dev := t.TempDir()
	for _, n := range []string{"cu.usbmodem1421", "tty.usbmodem1421", "cu.usbserial-A10K", "cu.wchusbserial1410",
		"cu.Bluetooth-Incoming-Port", "cu.debug-console", "tty.Bluetooth-Incoming-Port", "ttys000"} {
		if err := os.WriteFile(filepath.Join(dev, n), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ports, err := listPorts("darwin", dev, filepath.Join(dev, "no-sysfs"), filepath.Join(dev, "no-by-id"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range ports {
		got = append(got, filepath.Base(p.Path))
	}
	if want := "cu.usbmodem1421 cu.usbserial-A10K cu.wchusbserial1410"; strings.Join(got, " ") != want {
		t.Errorf("darwin ports = %v, want %s", got, want)
	}
}

func TestNoPortsHint(t *testing.T) {
	for goos, want := range map[string]string{"windows": "Device Manager", "darwin": "/dev/cu.*", "linux": "usb-modeswitch"} {
		var out bytes.Buffer
		if err := writePorts(goos, &out, nil); err != nil {
			t.Fatal(err)
		}
		if s := out.String(); !strings.Contains(s, "No serial ports found") || !strings.Contains(s, want) {
			t.Errorf("%s: no-ports hint = %q, want it to mention %q", goos, s, want)
		}
	}
}
