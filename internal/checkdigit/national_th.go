package checkdigit

// TNIN checks a 13-digit Thai personal identification number: first digit
// 1-8, weights 13..2 over the first twelve, check = (11 - sum mod 11) mod 10.
func TNIN(s string) error {
	if len(s) != 13 || !allDigits(s) {
		return ErrFormat
	}
	if s[0] == '0' || s[0] == '9' {
		return ErrRange
	}
	sum := weighted(s, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2)
	return check(byte('0'+(11-sum%11)%10) == s[12])
}
