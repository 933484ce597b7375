package sim

import "fmt"

// MaxAudience is the largest simulated audience: 100 US area codes × the
// 100 fictional lines 555-0100..0199, then 1,000 UK numbers in Ofcom's
// drama range +44 7700 900000..900999.
const MaxAudience = len(areaCodes)*100 + 1000

// areaCodes are 100 geographic US area codes. In every NANP area code the
// lines 555-0100 to 555-0199 are reserved for fiction, so no real phone is
// ever named.
var areaCodes = [100]int{
	201, 202, 203, 205, 206, 207, 208, 209, 210, 212,
	213, 214, 215, 216, 217, 218, 219, 224, 225, 228,
	229, 231, 234, 239, 240, 248, 251, 252, 253, 254,
	256, 260, 262, 267, 269, 270, 272, 276, 281, 301,
	302, 303, 304, 305, 307, 308, 309, 310, 312, 313,
	314, 315, 316, 317, 318, 319, 320, 321, 323, 325,
	330, 331, 334, 336, 337, 339, 346, 347, 351, 352,
	360, 361, 385, 386, 401, 402, 404, 405, 406, 407,
	408, 409, 410, 412, 413, 414, 415, 417, 419, 423,
	424, 425, 430, 432, 434, 435, 440, 442, 443, 458,
}

// Phone returns the fictional E.164 number of phone i (0 ≤ i < MaxAudience):
// phones 0..9999 are +1 AAA 555 01NN (area code areaCodes[i/100], line i%100),
// phones 10000..10999 are +44 7700 900NNN. It returns "" for any other i.
func Phone(i int) string {
	switch {
	case i < 0 || i >= MaxAudience:
		return ""
	case i < len(areaCodes)*100:
		return fmt.Sprintf("+1%d55501%02d", areaCodes[i/100], i%100)
	default:
		return fmt.Sprintf("+447700900%03d", i-len(areaCodes)*100)
	}
}
