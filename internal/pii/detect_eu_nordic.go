package pii

import "math/rand/v2"

// Sweden, Denmark, Finland.

// validSE: personnummer YYMMDD-NNNC (or YYYYMMDDNNNC); the day may carry
// +60 (samordningsnummer); Luhn over the ten-digit form.
func validSE(b []byte) bool {
	if !allDigits(b) {
		return false
	}
	if len(b) == 12 {
		if c := num(b[:2]); c != 19 && c != 20 {
			return false
		}
		b = b[2:]
	}
	if len(b) != 10 {
		return false
	}
	d := num(b[4:6])
	if d > 60 {
		d -= 60
	}
	return validDate(2000+num(b[:2]), num(b[2:4]), d) && luhn(b)
}

// validDK: CPR DDMMYY-SSSS. The mod-11 rule was dropped in 2007, so only
// the date is checked.
func validDK(b []byte) bool {
	return len(b) == 10 && allDigits(b) && validDate(2000+num(b[4:6]), num(b[2:4]), num(b[:2]))
}

const hetuChars = "0123456789ABCDEFHJKLMNPRSTUVWXY"

// validFI: HETU DDMMYY C ZZZ Q, century sign - + A (B-F, U-Y since 2023),
// Q = hetuChars[DDMMYYZZZ mod 31].
func validFI(c *cand) bool {
	b := c.compact
	var digits []byte
	switch {
	case len(b) == 11 && indexByte("ABCDEFUVWXY", b[6]) >= 0:
		digits = append(append([]byte{}, b[:6]...), b[7:10]...)
	case len(b) == 10 && groupsAre(c, 6, 4) && c.seps == sepDash:
		digits = b[:9]
	default:
		return false
	}
	if !allDigits(digits) || !validDate(2000+num(b[4:6]), num(b[2:4]), num(b[:2])) {
		return false
	}
	n := num(digits)
	return hetuChars[n%31] == b[len(b)-1]
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
			n := num([]byte(body + d3(z)))
			sign := "-"
			if y >= 2000 {
				sign = "A"
			}
			return body + sign + d3(z) + string(hetuChars[n%31])
		},
	})
}

func d3(n int) string {
	return string([]byte{byte('0' + n/100%10), byte('0' + n/10%10), byte('0' + n%10)})
}
