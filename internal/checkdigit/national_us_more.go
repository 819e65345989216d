package checkdigit

// United States: health-care identifiers.

// NPI checks a 10-digit National Provider Identifier: first digit 1 or 2,
// Luhn over the number prefixed with 80840 (the card issuer prefix the
// standard borrows).
func NPI(s string) error {
	if len(s) != 10 || !allDigits(s) {
		return ErrFormat
	}
	if s[0] != '1' && s[0] != '2' {
		return ErrRange
	}
	return check(Luhn("80840" + s))
}

// deaRegistrants are the registrant-type letters a DEA number starts with.
const deaRegistrants = "ABCDEFGHJKLMPRSTUX"

// DEA checks a DEA registration number (the licence number prescribers
// print): registrant type letter, a surname initial (or 9), six digits and
// a check digit: (d1+d3+d5) + 2(d2+d4+d6), last digit.
func DEA(s string) error {
	if len(s) != 9 || !isLetter(s[0]) || (!isLetter(s[1]) && s[1] != '9') || !allDigits(s[2:]) {
		return ErrFormat
	}
	if indexByte(deaRegistrants, s[0]) < 0 {
		return ErrRange
	}
	d := s[2:]
	sum := dv(d[0]) + dv(d[2]) + dv(d[4]) + 2*(dv(d[1])+dv(d[3])+dv(d[5]))
	return check(byte('0'+sum%10) == d[6])
}

// mbiLetters are the letters a Medicare Beneficiary Identifier may use
// (S, L, O, I, B and Z are left out to avoid confusion with digits).
const mbiLetters = "ACDEFGHJKMNPQRTUVWXY"

// MBI checks the structure of an 11-character Medicare Beneficiary
// Identifier: C A N N A N N A A N N where C is 1-9, A a letter of the MBI
// alphabet and the third and sixth places may be a letter or a digit. It
// has no check digit.
func MBI(s string) error {
	if len(s) != 11 {
		return ErrFormat
	}
	letter := func(c byte) bool { return indexByte(mbiLetters, c) >= 0 }
	alnum := func(c byte) bool { return isDigit(c) || letter(c) }
	ok := s[0] >= '1' && s[0] <= '9' && letter(s[1]) && alnum(s[2]) && isDigit(s[3]) &&
		letter(s[4]) && alnum(s[5]) && isDigit(s[6]) && letter(s[7]) && letter(s[8]) &&
		isDigit(s[9]) && isDigit(s[10])
	if !ok {
		return ErrFormat
	}
	return nil
}
