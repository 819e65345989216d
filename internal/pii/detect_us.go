package pii

import (
	"fmt"
	"math/rand/v2"
)

// United States.

// validSSN: area 001-899 except 666, group 01-99, serial 0001-9999, and
// not one of the numbers published in advertising.
func validSSN(b []byte) bool {
	if len(b) != 9 || !allDigits(b) {
		return false
	}
	a, g, s := num(b[:3]), num(b[3:5]), num(b[5:])
	if a == 0 || a == 666 || a >= 900 || g == 0 || s == 0 {
		return false
	}
	switch string(b) {
	case "078051120", "219099999", "457555462":
		return false
	}
	return true
}

// validITIN: 9XX-7X/8X/90-92/94-99-XXXX.
func validITIN(b []byte) bool {
	if len(b) != 9 || !allDigits(b) || b[0] != '9' {
		return false
	}
	g := num(b[3:5])
	return (g >= 70 && g <= 88) || (g >= 90 && g <= 92) || (g >= 94 && g <= 99)
}

// einPrefixes are the campus prefixes the IRS assigns.
var einPrefixes = map[int]bool{}

func init() {
	for _, p := range []int{1, 2, 3, 4, 5, 6, 10, 11, 12, 13, 14, 15, 16, 20, 21, 22, 23, 24, 25, 26, 27,
		30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 50, 51, 52, 53, 54, 55,
		56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 71, 72, 73, 74, 75, 76, 77, 80, 81, 82, 83, 84,
		85, 86, 87, 88, 90, 91, 92, 93, 94, 95, 98, 99} {
		einPrefixes[p] = true
	}
}

// validABA: routing number, weights 3 7 1, sum mod 10 = 0, valid Federal
// Reserve prefix.
func validABA(b []byte) bool {
	if len(b) != 9 || !allDigits(b) {
		return false
	}
	p := num(b[:2])
	if !(p <= 12 || (p >= 21 && p <= 32) || (p >= 61 && p <= 72) || p == 80) {
		return false
	}
	return wsum(b, 3, 7, 1, 3, 7, 1, 3, 7, 1)%10 == 0
}

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
			if !einPrefixes[num(c.compact[:2])] {
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
				if einPrefixes[p] {
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
