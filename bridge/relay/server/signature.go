package server

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"net/url"
	"sort"
	"strings"
)

// Why our own validator and not twilio-go's client.RequestValidator: it takes
// params as map[string]string (a repeated name cannot be represented, so a
// request carrying one could never validate), it rebuilds the URL through
// url.URL.String (which may re-escape the query Twilio signed), it strips any
// port rather than only the scheme's default one, and the module brings the
// whole generated REST client into a binary that needs ~80 lines.

// SignTwilio returns the X-Twilio-Signature Twilio sends for a POST of the form
// params to fullURL: base64(HMAC-SHA1(token, fullURL + name+value for every
// parameter, sorted by name, the values of a repeated name sorted too)).
// It never fails; an empty token yields a signature nobody else can check.
func SignTwilio(token, fullURL string, params url.Values) string {
	return twilioMAC([]byte(token), fullURL, canonicalParams(params))
}

// ValidTwilio reports whether sig is Twilio's signature of params posted to
// fullURL. Like Twilio's official libraries it also accepts the URL with the
// scheme's default port added (https :443, http :80) or removed, and both
// parameter orders found in those libraries. Each candidate is compared in
// constant time; the search stops at the first match, which tells a caller
// nothing about the expected signature. It returns false when the token or
// the signature is empty.
func ValidTwilio(token, fullURL string, params url.Values, sig string) bool {
	if token == "" || sig == "" {
		return false
	}
	want, err := base64.StdEncoding.DecodeString(sig)
	if err != nil || len(want) != sha1.Size {
		return false
	}
	m := hmac.New(sha1.New, []byte(token))
	match := func(u, payload string) bool {
		m.Reset()
		m.Write([]byte(u))
		m.Write([]byte(payload))
		return hmac.Equal(m.Sum(nil), want)
	}
	payload := canonicalParams(params)
	if match(fullURL, payload) {
		return true
	}
	variants := urlVariants(fullURL)
	for _, u := range variants[1:] {
		if match(u, payload) {
			return true
		}
	}
	// Some official libraries sort the "name+value" strings instead of the
	// names; the two orders differ only when one name prefixes another.
	if alt := concatSortedParams(params); alt != payload {
		for _, u := range variants {
			if match(u, alt) {
				return true
			}
		}
	}
	return false
}

func twilioMAC(key []byte, fullURL, params string) string {
	m := hmac.New(sha1.New, key)
	m.Write([]byte(fullURL))
	m.Write([]byte(params))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// canonicalParams is the documented order: names sorted (byte order), each
// name followed by its value; a repeated name contributes each value, sorted.
func canonicalParams(params url.Values) string {
	names := make([]string, 0, len(params))
	for k := range params {
		names = append(names, k)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, k := range names {
		vs := append([]string(nil), params[k]...)
		sort.Strings(vs)
		for _, v := range vs {
			b.WriteString(k)
			b.WriteString(v)
		}
	}
	return b.String()
}

// concatSortedParams sorts the concatenated "name+value" strings.
func concatSortedParams(params url.Values) string {
	var all []string
	for k, vs := range params {
		for _, v := range vs {
			all = append(all, k+v)
		}
	}
	sort.Strings(all)
	return strings.Join(all, "")
}

// urlVariants returns fullURL as given, plus the same URL with the scheme's
// default port added when it has none, or removed when it has exactly that
// one. The URL is edited as a string so its query stays byte for byte what
// the provider signed.
func urlVariants(fullURL string) []string {
	out := []string{fullURL}
	u, err := url.Parse(fullURL)
	if err != nil || u.Host == "" {
		return out
	}
	def := map[string]string{"https": "443", "http": "80"}[strings.ToLower(u.Scheme)]
	if def == "" {
		return out
	}
	start := strings.Index(fullURL, "://")
	if start < 0 {
		return out
	}
	start += 3
	end := len(fullURL)
	if i := strings.IndexAny(fullURL[start:], "/?#"); i >= 0 {
		end = start + i
	}
	authority := fullURL[start:end]
	switch u.Port() {
	case "":
		if strings.HasSuffix(authority, ":") { // "host:" means the default port too
			authority = strings.TrimSuffix(authority, ":")
			out = append(out, fullURL[:start]+authority+fullURL[end:])
		}
		out = append(out, fullURL[:start]+authority+":"+def+fullURL[end:])
	case def:
		out = append(out, fullURL[:start]+strings.TrimSuffix(authority, ":"+def)+fullURL[end:])
	}
	return out
}
