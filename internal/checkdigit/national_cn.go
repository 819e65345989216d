package checkdigit

// RICCN checks an 18-character Chinese resident identity card number:
// six-digit area, birth date YYYYMMDD, three-digit sequence and an
// ISO 7064 MOD 11-2 check character (X for ten).
func RICCN(s string) error {
	if len(s) != 18 || !allDigits(s[:17]) || (!isDigit(s[17]) && s[17] != 'X') {
		return ErrFormat
	}
	if s[0] == '0' || !ValidDate(num(s[6:10]), num(s[10:12]), num(s[12:14])) || num(s[6:10]) < 1890 {
		return ErrRange
	}
	return check(RICCNCheck(s[:17]) == s[17])
}

// RICCNCheck returns the MOD 11-2 check character of 17 digits.
func RICCNCheck(s string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum = (sum + dv(s[i])) * 2 % 11
	}
	return "10X98765432"[sum%11]
}
