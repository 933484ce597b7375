package web

import (
	"fmt"
	"net"
	"net/http"
	"net/url"

	"forkcast/app/show"
)

// Links are the addresses of the pages, each with the token.
type Links struct {
	Stage   string `json:"stage"`
	Console string `json:"console"`
	// Remote is the console as a phone on the venue network reaches it; ""
	// when the server listens on loopback only.
	Remote string `json:"remote"`
}

// RemoteURL returns view's link (with the token) for another device on the
// network: the listen address, or this machine's LAN address when listening
// on all interfaces. It fails before Start, on loopback, or without a LAN address.
func (s *Server) RemoteURL(view string) (string, error) {
	if _, err := s.URL(view); err != nil {
		return "", err
	}
	if !s.public {
		return "", show.Errorf(show.ECONFLICT, "The server listens on this machine only; start it with --listen 0.0.0.0:PORT for a phone to reach it.")
	}
	host, port, err := net.SplitHostPort(s.Addr())
	if err != nil {
		return "", err
	}
	if ip := net.ParseIP(host); (ip == nil || ip.IsUnspecified()) && len(s.cfg.LANHosts) > 0 {
		host = s.cfg.LANHosts[0]
	} else if ip == nil || ip.IsUnspecified() {
		lan := lanAddress()
		if lan == nil {
			return "", show.Errorf(show.ECONFLICT, "This machine has no network address a phone could reach.")
		}
		host = lan.String()
	}
	u := url.URL{Scheme: "http", Host: net.JoinHostPort(host, port), Path: "/" + view, RawQuery: "token=" + url.QueryEscape(s.Token())}
	return u.String(), nil
}

// LANAddrs returns this machine's IPv4 addresses that another device on the
// network may reach: those of the interfaces that are up, loopback ones
// left out, private ones first. It fails when the interfaces cannot be read.
func LANAddrs() ([]string, error) {
	ifs, err := net.Interfaces()
	if err != nil {
		return nil, fmt.Errorf("web: network interfaces: %w", err)
	}
	var private, other []string
	for _, in := range ifs {
		if in.Flags&net.FlagUp == 0 || in.Flags&net.FlagLoopback != 0 {
			continue
		}
		addrs, err := in.Addrs()
		if err != nil {
			continue
		}
		for _, a := range addrs {
			n, ok := a.(*net.IPNet)
			if !ok || n.IP.To4() == nil || n.IP.IsLoopback() {
				continue
			}
			if n.IP.IsPrivate() {
				private = append(private, n.IP.String())
			} else {
				other = append(other, n.IP.String())
			}
		}
	}
	return append(private, other...), nil
}

// lanAddress returns this machine's first private IPv4 address, else its first
// global one, else nil.
func lanAddress() net.IP {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return nil
	}
	var global net.IP
	for _, a := range addrs {
		n, ok := a.(*net.IPNet)
		if !ok || n.IP.To4() == nil || n.IP.IsLoopback() || n.IP.IsLinkLocalUnicast() {
			continue
		}
		if n.IP.IsPrivate() {
			return n.IP
		}
		if global == nil {
			global = n.IP
		}
	}
	return global
}

// getLinks answers the page links with the token (hence control access).
func (s *Server) getLinks(w http.ResponseWriter, r *http.Request) {
	var l Links
	var err error
	if l.Stage, err = s.URL("stage"); err != nil {
		// mounted without Start (tests, another server): links relative to this request
		base := "http://" + r.Host
		l.Stage = base + "/stage?token=" + url.QueryEscape(s.Token())
		l.Console = base + "/console?token=" + url.QueryEscape(s.Token())
	} else {
		l.Console, _ = s.URL("console")
		l.Remote, _ = s.RemoteURL("console")
	}
	writeJSON(w, http.StatusOK, l)
}

// newToken replaces the token and answers the new links (the caller's
// bearer token is refused from then on).
func (s *Server) newToken(w http.ResponseWriter, r *http.Request) {
	if _, err := s.NewToken(r.Context()); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.getLinks(w, r)
}
