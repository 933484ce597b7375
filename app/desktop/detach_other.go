//go:build !unix

package desktop

// IgnoreBrokenPipes does nothing where a write to a broken pipe does not end
// the process (see detach_unix.go).
func IgnoreBrokenPipes() {}

// DetachOutput does nothing here (see detach_unix.go).
func DetachOutput() {}
