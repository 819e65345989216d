package checkdigit

// Canada and Brazil.

// SIN checks a 9-digit Canadian Social Insurance Number: Luhn, and a first
// digit other than 8, which marks business numbers. (0 is not issued, but
// the government's own specimen 046 454 286 starts with it, so forms and
// tests carry it.)
func SIN(s string) error {
	if len(s) != 9 || !allDigits(s) {
		return ErrFormat
	}
	if s[0] == '8' {
		return ErrRange
	}
	return check(Luhn(s))
}

// mod11BR returns the Brazilian mod-11 digit of s under weights w: sum mod
// 11 below 2 gives 0, otherwise 11 minus it.
func mod11BR(s string, w ...int) byte {
	r := weighted(s, w...) % 11
	if r < 2 {
		return '0'
	}
	return byte('0' + 11 - r)
}

// CPF checks an 11-digit Brazilian individual taxpayer number: two mod-11
// check digits, and not one digit repeated (those pass the arithmetic but
// are never issued).
func CPF(s string) error {
	if len(s) != 11 || !allDigits(s) {
		return ErrFormat
	}
	if s == repeat(s[0], 11) {
		return ErrRange
	}
	return check(mod11BR(s, 10, 9, 8, 7, 6, 5, 4, 3, 2) == s[9] && mod11BR(s, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2) == s[10])
}

// CNPJ checks a 14-digit Brazilian company number: two mod-11 check digits.
func CNPJ(s string) error {
	if len(s) != 14 || !allDigits(s) {
		return ErrFormat
	}
	if s == repeat(s[0], 14) {
		return ErrRange
	}
	return check(mod11BR(s, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2) == s[12] &&
		mod11BR(s, 6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2) == s[13])
}

func repeat(c byte, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = c
	}
	return string(b)
}
