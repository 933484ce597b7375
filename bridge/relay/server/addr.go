package server

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// addrGroup is the key under which the relay counts what one client does:
// an IPv4 address as it is, and for IPv6 the address's /64, the block one
// subscriber, one VM or one phone gets (and can hop within at will). An
// IPv4-mapped IPv6 address counts as its IPv4 address. Anything that is not
// an IP address (a Unix socket's peer, a malformed forwarded header) is its
// own group, cut to 64 bytes so a header cannot make a key of any size.
func addrGroup(ip string) string {
	a, err := netip.ParseAddr(strings.TrimSpace(ip))
	if err != nil {
		if len(ip) > 64 {
			ip = ip[:64]
		}
		return "?" + ip
	}
	a = a.Unmap().WithZone("")
	if a.Is4() {
		return a.String()
	}
	p, _ := a.Prefix(64)
	return p.String()
}

// remoteGroup is the address group of a connection's peer.
func remoteGroup(addr net.Addr) string {
	if ta, ok := addr.(*net.TCPAddr); ok {
		if a, ok := netip.AddrFromSlice(ta.IP); ok {
			return addrGroup(a.String())
		}
	}
	host, _, err := net.SplitHostPort(addr.String())
	if err != nil {
		host = addr.String()
	}
	return addrGroup(host)
}

// clientIP is the address a request came from: the connection's peer, or,
// behind a trusted proxy, the last address the proxy appended to
// X-Forwarded-For (the only one the proxy vouches for).
func clientIP(r *http.Request, trustProxy bool) string {
	if trustProxy {
		if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
			last := xff[len(xff)-1]
			if i := strings.LastIndexByte(last, ','); i >= 0 {
				last = last[i+1:]
			}
			if ip := strings.TrimSpace(last); ip != "" {
				return ip
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// bearerToken returns the credentials of an Authorization header of the
// Bearer scheme. The scheme's name is case-insensitive (RFC 7235 §2.1) and
// followed by one or more spaces; ok is false for any other scheme or an
// empty token.
func bearerToken(header string) (token string, ok bool) {
	scheme, rest, found := strings.Cut(header, " ")
	if !found || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.Trim(rest, " \t")
	return token, token != ""
}
