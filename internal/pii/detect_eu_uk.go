package pii

import (
	"math/rand/v2"

	"github.com/quarrydev/quarry/internal/checkdigit"
)

// United Kingdom (listed with the GDPR family in the reference).

func validNINO(b []byte) bool { return checkdigit.NINO(string(b)) == nil }

func validUTR(b []byte) bool { return checkdigit.UTR(string(b)) == nil }

// nhsCheck returns the NHS number check digit of nine digits, or -1 when
// none is issued.
func nhsCheck(b []byte) int {
	c, ok := checkdigit.NHSCheckDigit(string(b))
	if !ok {
		return -1
	}
	return dv(c)
}

func init() {
	register(&detector{
		TypeInfo: TypeInfo{Name: "social_id_uk", Jurisdiction: JurisdictionEU, Country: "GB",
			Description: "UK National Insurance number (NINO): valid prefix letters, six digits, suffix A-D", Example: "AB 12 34 56 C", Checksum: true},
		base: 0.75, minLen: 9, maxLen: 9, alnum: true, seps: sepSpace | sepDash, label: "National Insurance No",
		check: func(c *cand) (float64, bool) { return 0, validNINO(c.compact) },
		synth: func(r *rand.Rand) string {
			b := append(randLetters(r, 1, "ABCEGHJKLMPRSTWXY"), randLetters(r, 1, "ABCEGHJLMPRSTWXY")...)
			if string(b) == "GB" || string(b) == "NT" || string(b) == "TN" {
				b[0] = 'A'
			}
			b = append(b, randDigits(r, 6)...)
			b = append(b, "ABCD"[r.IntN(4)])
			return group(string(b), " ", 2, 2, 2, 2)
		},
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "tax_id_uk", Jurisdiction: JurisdictionEU, Country: "GB",
			Description: "UK Unique Taxpayer Reference (UTR): 10 digits, weighted mod 11 leading check digit; needs a UTR or tax label", Example: "1955839661", Checksum: true},
		base: 0.4, minLen: 10, maxLen: 10, seps: sepSpace, label: "UTR",
		check: func(c *cand) (float64, bool) { return 0, validUTR(c.compact) },
		synth: func(r *rand.Rand) string {
			b := randDigits(r, 9)
			return string(checkdigit.UTRCheckDigit(string(b))) + string(b)
		},
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "nhs_uk", Jurisdiction: JurisdictionEU, Country: "GB",
			Description: "NHS number: 10 digits, weighted mod 11 check digit; written 3-3-4 or after an NHS label", Example: "943 476 5919", Checksum: true},
		maxAdj: 0.2, base: 0.4, minLen: 10, maxLen: 10, seps: sepSpace | sepDash, label: "NHS No",
		check: func(c *cand) (float64, bool) {
			if nhsCheck(c.compact[:9]) != dv(c.compact[9]) {
				return 0, false
			}
			if groupsAre(c, 3, 3, 4) {
				return 0.2, true
			}
			return 0, true
		},
		synth: func(r *rand.Rand) string {
			for {
				b := append([]byte{randNonZero(r)}, randDigits(r, 8)...)
				if ck := nhsCheck(b); ck >= 0 {
					return group(string(append(b, byte('0'+ck))), " ", 3, 3)
				}
			}
		},
	})
}
