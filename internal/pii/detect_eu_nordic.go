package pii

import (
	"math/rand/v2"

	"github.com/quarrydev/quarry/internal/checkdigit"
)

// Sweden, Denmark, Finland.

// validSE: personnummer, ten or twelve digits.
func validSE(b []byte) bool { return checkdigit.Personnummer(string(b)) == nil }

// validDK: CPR DDMMYY-SSSS (a date only; no mod-11 since 2007).
func validDK(b []byte) bool { return checkdigit.CPR(string(b)) == nil }

// validFI: HETU DDMMYY C ZZZ Q. The century sign '-' is a separator to
// the scanner, so a ten-character run counts only when printed 6-4 with a
// dash, and is checked with the dash put back.
func validFI(c *cand) bool {
	b := c.compact
	switch {
	case len(b) == 11 && isLetter(b[6]):
		return checkdigit.HETU(string(b)) == nil
	case len(b) == 10 && groupsAre(c, 6, 4) && c.seps == sepDash:
		return checkdigit.HETU(string(b[:6])+"-"+string(b[6:])) == nil
	}
	return false
}

func init() {
	register(&detector{
		TypeInfo: TypeInfo{Name: "national_id_se", Jurisdiction: JurisdictionEU, Country: "SE",
			Description: "Swedish personal identity number (personnummer): YYMMDD-NNNC, date check and Luhn", Example: "811228-9874", Checksum: true},
		maxAdj: 0.2, base: 0.45, minLen: 10, maxLen: 12, seps: sepDash | sepSpace, label: "Personnummer",
		check: func(c *cand) (float64, bool) {
			if !validSE(c.compact) {
				return 0, false
			}
			if (groupsAre(c, 6, 4) || groupsAre(c, 8, 4)) && c.seps == sepDash {
				return 0.2, true
			}
			return 0, true
		},
		synth: func(r *rand.Rand) string {
			y, m, d := randDate(r)
			b := []byte(d2(y%100) + d2(m) + d2(d) + string(randDigits(r, 3)))
			b = append(b, luhnDigit(b))
			return string(b[:6]) + "-" + string(b[6:])
		},
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "national_id_dk", Jurisdiction: JurisdictionEU, Country: "DK",
			Description: "Danish CPR number: DDMMYY-SSSS with a valid date (no mod-11 since 2007); bare digits need a label", Example: "010180-1234", Checksum: true},
		maxAdj: 0.15, base: 0.4, minLen: 10, maxLen: 10, seps: sepDash | sepSpace, label: "CPR-nr.",
		check: func(c *cand) (float64, bool) {
			if !validDK(c.compact) {
				return 0, false
			}
			if groupsAre(c, 6, 4) && c.seps == sepDash {
				return 0.15, true
			}
			return 0, true
		},
		synth: func(r *rand.Rand) string {
			y, m, d := randDate(r)
			return d2(d) + d2(m) + d2(y%100) + "-" + string(randDigits(r, 4))
		},
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "national_id_fi", Jurisdiction: JurisdictionEU, Country: "FI",
			Description: "Finnish personal identity code (HETU): DDMMYY, century sign, serial, mod-31 check character", Example: "131052-308T", Checksum: true},
		base: 0.85, minLen: 10, maxLen: 11, alnum: true, seps: sepDash, label: "Henkilötunnus",
		check: func(c *cand) (float64, bool) { return 0, validFI(c) },
		synth: func(r *rand.Rand) string {
			y, m, d := randDate(r)
			body := d2(d) + d2(m) + d2(y%100)
			z := 2 + r.IntN(897)
			sign := "-"
			if y >= 2000 {
				sign = "A"
			}
			return body + sign + d3(z) + string(checkdigit.HETUCheck(body+d3(z)))
		},
	})
}

func d3(n int) string {
	return string([]byte{byte('0' + n/100%10), byte('0' + n/10%10), byte('0' + n%10)})
}
