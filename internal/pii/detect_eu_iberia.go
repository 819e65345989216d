package pii

import (
	"fmt"
	"math/rand/v2"

	"github.com/quarrydev/quarry/internal/checkdigit"
)

// Spain and Portugal.

func validDNINIE(b []byte) bool {
	s := string(b)
	return checkdigit.DNI(s) == nil || checkdigit.NIE(s) == nil
}

func validCIF(b []byte) bool { return checkdigit.CIF(string(b)) == nil }

func validPTNIF(b []byte) bool { return checkdigit.NIFPT(string(b)) == nil }

func init() {
	register(&detector{
		TypeInfo: TypeInfo{Name: "national_id_es", Jurisdiction: JurisdictionEU, Country: "ES",
			Description: "Spanish DNI (8 digits + letter) or NIE (X/Y/Z + 7 digits + letter), mod 23 letter", Example: "12345678Z", Checksum: true},
		base: 0.85, minLen: 9, maxLen: 9, alnum: true, seps: sepSpace | sepDot | sepDash, label: "DNI",
		check: func(c *cand) (float64, bool) { return 0, validDNINIE(c.compact) },
		synth: func(r *rand.Rand) string {
			if r.IntN(3) == 0 {
				n := r.IntN(10000000)
				p := r.IntN(3)
				return fmt.Sprintf("%c%07d%c", "XYZ"[p], n, checkdigit.DNILetter(fmt.Sprintf("%d%07d", p, n)))
			}
			n := fmt.Sprintf("%08d", 10000000+r.IntN(89999999))
			return n + string(checkdigit.DNILetter(n))
		},
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "tax_id_es", Jurisdiction: JurisdictionEU, Country: "ES",
			Description: "Spanish company tax code (CIF): entity letter, 7 digits, control digit or letter", Example: "A58818501", Checksum: true},
		base: 0.7, minLen: 9, maxLen: 9, alnum: true, seps: sepSpace | sepDash | sepDot, label: "CIF",
		check: func(c *cand) (float64, bool) { return 0, validCIF(c.compact) },
		synth: func(r *rand.Rand) string {
			org, digits := "ABGPQS"[r.IntN(6)], string(randDigits(r, 7))
			// Where either control is allowed the digit is the common one.
			return string(org) + digits + checkdigit.CIFControls(org, digits)[:1]
		},
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "tax_id_pt", Jurisdiction: JurisdictionEU, Country: "PT",
			Description: "Portuguese tax number (NIF / contribuinte): 9 digits, mod 11; bare numbers need a label, PT-prefixed VAT numbers do not", Example: "PT501964843", Checksum: true},
		maxAdj: 0.4, base: 0.4, minLen: 9, maxLen: 11, alnum: true, seps: sepSpace | sepDot | sepDash, label: "NIF",
		check: func(c *cand) (float64, bool) {
			b := c.compact
			if len(b) == 11 {
				return 0.4, string(b[:2]) == "PT" && validPTNIF(b[2:])
			}
			return 0, len(b) == 9 && validPTNIF(b)
		},
		synth: func(r *rand.Rand) string {
			b := string("125"[r.IntN(3)]) + string(randDigits(r, 7))
			return "PT" + b + string(checkdigit.NIFPTCheckDigit(b))
		},
	})
}
