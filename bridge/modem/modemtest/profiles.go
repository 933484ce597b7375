package modemtest

import (
	"fmt"
	"sort"
	"time"
)

// Profile describes how an emulated modem model behaves: what it answers and
// which quirks of the real model it reproduces.
type Profile struct {
	Name         string // short name, e.g. "huawei-e173"
	Manufacturer string // AT+CGMI
	Model        string // AT+CGMM
	Revision     string // AT+CGMR
	IMEI         string // AT+CGSN

	FirstIndex int    // first storage index (0 on Huawei E1xx, 1 on most)
	Capacity   int    // SIM slots
	CPMSRange  string // answer to AT+CPMS=?
	CPMSOneArg bool   // refuses the three-argument AT+CPMS
	CNMIRange  string // answer to AT+CNMI=?

	Noise      []string      // unsolicited lines printed every NoiseEvery (until AT^CURC=0 on Huawei)
	NoiseEvery time.Duration // 0 = no noise
	BootLines  []string      // printed after power-up or reset
	// SMSReadyAfter: SMS commands fail with +CMS ERROR: 302 until this long after
	// boot, then "SMS Ready" is printed (SIM800).
	SMSReadyAfter time.Duration
	CPINNoOK      bool   // answers AT+CPIN? without OK (Wavecom)
	NoCMGL        bool   // AT+CMGL fails: texts can only be read slot by slot
	EchoAlways    bool   // ignores ATE0: every command is echoed
	CMTIMem       string // storage +CMTI names instead of the receive storage (e.g. "ME")
	FullURC       string // printed when the SIM fills (Huawei "^SMMEMFULL")
	Unsupported   string // final result for unknown commands
	// NoSMSC prints every PDU without its SMSC address (the TPDU alone, with
	// its own length), as some modems do.
	NoSMSC bool
}

// Profiles of real models, with the quirks FACTS.md lists.
var (
	HuaweiE173 = Profile{
		Name: "huawei-e173", Manufacturer: "huawei", Model: "E173", Revision: "11.126.85.00.209",
		IMEI: "351234567890123", FirstIndex: 0, Capacity: 20,
		CPMSRange: `("SM","ME"),("SM","ME"),("SM","ME")`,
		CNMIRange: `(0,1,2),(0,1,2,3),(0,2),(0,1,2),(0,1)`,
		Noise: []string{"^RSSI:14", "^DSFLOWRPT:0000000A,00000000,00000000,0000000000000000,0000000000000000,0003E800,0003E800",
			"^BOOT:20468171,0,0,0,75", "^MODE:5,4", "^SRVST:2", "^SIMST:1"},
		NoiseEvery: 150 * time.Millisecond, FullURC: `^SMMEMFULL: "SM"`, Unsupported: "COMMAND NOT SUPPORT",
	}
	HuaweiE3372 = Profile{
		Name: "huawei-e3372", Manufacturer: "huawei", Model: "E3372", Revision: "22.315.01.00.00",
		IMEI: "861234567890124", FirstIndex: 0, Capacity: 30, CPMSOneArg: true,
		CPMSRange:  `("SM","ME"),("SM","ME"),("SM","ME")`,
		CNMIRange:  `(0,1,2),(0,1,2,3),(0,2),(0,1,2),(0,1)`,
		Noise:      []string{`^HCSQ:"LTE",60,52,154,34`, "^RSSI:22", "^MODE:7,17"},
		NoiseEvery: 200 * time.Millisecond, FullURC: `^SMMEMFULL: "SM"`, Unsupported: "COMMAND NOT SUPPORT",
	}
	SIM800 = Profile{
		Name: "sim800", Manufacturer: "SIMCOM_Ltd", Model: "SIMCOM_SIM800L", Revision: "Revision:1418B04SIM800L24",
		IMEI: "869170031234565", FirstIndex: 1, Capacity: 30,
		CPMSRange:     `("SM","ME","SM_P","ME_P","MT"),("SM","ME","SM_P","ME_P","MT"),("SM","ME","SM_P","ME_P","MT")`,
		CNMIRange:     `(0-3),(0-3),(0,2),(0-2),(0,1)`,
		BootLines:     []string{"RDY", "+CFUN: 1", "+CPIN: READY", "Call Ready"},
		SMSReadyAfter: 1200 * time.Millisecond, Unsupported: "ERROR",
	}
	QuectelEC25 = Profile{
		Name: "quectel-ec25", Manufacturer: "Quectel", Model: "EC25", Revision: "EC25EFAR06A06M4G",
		IMEI: "866123456789016", FirstIndex: 0, Capacity: 50,
		CPMSRange:   `("SM","ME","MT"),("SM","ME","MT"),("SM","ME","MT")`,
		CNMIRange:   `(0-2),(0-3),(0,2),(0-2),(0,1)`,
		BootLines:   []string{"RDY", "+CFUN: 1", "+CPIN: READY", "+QUSIM: 1", "+QIND: SMS DONE", "+QIND: PB DONE"},
		Unsupported: "ERROR",
	}
	Wavecom = Profile{
		Name: "wavecom", Manufacturer: "WAVECOM MODEM", Model: "MULTIBAND  900E  1800", Revision: "641b09gg.Q2403A",
		IMEI: "012345678901237", FirstIndex: 1, Capacity: 25, CPINNoOK: true,
		CPMSRange: `("SM","ME"),("SM","ME"),("SM")`,
		CNMIRange: `(0-3),(0-3),(0-2),(0,2),(0,1)`,
		BootLines: []string{"+WIND: 3"}, Unsupported: "ERROR",
	}
)

// Profiles maps each profile's Name to it.
var Profiles = map[string]Profile{}

func init() {
	for _, p := range []Profile{HuaweiE173, HuaweiE3372, SIM800, QuectelEC25, Wavecom} {
		Profiles[p.Name] = p
	}
}

// ProfileByName returns the named profile; it fails for an unknown name.
func ProfileByName(name string) (Profile, error) {
	p, ok := Profiles[name]
	if !ok {
		names := make([]string, 0, len(Profiles))
		for n := range Profiles {
			names = append(names, n)
		}
		sort.Strings(names)
		return Profile{}, fmt.Errorf("unknown modem profile %q (have %v)", name, names)
	}
	return p, nil
}
