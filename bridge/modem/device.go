package modem

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
)

// device returns the path to open: the stable /dev/serial/by-id name found
// when the modem was first opened (it follows the modem when a USB reset
// brings ttyUSB0 back as ttyUSB1), else the configured device.
func (b *Bridge) device() string {
	if p := b.stable.Load(); p != nil {
		if _, err := os.Stat(*p); err == nil {
			return *p
		}
	}
	return b.cfg.Device
}

// rememberDevice records the stable name of the device just opened, and
// warns when a different modem (another IMEI) answers under it.
func (b *Bridge) rememberDevice(opened, imei string) {
	if imei != "" {
		if old := b.imei.Swap(&imei); old != nil && *old != imei {
			b.log.Warn("modem: a different modem answers on this port", "device", opened, "was", *old, "now", imei)
		}
	}
	if p := b.stable.Load(); p != nil {
		return
	}
	if filepath.Dir(opened) == filepath.Clean(b.cfg.ByIDDir) {
		b.stable.Store(&opened)
		return
	}
	if link := stableName(b.cfg.ByIDDir, opened); link != "" {
		b.log.Info("modem: following the stable name", "device", opened, "link", link)
		b.stable.Store(&link)
	}
}

// stableName returns the link in dir that points at device, or "".
func stableName(dir, device string) string {
	real, err := filepath.EvalSymlinks(device)
	if err != nil {
		return ""
	}
	for _, l := range links(dir) {
		if r, err := filepath.EvalSymlinks(l); err == nil && r == real {
			return l
		}
	}
	return ""
}

// links lists the entries of dir, sorted.
func links(dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		out = append(out, filepath.Join(dir, e.Name()))
	}
	sort.Strings(out)
	return out
}

// PortInfo describes a serial port that may be a modem.
type PortInfo struct {
	Path         string   // /dev/ttyUSB2
	Links        []string // stable /dev/serial/by-id names pointing at it
	Driver       string   // option, cdc_acm, qcserial, ...
	VendorID     string   // USB idVendor, e.g. 12d1 (Huawei)
	ProductID    string   // USB idProduct
	Manufacturer string
	Product      string
	Interface    string // USB interface number, e.g. 02
}

// portPatterns are the names under /dev that a USB modem takes on goos:
// ttyUSB/ttyACM on Linux; on macOS the cu twins (see portName) of USB modems
// (usbmodem: CDC-ACM; usbserial and wchusbserial: FTDI, CP210x and CH340
// adapters for SIM800 boards; HUAWEI: the sticks' own driver).
func portPatterns(goos string) []string {
	if goos == "darwin" {
		return []string{"cu.usbmodem*", "cu.usbserial*", "cu.wchusbserial*", "cu.SLAB_USBtoUART*", "cu.HUAWEI*"}
	}
	return []string{"ttyUSB*", "ttyACM*"}
}

// listPorts lists the ports matching portPatterns(goos) in devDir and the
// links in byID, with the USB details of the sysfs tree ttyClass (Linux).
func listPorts(goos, devDir, ttyClass, byID string) ([]PortInfo, error) {
	var names []string
	for _, pat := range portPatterns(goos) {
		m, err := filepath.Glob(filepath.Join(devDir, pat))
		if err != nil {
			return nil, fmt.Errorf("list serial ports: %w", err)
		}
		names = append(names, m...)
	}
	byTarget := map[string][]string{}
	for _, l := range links(byID) {
		if r, err := filepath.EvalSymlinks(l); err == nil {
			byTarget[filepath.Base(r)] = append(byTarget[filepath.Base(r)], l)
			if !strings.HasPrefix(r, devDir) {
				names = append(names, r) // a port outside the usual names
			}
		}
	}
	sort.Strings(names)
	var out []PortInfo
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] {
			continue
		}
		seen[n] = true
		p := PortInfo{Path: n, Links: byTarget[filepath.Base(n)]}
		usbDetails(&p, filepath.Join(ttyClass, filepath.Base(n), "device"))
		out = append(out, p)
	}
	return out, nil
}

// usbDetails fills the USB fields by walking up from the tty's sysfs device.
func usbDetails(p *PortInfo, dev string) {
	dir, err := filepath.EvalSymlinks(dev)
	if err != nil {
		return
	}
	for i := 0; i < 6 && dir != "/" && dir != "."; i++ {
		if p.Interface == "" {
			p.Interface = readSys(dir, "bInterfaceNumber")
			if d, err := os.Readlink(filepath.Join(dir, "driver")); err == nil && p.Interface != "" {
				p.Driver = filepath.Base(d)
			}
		}
		if v := readSys(dir, "idVendor"); v != "" {
			p.VendorID, p.ProductID = v, readSys(dir, "idProduct")
			p.Manufacturer, p.Product = readSys(dir, "manufacturer"), readSys(dir, "product")
			return
		}
		dir = filepath.Dir(dir)
	}
}

func readSys(dir, name string) string {
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// WritePorts prints ports for a speaker, one per line, with a hint for this
// system when none is found. It fails when w does.
func WritePorts(w io.Writer, ports []PortInfo) error {
	return writePorts(runtime.GOOS, w, ports)
}

// noPortsHint tells a speaker on goos what to try when no port shows.
func noPortsHint(goos string) string {
	var why string
	switch goos {
	case "windows":
		why = "it may need its driver (the maker's, or Windows Update), and shows in Device Manager under\n" +
			"\"Ports (COM & LPT)\" once it has one."
	case "darwin":
		why = "it may need its maker's driver (CH340 and CP210x adapters), and shows as /dev/cu.* once it has one."
	default:
		why = "it may be in\nUSB storage mode (install usb-modeswitch) or need a driver (option, cdc_acm)."
	}
	return "No serial ports found. Plug the modem in; if it still does not show, " + why + "\n" +
		"When a port shows, check it with 'forkcast modem probe PORT'."
}

func writePorts(goos string, w io.Writer, ports []PortInfo) error {
	if len(ports) == 0 {
		_, err := fmt.Fprintln(w, noPortsHint(goos))
		return err
	}
	for _, p := range ports {
		line := p.Path
		if p.VendorID != "" {
			line += fmt.Sprintf("  usb %s:%s", p.VendorID, p.ProductID)
		}
		if d := strings.TrimSpace(p.Manufacturer + " " + p.Product); d != "" {
			line += "  " + d
		}
		if p.Interface != "" {
			line += "  interface " + p.Interface
		}
		if p.Driver != "" {
			line += "  (" + p.Driver + ")"
		}
		if _, err := fmt.Fprintln(w, line); err != nil {
			return err
		}
		for _, l := range p.Links {
			if _, err := fmt.Fprintf(w, "    stable name: %s\n", l); err != nil {
				return err
			}
		}
	}
	_, err := fmt.Fprintln(w, "\nTry each with 'forkcast modem probe PORT'; use the stable name in --source modem:PORT.")
	return err
}
