package modem

import (
	"strings"
	"testing"
)

// FuzzReplyParsers: the info lines of a reply of any shape, fed to every
// reply parser, never make one panic. (How the link tells info lines from
// unsolicited ones is fuzzed in package at: FuzzReplyClassify.)
func FuzzReplyParsers(f *testing.F) {
	f.Add("AT+CMGL=4", "+CMGL: 1,0,,23\r\n0791AA\r\n^RSSI:9\r\nOK\r\n")
	f.Add("AT+CPMS=?", "\r\n+CPMS: (\"SM\", \"ME\"), (\"SM\",\"ME\"),(\"SM\")\r\nOK\r\n")
	f.Add("AT+CNMI=?", "+CNMI:(0-3),(0-3),(0-3),(0,1),(0,1)\r\nOK\r\n")
	f.Add("AT+CREG?", "+CREG: 2,1,4CA,81DE445\r\nOK\r\n")
	f.Add("AT+CMGR=1", "+CMGR: \"REC READ\",\"+31625044454\",,\"07/07/05,09:56:03+08\"\r\nTest\r\nOK\r\n")
	f.Add("AT+CPIN?", "+CPIN: SIM PIN\r\n")
	f.Add("AT", "+CMT: ,23\r\n0791ABCD\r\n+CME ERROR: 14\r\n")
	f.Fuzz(func(t *testing.T, _, reply string) {
		var info []string
		for _, line := range strings.FieldsFunc(reply, func(r rune) bool { return r == '\r' || r == '\n' }) {
			if line = strings.TrimSpace(line); line != "" && line != "OK" {
				info = append(info, line)
			}
		}
		parseList(info)
		parseRead(info, 1)
		parseStorageLists(info)
		parseStorageUse(info)
		parseRanges(info, "+CNMI:")
		parseCREG(info)
		parseCSQ(info)
		parseCOPS(info)
		parseCPIN(info)
		for _, line := range info {
			parseCMTI(line)
		}
	})
}
