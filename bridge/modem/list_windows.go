package modem

import (
	"fmt"

	"go.bug.st/serial/enumerator"
)

// ListPorts lists the COM ports Windows knows, with the USB vendor and
// product of those on USB. It fails when Windows cannot be asked.
func ListPorts() ([]PortInfo, error) {
	ports, err := enumerator.GetDetailedPortsList()
	if err != nil {
		return nil, fmt.Errorf("list serial ports: %w", err)
	}
	out := make([]PortInfo, 0, len(ports))
	for _, p := range ports {
		info := PortInfo{Path: p.Name, Product: p.Product}
		if p.IsUSB {
			info.VendorID, info.ProductID = p.VID, p.PID
		}
		out = append(out, info)
	}
	return out, nil
}
