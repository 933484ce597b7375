package modem

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeSys builds a /dev and /sys/class/tty tree for one Huawei stick with
// two ports, an ACM modem without a by-id link, and an unrelated USB device.
func fakeSys(t *testing.T) (dev, tty, byID string) {
	t.Helper()
	root := t.TempDir()
	dev, tty, byID = filepath.Join(root, "dev"), filepath.Join(root, "sys/class/tty"), filepath.Join(root, "dev/serial/by-id")
	usb := filepath.Join(root, "sys/devices/pci0000:00/usb1/1-2")
	write := func(path, content string) {
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(content+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(usb, "idVendor"), "12d1")
	write(filepath.Join(usb, "idProduct"), "1506")
	write(filepath.Join(usb, "manufacturer"), "HUAWEI")
	write(filepath.Join(usb, "product"), "HUAWEI Mobile")
	for i, port := range []string{"ttyUSB0", "ttyUSB2"} {
		iface := filepath.Join(usb, "1-2:1."+string(rune('0'+2*i)))
		write(filepath.Join(iface, "bInterfaceNumber"), "0"+string(rune('0'+2*i)))
		os.MkdirAll(filepath.Join(iface, port), 0o755)
		os.MkdirAll(filepath.Join(root, "sys/bus/usb/drivers/option"), 0o755)
		os.Symlink(filepath.Join(root, "sys/bus/usb/drivers/option"), filepath.Join(iface, "driver"))
		os.MkdirAll(filepath.Join(tty, port), 0o755)
		os.Symlink(filepath.Join(iface, port), filepath.Join(tty, port, "device"))
		write(filepath.Join(dev, port), "")
	}
	write(filepath.Join(dev, "ttyACM0"), "")
	os.MkdirAll(byID, 0o755)
	os.Symlink("../../ttyUSB2", filepath.Join(byID, "usb-HUAWEI_Mobile-if02-port0"))
	return dev, tty, byID
}

func TestListPorts(t *testing.T) {
	dev, tty, byID := fakeSys(t)
	ports, err := listPorts("linux", dev, tty, byID)
	if err != nil {
		t.Fatal(err)
	}
	if len(ports) != 3 {
		t.Fatalf("%d ports, want 3: %+v", len(ports), ports)
	}
	acm, usb0, usb2 := ports[0], ports[1], ports[2]
	if acm.VendorID != "" || len(acm.Links) != 0 {
		t.Errorf("ttyACM0 = %+v, want no USB details", acm)
	}
	if usb0.VendorID != "12d1" || usb0.ProductID != "1506" || usb0.Interface != "00" || usb0.Driver != "option" {
		t.Errorf("ttyUSB0 = %+v, want 12d1:1506 interface 00 (option)", usb0)
	}
	if len(usb2.Links) != 1 || usb2.Interface != "02" || usb2.Product != "HUAWEI Mobile" {
		t.Errorf("ttyUSB2 = %+v, want its by-id link and interface 02", usb2)
	}
	var out bytes.Buffer
	if err := WritePorts(&out, ports); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"ttyUSB2  usb 12d1:1506  HUAWEI HUAWEI Mobile  interface 02  (option)",
		"stable name: " + filepath.Join(byID, "usb-HUAWEI_Mobile-if02-port0"), "forkcast modem probe"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("listing lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	WritePorts(&out, nil)
	if !strings.Contains(out.String(), "No serial ports found") {
		t.Errorf("empty listing = %q", out.String())
	}
}

func TestStableName(t *testing.T) {
	dev, _, byID := fakeSys(t)
	if got := stableName(byID, filepath.Join(dev, "ttyUSB2")); filepath.Base(got) != "usb-HUAWEI_Mobile-if02-port0" {
		t.Errorf("stableName(ttyUSB2)=%q, want the by-id link", got)
	}
	if got := stableName(byID, filepath.Join(dev, "ttyUSB0")); got != "" {
		t.Errorf("stableName(ttyUSB0)=%q, want none", got)
	}
}
