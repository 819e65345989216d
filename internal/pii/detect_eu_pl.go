package pii

import (
	"math/rand/v2"

	"github.com/quarrydev/quarry/internal/checkdigit"
)

// Poland.

func validPESEL(b []byte) bool { return checkdigit.PESEL(string(b)) == nil }

func validNIP(b []byte) bool { return checkdigit.NIP(string(b)) == nil }

func init() {
	register(&detector{
		TypeInfo: TypeInfo{Name: "national_id_pl", Jurisdiction: JurisdictionEU, Country: "PL",
			Description: "Polish personal number (PESEL): birth date with century offset, serial, weighted mod 10 check", Example: "44051401359", Checksum: true},
		base: 0.55, minLen: 11, maxLen: 11, seps: sepSpace, label: "PESEL",
		check: func(c *cand) (float64, bool) { return 0, validPESEL(c.compact) },
		synth: func(r *rand.Rand) string {
			y, m, d := randDate(r)
			if y >= 2000 {
				m += 20
			}
			b := []byte(d2(y%100) + d2(m) + d2(d) + string(randDigits(r, 4)))
			return string(append(b, checkdigit.PESELCheckDigit(string(b))))
		},
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "tax_id_pl", Jurisdiction: JurisdictionEU, Country: "PL",
			Description: "Polish tax number (NIP): 10 digits, weighted mod 11; bare numbers need a label unless written 123-456-78-90 or PL-prefixed", Example: "123-456-32-18", Checksum: true},
		maxAdj: 0.35, base: 0.45, minLen: 10, maxLen: 12, alnum: true, seps: sepSpace | sepDash, label: "NIP",
		check: func(c *cand) (float64, bool) {
			b := c.compact
			if len(b) == 12 {
				return 0.35, string(b[:2]) == "PL" && validNIP(b[2:])
			}
			if len(b) != 10 || !validNIP(b) {
				return 0, false
			}
			if c.seps == sepDash && (groupsAre(c, 3, 3, 2, 2) || groupsAre(c, 3, 2, 2, 3)) {
				return 0.15, true
			}
			return 0, true
		},
		synth: func(r *rand.Rand) string {
			for {
				b := append([]byte{randNonZero(r)}, randDigits(r, 8)...)
				if ck, ok := checkdigit.NIPCheckDigit(string(b)); ok {
					return group(string(append(b, ck)), "-", 3, 3, 2)
				}
			}
		},
	})
}
