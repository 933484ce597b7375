package modem

// resolvePort returns a Windows port name as it is: COM3 is a device, not a
// file, and filepath.EvalSymlinks fails on it. portName has already made the
// name canonical (upper case, \\.\ for COM10 and above), so one port has one
// name in the lock table.
func resolvePort(name string) (string, error) {
	return name, nil
}
