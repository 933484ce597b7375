// Package modem is Forkcast's USB GSM modem bridge: a vote.Source that receives
// the audience's texts over AT commands on a serial port, with no internet.
//
// The layers, from the wire up:
//
//   - serial.go opens the port with github.com/tarm/serial (the only file that
//     does) and port.go contains its hazards: one goroutine owns Read, Close is
//     bounded by a timeout after poking the modem, EOF/EIO means "port gone".
//   - frame.go cuts the byte stream into lines (tolerating \r\r\n, blank lines,
//     partial lines and the "> " prompt); at.go runs one command at a time and
//     routes unsolicited lines (+CMTI, ^RSSI, RDY, ...) away from replies.
//   - init.go is the modem state machine (echo, errors, SIM and PIN, PDU mode,
//     storages, notifications); session.go and drain.go receive: read the
//     SIM, decode, hand the batch to the engine, and delete only after the
//     engine has committed it.
//   - pdu.go decodes PDUs with github.com/warthog618/sms behind a lenient
//     pre-pass; parts.go reassembles concatenated texts, keeping partial state
//     in a PartsStore (partsdb.go: a small SQLite file of its own).
//
// Everything above serial.go works on an io.ReadWriter, and the tests run the
// real serial code against the emulator in package modemtest on a
// pseudo-terminal.
package modem
