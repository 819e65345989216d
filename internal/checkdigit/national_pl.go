package checkdigit

// Poland: the personal number (PESEL) and the tax number (NIP, also the
// body of a PL VAT number).

// PESEL checks a Polish personal number YYMMDDZZZXC: 11 digits and a date
// whose month carries the century (+80 for the 1800s, +0, +20, +40, +60
// from the 1900s on; ErrFormat), and PESELCheckDigit (ErrChecksum).
func PESEL(s string) error {
	if len(s) != 11 || !allDigits(s) {
		return ErrFormat
	}
	m := num(s[2:4])
	century := [5]int{1900, 2000, 2100, 2200, 1800}[m/20]
	if !ValidDate(century+num(s[:2]), m%20, num(s[4:6])) {
		return ErrFormat
	}
	return check(PESELCheckDigit(s[:10]) == s[10])
}

// PESELCheckDigit returns the check digit of the first ten digits:
// weights 1 3 7 9 1 3 7 9 1 3, ten minus the sum's last digit.
func PESELCheckDigit(s string) byte {
	return byte('0' + (10-weighted(s, 1, 3, 7, 9, 1, 3, 7, 9, 1, 3)%10)%10)
}

// NIP checks a Polish tax number: 10 digits (ErrFormat) whose last is
// NIPCheckDigit of the first nine (ErrChecksum).
func NIP(s string) error {
	if len(s) != 10 || !allDigits(s) {
		return ErrFormat
	}
	c, ok := NIPCheckDigit(s[:9])
	return check(ok && c == s[9])
}

// NIPCheckDigit returns the 6 5 7 2 3 4 5 6 7-weighted sum mod 11, and
// false when that is 10, which is never issued.
func NIPCheckDigit(s string) (byte, bool) {
	c := weighted(s, 6, 5, 7, 2, 3, 4, 5, 6, 7) % 11
	return byte('0' + c), c < 10
}
