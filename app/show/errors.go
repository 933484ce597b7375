package show

import (
	"errors"
	"fmt"
	"strings"
)

// Error codes. The edges map them to what a user sees (HTTP status, UI message);
// any other error is "Internal error." to the user and logged in full.
const (
	ECONFLICT = "conflict"  // the action does not fit the show's state (close a poll that is not open)
	EINTERNAL = "internal"  // a bug or a failed store
	EINVALID  = "invalid"   // bad input (a choice not on this fork)
	ENOTFOUND = "not_found" // no such scene, poll or session
	EUNAUTH   = "unauthorized"
)

// Error is a failure a user can read: a code and one sentence.
type Error struct {
	Code    string
	Message string
	Err     error // the cause, for the log; may be nil
}

// Error returns the message, with the cause when there is one and the
// message does not already say it.
func (e *Error) Error() string {
	if e.Err != nil && !strings.Contains(e.Message, e.Err.Error()) {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL when
// there is none, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// InternalMessage is what a user is told of any failure that is not theirs
// to act on.
const InternalMessage = "Internal error."

// ErrorMessage returns what a user may see of err: the message of its
// *Error, or InternalMessage for an EINTERNAL one and for anything not
// coded. Every edge (the window, the browser, the CLI) shows this sentence
// for the code ErrorCode gives, and logs the whole error when the code is
// EINTERNAL: internal causes never reach the UI.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) && e.Code != EINTERNAL {
		return e.Message
	}
	return InternalMessage
}
