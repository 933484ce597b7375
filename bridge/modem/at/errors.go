package at

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrTimeout reports a command the modem did not finish in time.
var ErrTimeout = errors.New("the modem did not answer in time")

// ErrReset reports that the modem restarted during a command (it printed a
// boot line, or echoed again after echo was turned off): the caller runs its
// set-up again.
var ErrReset = errors.New("the modem restarted")

// Error is a final result other than OK: ERROR, +CME ERROR: n, +CMS ERROR: n,
// COMMAND NOT SUPPORT. CME and CMS are -1 unless the result carried that code.
type Error struct {
	Cmd    string // the command, e.g. "AT+CMGD=3"
	Result string // the final result line as received
	CME    int
	CMS    int
}

// Error describes the failed command with the meaning of its code.
func (e *Error) Error() string {
	msg := fmt.Sprintf("%s: %s", e.Cmd, e.Result)
	if d := e.describe(); d != "" {
		msg += " (" + d + ")"
	}
	return msg
}

func (e *Error) describe() string {
	if e.CMS >= 0 {
		return cmsText[e.CMS]
	}
	if e.CME >= 0 {
		return cmeText[e.CME]
	}
	return ""
}

// newError builds the error for a final result line.
func newError(cmd, line string) *Error {
	e := &Error{Cmd: cmd, Result: line, CME: -1, CMS: -1}
	if v, ok := strings.CutPrefix(line, "+CME ERROR:"); ok {
		e.CME = errorCode(v, cmeText)
	} else if v, ok := strings.CutPrefix(line, "+CMS ERROR:"); ok {
		e.CMS = errorCode(v, cmsText)
	}
	return e
}

// errorCode reads a numeric code, or maps verbose text (+CMEE=2) back to it.
func errorCode(v string, table map[int]string) int {
	v = strings.TrimSpace(v)
	if n, err := strconv.Atoi(v); err == nil {
		return n
	}
	for code, text := range table {
		if strings.EqualFold(text, v) {
			return code
		}
	}
	return 0
}

// IsCMS reports whether err is a +CMS ERROR with one of codes.
func IsCMS(err error, codes ...int) bool {
	var e *Error
	if !errors.As(err, &e) || e.CMS < 0 {
		return false
	}
	for _, c := range codes {
		if e.CMS == c {
			return true
		}
	}
	return false
}

// IsCME reports whether err is a +CME ERROR with one of codes.
func IsCME(err error, codes ...int) bool {
	var e *Error
	if !errors.As(err, &e) || e.CME < 0 {
		return false
	}
	for _, c := range codes {
		if e.CME == c {
			return true
		}
	}
	return false
}

// IsError reports whether err is any final error result: the modem answered,
// and refused.
func IsError(err error) bool {
	var e *Error
	return errors.As(err, &e)
}

// SIMBusy reports the "try again shortly" family of errors seen while a SIM
// or the SMS subsystem starts: SIM busy, device busy, not allowed yet, collision.
func SIMBusy(err error) bool {
	return IsCMS(err, 302, 314, 500, 512, 515) || IsCME(err, 3, 14, 515)
}

// cmsText holds the 3GPP TS 27.005 codes and the vendor ones seen in the field.
var cmsText = map[int]string{
	300: "ME failure", 301: "SMS service reserved", 302: "operation not allowed",
	303: "operation not supported", 304: "invalid PDU mode parameter",
	305: "invalid text mode parameter", 310: "SIM not inserted", 311: "SIM PIN required",
	312: "PH-SIM PIN required", 313: "SIM failure", 314: "SIM busy", 315: "SIM wrong",
	316: "SIM PUK required", 320: "memory failure", 321: "invalid memory index",
	322: "memory full", 330: "SMSC address unknown", 331: "no network service",
	332: "network timeout", 340: "no +CNMA acknowledgement expected", 500: "unknown error",
	512: "send/receive collision", 515: "device busy",
}

// cmeText holds the 3GPP TS 27.007 codes the bridge can meet.
var cmeText = map[int]string{
	0: "phone failure", 3: "operation not allowed", 4: "operation not supported",
	10: "SIM not inserted", 11: "SIM PIN required", 12: "SIM PUK required",
	13: "SIM failure", 14: "SIM busy", 15: "SIM wrong", 16: "incorrect password",
	17: "SIM PIN2 required", 18: "SIM PUK2 required", 20: "memory full",
	21: "invalid index", 30: "no network service", 31: "network timeout",
	100: "unknown", 515: "device busy",
}
