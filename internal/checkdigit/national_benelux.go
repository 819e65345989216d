package checkdigit

// Netherlands and Belgium.

// BSN checks a Dutch citizen service number (also the RSIN of legal
// entities): 9 digits, not all zero (ErrFormat), passing the 11-test:
// weights 9..2 and -1 sum to a multiple of 11 (ErrChecksum).
func BSN(s string) error {
	if len(s) != 9 || !allDigits(s) || s == "000000000" {
		return ErrFormat
	}
	return check((weighted(s, 9, 8, 7, 6, 5, 4, 3, 2)-dv(s[8]))%11 == 0)
}

// BSNCheckDigit returns the ninth digit that completes eight under the
// 11-test, and false when the remainder is 10 and no digit does.
func BSNCheckDigit(s string) (byte, bool) {
	c := weighted(s, 9, 8, 7, 6, 5, 4, 3, 2) % 11
	return byte('0' + c), c < 10
}

// RRN checks a Belgian national register number YYMMDDSSSCC: 11 digits
// with a plausible month (up to 12, plus 20 or 40 for bis numbers) and
// day (ErrFormat); CC is 97 minus the first nine mod 97, counting from
// 2 000 000 000 for people born from 2000 (ErrChecksum).
func RRN(s string) error {
	if len(s) != 11 || !allDigits(s) || num(s[2:4])%20 > 12 || num(s[4:6]) > 31 {
		return ErrFormat
	}
	ck := num(s[9:])
	return check(RRNCheckDigits(s[:9], false) == ck || RRNCheckDigits(s[:9], true) == ck)
}

// RRNCheckDigits returns the two check digits of the first nine digits of
// a Belgian national number; born2000 selects the rule for people born
// from 2000, who count with a leading 2.
func RRNCheckDigits(s string, born2000 bool) int {
	r := 0
	if born2000 {
		r = 2
	}
	return 97 - mod97(r, s)
}
