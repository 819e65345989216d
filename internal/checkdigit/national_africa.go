package checkdigit

// South Africa and Nigeria.

// IDZA checks a 13-digit South African identity number YYMMDD SSSS C A Z:
// a birth date, citizenship C 0-2, and a Luhn check digit Z.
func IDZA(s string) error {
	if len(s) != 13 || !allDigits(s) {
		return ErrFormat
	}
	// The century is not written; a date valid in either century will do.
	y, m, d := num(s[:2]), num(s[2:4]), num(s[4:6])
	if !ValidDate(1900+y, m, d) && !ValidDate(2000+y, m, d) {
		return ErrRange
	}
	if s[10] > '2' {
		return ErrRange
	}
	return check(Luhn(s))
}

// NINNG checks an 11-digit Nigerian National Identification Number with
// its Verhoeff check digit.
func NINNG(s string) error {
	if len(s) != 11 || !allDigits(s) {
		return ErrFormat
	}
	return check(Verhoeff(s))
}
