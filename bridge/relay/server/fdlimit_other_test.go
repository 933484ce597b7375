//go:build !unix

package server

// openFileLimit reports no limit where there is no ulimit (Windows): the
// relay's load test runs on the Linux server it is sized for.
func openFileLimit() (uint64, bool) { return 0, false }
