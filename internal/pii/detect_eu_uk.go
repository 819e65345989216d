package pii

import "math/rand/v2"

// United Kingdom (listed with the GDPR family in the reference).

// validNINO: two prefix letters (not D F I Q U V; second not O either;
// BG GB KN NK NT TN ZZ never issued), six digits, suffix A-D.
func validNINO(b []byte) bool {
	if len(b) != 9 || !isLetter(b[0]) || !isLetter(b[1]) || !allDigits(b[2:8]) || b[8] < 'A' || b[8] > 'D' {
		return false
	}
	if indexByte("DFIQUV", b[0]) >= 0 || indexByte("DFIOQUV", b[1]) >= 0 {
		return false
	}
	switch string(b[:2]) {
	case "BG", "GB", "KN", "NK", "NT", "TN", "ZZ":
		return false
	}
	return true
}

// utrCheck: the first digit of a UTR checks the other nine.
func utrCheck(b []byte) byte {
	return "21987654321"[wsum(b, 6, 7, 8, 9, 10, 5, 4, 3, 2)%11]
}

func validUTR(b []byte) bool {
	return len(b) == 10 && allDigits(b) && utrCheck(b[1:]) == b[0]
}

// nhsCheck returns the NHS number check digit of nine digits, or -1.
func nhsCheck(b []byte) int {
	ck := 11 - wsum(b, 10, 9, 8, 7, 6, 5, 4, 3, 2)%11
	switch ck {
	case 11:
		return 0
	case 10:
		return -1
	}
	return ck
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
			return string(utrCheck(b)) + string(b)
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
