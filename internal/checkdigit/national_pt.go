package checkdigit

// NIFPT checks a Portuguese tax number (NIF, also the body of a PT VAT
// number): 9 digits (ErrFormat), a first digit or pair the tax authority
// issues (1-3 people, 45 non-resident people, 5-9 bodies; ErrRange), and
// NIFPTCheckDigit of the first eight (ErrChecksum).
func NIFPT(s string) error {
	if len(s) != 9 || !allDigits(s) {
		return ErrFormat
	}
	if s[0] == '0' || (s[0] == '4' && s[1] != '5') {
		return ErrRange
	}
	return check(NIFPTCheckDigit(s[:8]) == s[8])
}

// NIFPTCheckDigit returns 11 minus the 9..2-weighted sum mod 11, with 10
// and 11 written as 0.
func NIFPTCheckDigit(s string) byte {
	c := 11 - weighted(s, 9, 8, 7, 6, 5, 4, 3, 2)%11
	if c >= 10 {
		c = 0
	}
	return byte('0' + c)
}
