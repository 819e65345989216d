package checkdigit

// ISO 7064 checks shared by IBANs, several VAT numbers and national ids.

// Mod97 returns the ISO 7064 MOD 97-10 remainder of s, a string of digits
// and upper-case letters in which A..Z stand for 10..35. It returns -1 if
// s holds any other character.
func Mod97(s string) int { return mod97(0, s) }

// mod97 continues a MOD 97-10 remainder r over s, so that callers can
// feed a value in pieces (an IBAN's rotated halves) without building it.
func mod97(r int, s string) int {
	if r < 0 {
		return r // an earlier piece held a stray character
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case isDigit(c):
			r = (r*10 + dv(c)) % 97
		case isLetter(c):
			r = (r*100 + int(c-'A') + 10) % 97
		default:
			return -1
		}
	}
	return r
}

// Mod11_10 reports whether the last digit of s is the ISO 7064 MOD 11,10
// check digit of the digits before it (German Steuer-ID and VAT number,
// Croatian OIB).
func Mod11_10(s string) bool {
	if len(s) < 2 || !allDigits(s) {
		return false
	}
	p := 10
	for i := 0; i < len(s)-1; i++ {
		sum := (dv(s[i]) + p) % 10
		if sum == 0 {
			sum = 10
		}
		p = (2 * sum) % 11
	}
	c := 11 - p
	if c == 10 {
		c = 0
	}
	return c == dv(s[len(s)-1])
}
