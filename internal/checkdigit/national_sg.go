package checkdigit

// Singapore: the NRIC/FIN on identity cards and work passes, and the
// Unique Entity Number of businesses.

// NRIC checks an S, T, F or G series NRIC/FIN: prefix, seven digits and a
// check letter from weights 2,7,6,5,4,3,2 (plus 4 for the 2000s series
// T and G) mod 11. The M series (2022) uses an unpublished table and is
// refused.
func NRIC(s string) error {
	if len(s) != 9 || !allDigits(s[1:8]) || !isLetter(s[8]) {
		return ErrFormat
	}
	var table string
	off := 0
	switch s[0] {
	case 'S':
		table = "JZIHGFEDCBA"
	case 'T':
		table, off = "JZIHGFEDCBA", 4
	case 'F':
		table = "XWUTRQPNMLK"
	case 'G':
		table, off = "XWUTRQPNMLK", 4
	default:
		return ErrRange
	}
	return check(table[(weighted(s[1:], 2, 7, 6, 5, 4, 3, 2)+off)%11] == s[8])
}

// uenEntityTypes are the two-letter entity codes of the "other" UEN form.
const uenEntityTypes = "CC CD CH CL CM CP CS CX DP FB FC FM FN GA GB GS HS LL LP MB MC MD MH MM MQ NB NR PA PB PF RF RP SM SS TC TU VH XL"

// UEN checks a Singapore Unique Entity Number in its three forms: a
// business (8 digits + letter), a local company (year + 5 digits +
// letter) and other entities (R/S/T + year + entity type + 4 digits +
// letter), each with its own weighted check letter.
func UEN(s string) error {
	switch {
	case len(s) == 9 && allDigits(s[:8]) && isLetter(s[8]):
		return check("XMKECAWLJDB"[weighted(s, 10, 4, 9, 3, 8, 2, 7, 1)%11] == s[8])
	case len(s) == 10 && allDigits(s[:9]) && isLetter(s[9]):
		if y := num(s[:4]); y < 1800 || y > 2100 {
			return ErrRange
		}
		return check("ZKCMDNERGWH"[weighted(s, 10, 8, 6, 4, 9, 7, 5, 3, 1)%11] == s[9])
	case len(s) == 10 && (s[0] == 'R' || s[0] == 'S' || s[0] == 'T') && allDigits(s[1:3]) && allDigits(s[5:9]):
		if !hasWord(uenEntityTypes, s[3:5]) {
			return ErrRange
		}
		const alphabet = "ABCDEFGHJKLMNPQRSTUVWX0123456789"
		w := [9]int{4, 3, 5, 3, 10, 2, 2, 5, 7}
		sum := 0
		for i := 0; i < 9; i++ {
			k := indexByte(alphabet, s[i])
			if k < 0 {
				return ErrFormat
			}
			sum += k * w[i]
		}
		return check(alphabet[((sum-5)%11+11)%11] == s[9])
	}
	return ErrFormat
}

// hasWord reports whether the space-separated list, whose words are all
// as long as w, holds w.
func hasWord(list, w string) bool {
	for i := 0; i+len(w) <= len(list); i += len(w) + 1 {
		if list[i:i+len(w)] == w {
			return true
		}
	}
	return false
}
