package pdu

import (
	"strings"

	"github.com/warthog618/sms/encoding/tpdu"
)

// Address builds an originating or destination address: a number with a
// leading + is international, other digits are of unknown type (national),
// and anything else (a sender such as "Forkcast") is alphanumeric.
func Address(number string) tpdu.Address {
	digits := strings.TrimPrefix(number, "+")
	for _, r := range digits {
		if r < '0' || r > '9' {
			return tpdu.Address{TOA: 0xd0, Addr: number}
		}
	}
	a := tpdu.NewAddress()
	if strings.HasPrefix(number, "+") {
		a.SetNumber(number)
		return a
	}
	a.SetTypeOfNumber(tpdu.TonUnknown)
	a.SetNumberingPlan(tpdu.NpISDN)
	a.Addr = digits
	return a
}
