package web

import (
	"encoding/json"
	"net/http"

	"forkcast/app/show"
)

// apiError is the JSON body of every failed request.
type apiError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// status maps a show error code to an HTTP status.
func status(code string) int {
	switch code {
	case show.EINVALID:
		return http.StatusBadRequest
	case show.ENOTFOUND:
		return http.StatusNotFound
	case show.ECONFLICT:
		return http.StatusConflict
	case show.EUNAUTH:
		return http.StatusUnauthorized
	}
	return http.StatusInternalServerError
}

// writeError answers {code, message} as show.ErrorCode and show.ErrorMessage
// say (the policy every edge follows): an internal failure is "Internal
// error." to the client and logged in full.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	code, msg := show.ErrorCode(err), show.ErrorMessage(err)
	if code == show.EINTERNAL {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if code == show.EUNAUTH {
		w.Header().Set("WWW-Authenticate", `Bearer realm="forkcast"`)
	}
	writeJSON(w, status(code), apiError{Code: code, Message: msg})
}

// writeJSON answers v as JSON with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b, _ = json.Marshal(apiError{Code: show.EINTERNAL, Message: show.InternalMessage})
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}
