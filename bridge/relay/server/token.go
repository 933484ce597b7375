package server

import (
	"errors"
	"fmt"
	"net"

	"forkcast/app/token"
)

// StrongToken reports whether token is strong enough for a relay reachable
// from the network (see token.Check: an estimate of at least 128 bits and 10
// different characters; one from `forkcast-relay token`, 43 base64url
// characters, holds 256 bits). It returns an error saying what is missing,
// never the token.
func StrongToken(tok string) error {
	err := token.Check(tok)
	var weak *token.WeakError
	if errors.As(err, &weak) {
		return fmt.Errorf("laptop token too weak for a relay reachable from the network: %s; make one with: forkcast-relay token", weak)
	}
	if err != nil {
		return fmt.Errorf("laptop token: %w", err)
	}
	return nil
}

// exposed reports whether a relay on addr can be reached from other
// machines: any address but loopback, and loopback too behind a proxy (the
// proxy forwards the internet to it).
func exposed(addr net.Addr, trustProxy bool) bool {
	if trustProxy {
		return true
	}
	ta, ok := addr.(*net.TCPAddr)
	return !ok || !ta.IP.IsLoopback()
}

// ExposedListen reports the same for an address to listen on, as --listen
// takes it ("host:port"): true unless host is a loopback address or
// "localhost" and trustProxy is false. An empty host or a wildcard listens
// on every interface.
func ExposedListen(listen string, trustProxy bool) bool {
	if trustProxy {
		return true
	}
	host, _, err := net.SplitHostPort(listen)
	if err != nil {
		return true
	}
	if host == "localhost" {
		return false
	}
	ip := net.ParseIP(host)
	return ip == nil || !ip.IsLoopback()
}
