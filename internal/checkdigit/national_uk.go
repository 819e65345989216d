package checkdigit

// United Kingdom: National Insurance number, Unique Taxpayer Reference
// and NHS number.

// NINO checks a National Insurance number: two prefix letters, six
// digits and a suffix A-D (ErrFormat); the prefix uses neither D F I Q U V
// nor O in second place, and BG GB KN NK NT TN ZZ are never issued
// (ErrRange).
func NINO(s string) error {
	if len(s) != 9 || !allLetters(s[:2]) || !allDigits(s[2:8]) || s[8] < 'A' || s[8] > 'D' {
		return ErrFormat
	}
	if indexByte("DFIQUV", s[0]) >= 0 || indexByte("DFIOQUV", s[1]) >= 0 {
		return ErrRange
	}
	switch s[:2] {
	case "BG", "GB", "KN", "NK", "NT", "TN", "ZZ":
		return ErrRange
	}
	return nil
}

// UTR checks a Unique Taxpayer Reference: 10 digits (ErrFormat) whose
// first is UTRCheckDigit of the other nine (ErrChecksum).
func UTR(s string) error {
	if len(s) != 10 || !allDigits(s) {
		return ErrFormat
	}
	return check(UTRCheckDigit(s[1:]) == s[0])
}

// UTRCheckDigit returns the leading check digit of a UTR's last nine
// digits: weights 6 7 8 9 10 5 4 3 2, the remainder mod 11 mapped through
// a fixed table.
func UTRCheckDigit(s string) byte {
	return "21987654321"[weighted(s, 6, 7, 8, 9, 10, 5, 4, 3, 2)%11]
}

// NHS checks an NHS number: 10 digits (ErrFormat) whose last is
// NHSCheckDigit of the first nine (ErrChecksum).
func NHS(s string) error {
	if len(s) != 10 || !allDigits(s) {
		return ErrFormat
	}
	c, ok := NHSCheckDigit(s[:9])
	return check(ok && c == s[9])
}

// NHSCheckDigit returns 11 minus the 10..2-weighted sum mod 11 (11 read
// as 0), and false when that is 10, which is never issued.
func NHSCheckDigit(s string) (byte, bool) {
	c := 11 - weighted(s, 10, 9, 8, 7, 6, 5, 4, 3, 2)%11
	switch c {
	case 11:
		return '0', true
	case 10:
		return 0, false
	}
	return byte('0' + c), true
}
