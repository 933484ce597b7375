package relay

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/subtle"
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
// scheme's default port added (https :443, http :80) or removed. Every
// candidate is computed and compared in constant time. It returns false when
// the token or the signature is empty.
func ValidTwilio(token, fullURL string, params url.Values, sig string) bool {
	if token == "" || sig == "" {
		return false
	}
	key := []byte(token)
	payloads := []string{canonicalParams(params)}
	if alt := concatSortedParams(params); alt != payloads[0] {
		// Some official libraries sort the "name+value" strings instead of the
		// names; the two orders differ only when one name prefixes another.
		payloads = append(payloads, alt)
	}
	ok := 0
	for _, u := range urlVariants(fullURL) {
		for _, p := range payloads {
			ok |= subtle.ConstantTimeCompare([]byte(twilioMAC(key, u, p)), []byte(sig))
		}
	}
	return ok == 1
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
