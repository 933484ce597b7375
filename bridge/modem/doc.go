// Package modem is Forkcast's USB GSM modem bridge: a vote.Source that receives
// the audience's texts over AT commands on a serial port, with no internet.
//
// The layers, from the wire up:
//
//   - serial.go opens the port (the only file that does, through openPort:
//     github.com/tarm/serial on Linux and Windows, go.bug.st/serial on macOS,
//     where tarm needs cgo); portname.go makes the name portable (COM3 and
//     \\.\COM12 on Windows, /dev/cu.* on macOS, symlinks resolved on Unix
//     only). Package at owns the port from there: one goroutine reads, Close is
//     bounded by a timeout after poking the modem, EOF/EIO means "port gone",
//     lines are framed, one command runs at a time and unsolicited lines
//     (+CMTI, ^RSSI, RDY, ...) are routed away from replies.
//   - init.go is the modem state machine (echo, errors, SIM and PIN, PDU mode,
//     storages, notifications) and parse.go reads the replies; session.go and
//     drain.go receive: read the SIM, decode, hand the batch to the engine,
//     and delete only after the engine has committed it.
//   - package pdu decodes PDUs with github.com/warthog618/sms behind a lenient
//     pre-pass and reassembles concatenated texts; the partial state lives in
//     a PartsStore (parts_store.go: a small SQLite file of the bridge's own).
//
// Everything above serial.go works on an io.ReadWriter, and the tests run the
// real serial code against the emulator in package modemtest on a
// pseudo-terminal.
package modem
