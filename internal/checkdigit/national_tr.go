package checkdigit

// Türkiye: the national id (T.C. Kimlik No) and the tax id (Vergi Kimlik
// No), which also forms the body of a MERSIS number and a Turkish VAT id.

// TCKN checks a T.C. Kimlik No: 11 digits, no leading zero (ErrFormat),
// and the two check digits TCKNCheckDigits computes (ErrChecksum).
func TCKN(s string) error {
	if len(s) != 11 || s[0] == '0' || !allDigits(s) {
		return ErrFormat
	}
	d10, d11 := tcknDigits(s)
	return check(s[9] == d10 && s[10] == d11)
}

// TCKNCheckDigits returns the 10th and 11th digits of the TCKN that starts
// with the nine digits of s: seven times the odd places minus the even
// places, then the sum of the first ten, each mod 10.
func TCKNCheckDigits(s string) string {
	d10, d11 := tcknDigits(s)
	return string([]byte{d10, d11})
}

// tcknDigits computes the two check digits without building a string,
// since scanners call TCKN on every 11-digit run.
func tcknDigits(s string) (byte, byte) {
	odd := dv(s[0]) + dv(s[2]) + dv(s[4]) + dv(s[6]) + dv(s[8])
	even := dv(s[1]) + dv(s[3]) + dv(s[5]) + dv(s[7])
	// Go's % keeps the sign, so lift the difference before reducing.
	d10 := ((odd*7-even)%10 + 10) % 10
	d11 := (odd + even + d10) % 10
	return byte('0' + d10), byte('0' + d11)
}

// VKN checks a Vergi Kimlik No: 10 digits (ErrFormat) whose last is
// VKNCheckDigit of the first nine (ErrChecksum).
func VKN(s string) error {
	if len(s) != 10 || !allDigits(s) {
		return ErrFormat
	}
	return check(VKNCheckDigit(s[:9]) == s[9])
}

// VKNCheckDigit returns the Revenue Administration's check digit of nine
// digits: each digit shifted by its place, weighted by a power of two
// modulo 9 (a non-zero result of 0 counts as 9), summed, and taken away
// from the next multiple of ten.
func VKNCheckDigit(s string) byte {
	sum := 0
	for i := 0; i < 9; i++ {
		t := (dv(s[i]) + 9 - i) % 10
		v := (t << (9 - i)) % 9
		if t != 0 && v == 0 {
			v = 9
		}
		sum += v
	}
	return byte('0' + (10-sum%10)%10)
}
