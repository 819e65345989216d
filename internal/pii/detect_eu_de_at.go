package pii

import "math/rand/v2"

// Germany and Austria.

const deIDLetters = "CFGHJKLMNPRTVWXYZ"

func validDEPersonalausweis(b []byte) bool {
	if len(b) != 10 || !isDigit(b[9]) {
		return false
	}
	for i, c := range b[:9] {
		inSet := isDigit(c) || (isLetter(c) && indexByte(deIDLetters, c) >= 0)
		if !inSet || (i == 0 && !isLetter(c)) {
			return false
		}
	}
	return mrzCheck(b[:9]) == b[9]
}

func indexByte(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}

// validSteuerID: 11 digits, no leading zero, in the first ten digits one
// digit appears two or three times (not three in a row) and the rest at
// most once; last digit ISO 7064 MOD 11,10.
func validSteuerID(b []byte) bool {
	if len(b) != 11 || b[0] == '0' || !allDigits(b) {
		return false
	}
	var cnt [10]int
	for _, c := range b[:10] {
		cnt[dv(c)]++
	}
	multi := 0
	for d, n := range cnt {
		switch {
		case n == 2 || n == 3:
			multi++
			if n == 3 {
				for i := 0; i+2 < 10; i++ {
					if dv(b[i]) == d && b[i] == b[i+1] && b[i+1] == b[i+2] {
						return false
					}
				}
			}
		case n > 3:
			return false
		}
	}
	return multi == 1 && iso7064Mod11_10(b)
}

func synthSteuerID(r *rand.Rand) string {
	for {
		perm := r.Perm(10)
		b := make([]byte, 0, 11)
		for _, p := range perm[:9] {
			b = append(b, byte('0'+p))
		}
		b = append(b, b[r.IntN(9)])
		if b[0] == '0' {
			continue
		}
		for d := byte('0'); d <= '9'; d++ {
			if validSteuerID(append(b[:10:10], d)) {
				return string(append(b, d))
			}
		}
	}
}

// validRVNR: German pension insurance number: area(2) birth date DDMMYY
// surname initial, serial(2), check digit. The letter counts as its
// two-digit alphabet position.
func validRVNR(b []byte) bool {
	if len(b) != 12 || !allDigits(b[:8]) || !isLetter(b[8]) || !allDigits(b[9:]) {
		return false
	}
	if !validDate(2000, num(b[4:6]), num(b[2:4])) {
		return false
	}
	return rvnrCheck(b) == b[11]
}

func rvnrCheck(b []byte) byte {
	pos := int(b[8]-'A') + 1
	digits := append(append(append([]byte{}, b[:8]...), byte('0'+pos/10), byte('0'+pos%10)), b[9:11]...)
	w := []int{2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1}
	s := 0
	for i, x := range w {
		p := dv(digits[i]) * x
		s += p/10 + p%10
	}
	return byte('0' + s%10)
}

// validATSV: Austrian social insurance number: serial(3) check(1)
// birth date DDMMYY; weights 3 7 9 _ 5 8 4 2 1 6, mod 11.
func validATSV(b []byte) bool {
	if len(b) != 10 || !allDigits(b) || b[0] == '0' {
		return false
	}
	if !validDate(2000, num(b[6:8]), num(b[4:6])) {
		return false
	}
	return atsvCheck(b) == dv(b[3])
}

func atsvCheck(b []byte) int {
	w := [10]int{3, 7, 9, 0, 5, 8, 4, 2, 1, 6}
	s := 0
	for i, x := range w {
		s += dv(b[i]) * x
	}
	return s % 11
}

func init() {
	register(&detector{
		TypeInfo: TypeInfo{Name: "national_id_de", Jurisdiction: JurisdictionEU, Country: "DE",
			Description: "German identity card (Personalausweis) number: 9 characters from the ID alphabet + 7-3-1 check digit", Example: "T220001293", Checksum: true},
		base: 0.55, minLen: 10, maxLen: 10, alnum: true, label: "Personalausweis",
		check: func(c *cand) (float64, bool) { return 0, c.letters > 0 && validDEPersonalausweis(c.compact) },
		synth: func(r *rand.Rand) string {
			b := append([]byte{deIDLetters[r.IntN(len(deIDLetters))]}, randDigits(r, 8)...)
			return string(append(b, mrzCheck(b)))
		},
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "tax_id_de", Jurisdiction: JurisdictionEU, Country: "DE",
			Description: "German tax identification number (Steuer-ID, IdNr): 11 digits, digit-repetition rule, ISO 7064 MOD 11,10", Example: "86095742719", Checksum: true},
		base: 0.6, minLen: 11, maxLen: 11, seps: sepSpace | sepDot | sepDash | sepSlash, label: "Steuer-ID",
		check: func(c *cand) (float64, bool) { return 0, validSteuerID(c.compact) },
		synth: synthSteuerID,
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "social_id_de", Jurisdiction: JurisdictionEU, Country: "DE",
			Description: "German pension insurance number (Rentenversicherungsnummer): area, birth date, initial, serial, check digit", Example: "73220890G041", Checksum: true},
		base: 0.8, minLen: 12, maxLen: 12, alnum: true, seps: sepSpace | sepDash, label: "Rentenversicherungsnummer",
		check: func(c *cand) (float64, bool) { return 0, validRVNR(c.compact) },
		synth: func(r *rand.Rand) string {
			y, m, d := randDate(r)
			b := []byte(d2(10+r.IntN(80)) + d2(d) + d2(m) + d2(y%100) + string(randLetters(r, 1, upperAZ)) + string(randDigits(r, 2)))
			return string(append(b, rvnrCheck(append(b, '0'))))
		},
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "social_id_at", Jurisdiction: JurisdictionEU, Country: "AT",
			Description: "Austrian social insurance number (SV-Nummer): serial, mod-11 check digit, birth date DDMMYY", Example: "1237 010180", Checksum: true},
		maxAdj: 0.15, base: 0.45, minLen: 10, maxLen: 10, seps: sepSpace | sepDash | sepDot | sepSlash, label: "SV-Nummer",
		check: func(c *cand) (float64, bool) {
			if !validATSV(c.compact) {
				return 0, false
			}
			if groupsAre(c, 4, 6) {
				return 0.15, true
			}
			return 0, true
		},
		synth: func(r *rand.Rand) string {
			for {
				y, m, d := randDate(r)
				b := []byte(string(randNonZero(r)) + string(randDigits(r, 2)) + "0" + d2(d) + d2(m) + d2(y%100))
				ck := atsvCheck(b)
				if ck < 10 {
					b[3] = byte('0' + ck)
					return string(b[:4]) + " " + string(b[4:])
				}
			}
		},
	})
}
