package pii

import "math/rand/v2"

// Italy.

var cfOdd = [36]int{1, 0, 5, 7, 9, 13, 15, 17, 19, 21, // 0-9
	1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23} // A-Z

// cfDigitPos are the positions that hold digits, which omocodia may
// replace with letters from "LMNPQRSTUV".
var cfDigitPos = [7]int{6, 7, 9, 10, 12, 13, 14}

const cfOmocodia = "LMNPQRSTUV"

func cfCheck(b []byte) byte {
	s := 0
	for i, c := range b[:15] {
		v := alnumValue(c)
		if i%2 == 0 {
			s += cfOdd[v]
		} else if v >= 10 {
			s += v - 10
		} else {
			s += v
		}
	}
	return byte('A' + s%26)
}

// validCodiceFiscale checks shape (surname, name, year, month letter,
// day, municipality, check) and the check character.
func validCodiceFiscale(b []byte) bool {
	if len(b) != 16 {
		return false
	}
	for i, c := range b {
		digitPos := false
		for _, p := range cfDigitPos {
			if p == i {
				digitPos = true
			}
		}
		switch {
		case digitPos:
			if !isDigit(c) && indexByte(cfOmocodia, c) < 0 {
				return false
			}
		case !isLetter(c):
			return false
		}
	}
	if indexByte("ABCDEHLMPRST", b[8]) < 0 {
		return false
	}
	return cfCheck(b) == b[15]
}

func init() {
	register(&detector{
		TypeInfo: TypeInfo{Name: "tax_id_it", Jurisdiction: JurisdictionEU, Country: "IT",
			Description: "Italian fiscal code (codice fiscale): 16 characters, omocodia allowed, check character", Example: "RSSMRA85T10A562S", Checksum: true},
		base: 0.9, minLen: 16, maxLen: 16, alnum: true, seps: sepSpace, label: "Codice Fiscale",
		check: func(c *cand) (float64, bool) { return 0, validCodiceFiscale(c.compact) },
		synth: func(r *rand.Rand) string {
			y, m, d := randDate(r)
			b := []byte(string(randLetters(r, 6, "BCDFGLMNPRSTVZ")) + d2(y%100) + string("ABCDEHLMPRST"[m-1]) +
				d2(d+40*r.IntN(2)) + string(randLetters(r, 1, "ABCDEFGHILM")) + string(randDigits(r, 3)))
			return string(append(b, cfCheck(b)))
		},
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "national_id_it", Jurisdiction: JurisdictionEU, Country: "IT",
			Description: "Italian electronic identity card (CIE) number: 2 letters, 5 digits, 2 letters, after an identity label", Example: "CA00000AA"},
		base: 0.35, minLen: 9, maxLen: 9, alnum: true, label: "Carta d'identità",
		check: func(c *cand) (float64, bool) {
			b := c.compact
			return 0, len(c.groups) == 1 && isLetter(b[0]) && isLetter(b[1]) && allDigits(b[2:7]) && isLetter(b[7]) && isLetter(b[8])
		},
		synth: func(r *rand.Rand) string {
			return "C" + string(randLetters(r, 1, "ABCDEFGH")) + string(randDigits(r, 5)) + string(randLetters(r, 2, upperAZ))
		},
	})
}
