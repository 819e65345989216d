package pii

import (
	"math/rand/v2"
	"strconv"
)

// Netherlands and Belgium.

// elevenTest is the Dutch BSN/RSIN "11-proef": weights 9..2 and -1.
func elevenTest(b []byte) bool {
	if len(b) != 9 || !allDigits(b) || string(b) == "000000000" {
		return false
	}
	s := wsum(b, 9, 8, 7, 6, 5, 4, 3, 2) - dv(b[8])
	return s%11 == 0
}

func synthEleven(r *rand.Rand) string {
	for {
		b := append([]byte{randNonZero(r)}, randDigits(r, 7)...)
		ck := wsum(b, 9, 8, 7, 6, 5, 4, 3, 2) % 11
		if ck < 10 {
			return string(append(b, byte('0'+ck)))
		}
	}
}

// validNLVAT: NL + 9 digits + B + 2 digits; the digits pass the 11-test
// (older numbers) or the whole string passes mod 97 (btw-id since 2020).
func validNLVAT(b []byte) bool {
	if len(b) != 14 || string(b[:2]) != "NL" || !allDigits(b[2:11]) || b[11] != 'B' || !allDigits(b[12:]) {
		return false
	}
	return elevenTest(b[2:11]) || mod97(b) == 1
}

// validBENN: Belgian national register number YYMMDD SSS CC, CC = 97 -
// (first nine mod 97), with a leading 2 for people born from 2000.
func validBENN(b []byte) bool {
	if len(b) != 11 || !allDigits(b) {
		return false
	}
	m, d := num(b[2:4])%20, num(b[4:6])
	if m > 12 || d > 31 {
		return false
	}
	n, _ := strconv.ParseInt(string(b[:9]), 10, 64)
	ck := num(b[9:])
	return 97-n%97 == int64(ck) || 97-(2000000000+n)%97 == int64(ck)
}

func init() {
	register(&detector{
		TypeInfo: TypeInfo{Name: "national_id_nl", Jurisdiction: JurisdictionEU, Country: "NL",
			Description: "Dutch citizen service number (BSN): 9 digits, 11-test; needs a BSN label", Example: "111222333", Checksum: true},
		base: 0.4, minLen: 9, maxLen: 9, seps: sepSpace | sepDot | sepDash, label: "BSN",
		check: func(c *cand) (float64, bool) { return 0, elevenTest(c.compact) },
		synth: synthEleven,
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "tax_id_nl", Jurisdiction: JurisdictionEU, Country: "NL",
			Description: "Dutch VAT number (NL + 9 digits + B + 2 digits, 11-test or mod 97) or RSIN after a tax label", Example: "NL123456782B01", Checksum: true},
		base: 0.85, minLen: 9, maxLen: 14, alnum: true, seps: sepSpace | sepDot, label: "BTW-nummer",
		check: func(c *cand) (float64, bool) {
			switch len(c.compact) {
			case 14:
				return 0, validNLVAT(c.compact)
			case 9:
				return -0.6, elevenTest(c.compact) // RSIN: label needed
			}
			return 0, false
		},
		synth: func(r *rand.Rand) string { return "NL" + synthEleven(r) + "B0" + string(rune('1'+r.IntN(9))) },
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "company_id_nl", Jurisdiction: JurisdictionEU, Country: "NL",
			Description: "Dutch Chamber of Commerce (KvK) number: 8 digits after a KvK label", Example: "69599084"},
		base: 0.25, minLen: 8, maxLen: 8, seps: sepSpace | sepDot, label: "KvK-nummer",
		check: func(c *cand) (float64, bool) { return 0, true },
		synth: func(r *rand.Rand) string { return string(randNonZero(r)) + string(randDigits(r, 7)) },
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "national_id_be", Jurisdiction: JurisdictionEU, Country: "BE",
			Description: "Belgian national register number: YY.MM.DD-SSS.CC, check 97 - n mod 97 (2 prefixed from 2000)", Example: "85.07.30-033.28", Checksum: true},
		maxAdj: 0.15, base: 0.65, minLen: 11, maxLen: 11, seps: sepSpace | sepDot | sepDash, label: "Rijksregisternummer",
		check: func(c *cand) (float64, bool) {
			if !validBENN(c.compact) {
				return 0, false
			}
			if groupsAre(c, 2, 2, 2, 3, 2) || groupsAre(c, 6, 3, 2) {
				return 0.15, true
			}
			return 0, true
		},
		synth: func(r *rand.Rand) string {
			y, m, d := randDate(r)
			b := d2(y%100) + d2(m) + d2(d) + string(randDigits(r, 3))
			n, _ := strconv.ParseInt(b, 10, 64)
			if y >= 2000 {
				n += 2000000000
			}
			return b[:2] + "." + b[2:4] + "." + b[4:6] + "-" + b[6:9] + "." + d2(int(97-n%97))
		},
	})
}
