package pii

import (
	"fmt"
	"math/rand/v2"

	"github.com/quarrydev/quarry/internal/checkdigit"
)

// France.

func validSIREN(b []byte) bool { return checkdigit.SIREN(string(b)) == nil }

func validSIRET(b []byte) bool { return checkdigit.SIRET(string(b)) == nil }

func validNIR(b []byte) bool { return checkdigit.NIR(string(b)) == nil }

func validSPI(b []byte) bool { return checkdigit.SPI(string(b)) == nil }

// validFRVAT: FR + two-digit key + SIREN. The scanner takes numeric keys
// only; an alphanumeric key cannot be checked and letters in a 13-character
// run are more often something else.
func validFRVAT(b []byte) bool {
	return len(b) == 13 && string(b[:2]) == "FR" && allDigits(b[2:4]) && checkdigit.VATFR(string(b[2:])) == nil
}

func synthSIREN(r *rand.Rand) []byte {
	b := append([]byte{randNonZero(r)}, randDigits(r, 7)...)
	return append(b, luhnDigit(b))
}

func init() {
	register(&detector{
		TypeInfo: TypeInfo{Name: "national_id_fr", Jurisdiction: JurisdictionEU, Country: "FR",
			Description: "French identity card (CNI) number: 12 characters (pre-2021) or 9 (since 2021) after a CNI label", Example: "X4RTBPFW4"},
		base: 0.2, minLen: 9, maxLen: 12, alnum: true, seps: sepSpace, label: "CNI",
		check: func(c *cand) (float64, bool) {
			n := len(c.compact)
			return 0, (n == 9 || n == 12) && c.letters < n
		},
		synth: func(r *rand.Rand) string {
			return string(randLetters(r, 1, upperAZ)) + string(randDigits(r, 1)) + string(randLetters(r, 7, "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"))
		},
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "tax_id_fr", Jurisdiction: JurisdictionEU, Country: "FR",
			Description: "French tax number (numéro fiscal / SPI, 13 digits, mod 511 key) or French VAT number (FR + key + SIREN)", Example: "21 16 491 377 406", Checksum: true},
		maxAdj: 0.3, base: 0.55, minLen: 13, maxLen: 13, alnum: true, seps: sepSpace | sepDot | sepDash, label: "Numéro fiscal",
		check: func(c *cand) (float64, bool) {
			if c.letters > 0 {
				return 0.3, validFRVAT(c.compact)
			}
			return 0, validSPI(c.compact)
		},
		synth: func(r *rand.Rand) string {
			b := string(append([]byte{byte('0' + r.IntN(4))}, randDigits(r, 9)...))
			return group(b+fmt.Sprintf("%03d", checkdigit.SPIKey(b)), " ", 2, 2, 3, 3)
		},
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "siret_fr", Jurisdiction: JurisdictionEU, Country: "FR",
			Description: "French establishment number (SIRET): SIREN + 5 digits, Luhn", Example: "732 829 320 00074", Checksum: true},
		maxAdj: 0.15, base: 0.5, minLen: 14, maxLen: 14, seps: sepSpace | sepDot | sepDash, label: "SIRET",
		check: func(c *cand) (float64, bool) {
			if !validSIRET(c.compact) {
				return 0, false
			}
			if groupsAre(c, 3, 3, 3, 5) {
				return 0.15, true
			}
			return 0, true
		},
		synth: func(r *rand.Rand) string {
			b := append(synthSIREN(r), randDigits(r, 4)...)
			return group(string(append(b, luhnDigit(b))), " ", 3, 3, 3)
		},
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "company_id_fr", Jurisdiction: JurisdictionEU, Country: "FR",
			Description: "French company number (SIREN): 9 digits, Luhn", Example: "732 829 320", Checksum: true},
		maxAdj: 0.15, base: 0.4, minLen: 9, maxLen: 9, seps: sepSpace | sepDot, label: "SIREN",
		check: func(c *cand) (float64, bool) {
			if !validSIREN(c.compact) {
				return 0, false
			}
			if groupsAre(c, 3, 3, 3) {
				return 0.15, true
			}
			return 0, true
		},
		synth: func(r *rand.Rand) string { return group(string(synthSIREN(r)), " ", 3, 3) },
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "social_id_fr", Jurisdiction: JurisdictionEU, Country: "FR",
			Description: "French social security number (NIR / INSEE): sex, year, month, department (2A/2B), commune, order, key 97 - n mod 97",
			Example:     "2 55 08 14 168 025 38", Checksum: true},
		base: 0.85, minLen: 15, maxLen: 15, alnum: true, seps: sepSpace | sepDot | sepDash, label: "N° de sécurité sociale",
		check: func(c *cand) (float64, bool) { return 0, validNIR(c.compact) },
		synth: func(r *rand.Rand) string {
			y, m, _ := randDate(r)
			dept := d2(1 + r.IntN(95))
			if r.IntN(5) == 0 {
				dept = []string{"2A", "2B"}[r.IntN(2)]
			}
			b := []byte(string(rune('1'+r.IntN(2))) + d2(y%100) + d2(m) + dept + fmt.Sprintf("%03d%03d", 1+r.IntN(900), 1+r.IntN(900)))
			k, _ := checkdigit.NIRKey(string(b))
			s := string(b) + d2(k)
			return group(s, " ", 1, 2, 2, 2, 3, 3)
		},
	})
}
