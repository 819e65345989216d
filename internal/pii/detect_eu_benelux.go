package pii

import (
	"math/rand/v2"

	"github.com/quarrydev/quarry/internal/checkdigit"
)

// Netherlands and Belgium.

// elevenTest is the Dutch BSN/RSIN "11-proef".
func elevenTest(b []byte) bool { return checkdigit.BSN(string(b)) == nil }

func synthEleven(r *rand.Rand) string {
	for {
		b := string(append([]byte{randNonZero(r)}, randDigits(r, 7)...))
		if ck, ok := checkdigit.BSNCheckDigit(b); ok {
			return b + string(ck)
		}
	}
}

// validNLVAT: NL + 9 digits + B + 2 digits.
func validNLVAT(b []byte) bool {
	return len(b) == 14 && string(b[:2]) == "NL" && checkdigit.VATNL(string(b[2:])) == nil
}

// validBENN: Belgian national register number YYMMDD SSS CC.
func validBENN(b []byte) bool { return checkdigit.RRN(string(b)) == nil }

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
			return b[:2] + "." + b[2:4] + "." + b[4:6] + "-" + b[6:9] + "." + d2(checkdigit.RRNCheckDigits(b, y >= 2000))
		},
	})
}
