package pii

import (
	"fmt"
	"math/rand/v2"

	"github.com/quarrydev/quarry/internal/checkdigit"
)

// United States.

// validSSN takes the issued ranges from checkdigit and also refuses the
// numbers voided after they were printed in advertising: they fill
// sample forms, which are exactly the documents that should not flag.
func validSSN(b []byte) bool {
	s := string(b)
	return checkdigit.SSN(s) == nil && !checkdigit.SSNVoided(s)
}

func validITIN(b []byte) bool { return checkdigit.ITIN(string(b)) == nil }

func validEIN(b []byte) bool { return checkdigit.EIN(string(b)) == nil }

func validABA(b []byte) bool { return checkdigit.ABA(string(b)) == nil }

func dashed324(c *cand) bool {
	return groupsAre(c, 3, 2, 4) && c.seps&^(sepDash|sepSpace) == 0
}

func init() {
	register(&detector{
		TypeInfo: TypeInfo{Name: "ssn", Jurisdiction: JurisdictionUS, Country: "US",
			Description: "US Social Security number: AAA-GG-SSSS with valid area, group and serial; bare 9 digits need a label", Example: "536-22-1234", Checksum: true},
		maxAdj: 0.3, base: 0.35, minLen: 9, maxLen: 9, seps: sepDash | sepSpace, label: "SSN",
		check: func(c *cand) (float64, bool) {
			if !validSSN(c.compact) {
				return 0, false
			}
			if dashed324(c) {
				return 0.3, true
			}
			return 0, len(c.groups) == 1
		},
		synth: func(r *rand.Rand) string {
			return fmt.Sprintf("%03d-%02d-%04d", 1+r.IntN(665), 1+r.IntN(99), 1+r.IntN(9999))
		},
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "itin_us", Jurisdiction: JurisdictionUS, Country: "US",
			Description: "US Individual Taxpayer Identification Number: 9XX-[70-88|90-92|94-99]-XXXX", Example: "912-70-1234", Checksum: true},
		maxAdj: 0.3, base: 0.4, minLen: 9, maxLen: 9, seps: sepDash | sepSpace, label: "ITIN",
		check: func(c *cand) (float64, bool) {
			if !validITIN(c.compact) {
				return 0, false
			}
			if dashed324(c) {
				return 0.3, true
			}
			return 0, len(c.groups) == 1
		},
		synth: func(r *rand.Rand) string {
			return fmt.Sprintf("9%02d-%02d-%04d", r.IntN(100), 70+r.IntN(19), r.IntN(10000))
		},
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "tax_id_us", Jurisdiction: JurisdictionUS, Country: "US",
			Description: "US Employer Identification Number (EIN): XX-XXXXXXX with an IRS campus prefix", Example: "12-3456789", Checksum: true},
		maxAdj: 0.3, base: 0.25, minLen: 9, maxLen: 9, seps: sepDash, label: "EIN",
		check: func(c *cand) (float64, bool) {
			if !validEIN(c.compact) {
				return 0, false
			}
			if groupsAre(c, 2, 7) {
				return 0.3, true
			}
			return 0, len(c.groups) == 1
		},
		synth: func(r *rand.Rand) string {
			for {
				p := 10 + r.IntN(89)
				if validEIN([]byte(fmt.Sprintf("%02d0000000", p))) {
					return fmt.Sprintf("%02d-%07d", p, r.IntN(10000000))
				}
			}
		},
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "national_id_us", Jurisdiction: JurisdictionUS, Country: "US",
			Description: "US driver's licence / state ID number (1-2 letters + 5-14 digits, or 7-12 digits) after a licence label", Example: "D1234567"},
		base: 0.2, minLen: 6, maxLen: 15, alnum: true, seps: sepDash | sepSpace, label: "Driver's License",
		check: func(c *cand) (float64, bool) {
			b := c.compact
			k := 0
			for k < len(b) && isLetter(b[k]) {
				k++
			}
			nd := len(b) - k
			return 0, allDigits(b[k:]) && ((k >= 1 && k <= 2 && nd >= 5) || (k == 0 && nd >= 7 && nd <= 12))
		},
		synth: func(r *rand.Rand) string { return string(randLetters(r, 1, upperAZ)) + string(randDigits(r, 7)) },
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "passport_us", Jurisdiction: JurisdictionUS, Country: "US",
			Description: "US passport number (9 digits, or a letter + 8 digits) after a passport label", Example: "A12345678"},
		base: 0.2, minLen: 9, maxLen: 9, alnum: true, label: "Passport No",
		check: func(c *cand) (float64, bool) {
			b := c.compact
			return 0, len(c.groups) == 1 && (allDigits(b) || (isLetter(b[0]) && allDigits(b[1:])))
		},
		synth: func(r *rand.Rand) string { return string(randLetters(r, 1, "ACEFGHJKLMN")) + string(randDigits(r, 8)) },
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "aba_routing_us", Jurisdiction: JurisdictionUS, Country: "US",
			Description: "US bank routing (ABA) number: Federal Reserve prefix, weights 3-7-1 mod 10; needs a routing label", Example: "011000015", Checksum: true},
		base: 0.35, minLen: 9, maxLen: 9, label: "Routing No",
		check: func(c *cand) (float64, bool) { return 0, validABA(c.compact) },
		synth: func(r *rand.Rand) string {
			for {
				b := []byte(d2(r.IntN(13)) + string(randDigits(r, 7)))
				for d := byte('0'); d <= '9'; d++ {
					if validABA(append(b[:8:8], d)) {
						return string(append(b[:8], d))
					}
				}
			}
		},
	})
}
