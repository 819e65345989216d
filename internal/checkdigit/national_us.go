package checkdigit

// United States: SSN, ITIN, EIN and ABA routing numbers. Only the routing
// number carries a checksum; the others are checked against the ranges
// the issuers publish.

// SSN checks the nine digits of a Social Security number (ErrFormat):
// area not 000, 666 or 9xx (ErrSSNArea), group not 00 (ErrSSNGroup),
// serial not 0000 (ErrSSNSerial). Numbers voided after appearing in
// advertising pass; SSNVoided finds them.
func SSN(s string) error {
	if len(s) != 9 || !allDigits(s) {
		return ErrFormat
	}
	switch a := num(s[:3]); {
	case a == 0 || a == 666 || a >= 900:
		return ErrSSNArea
	case s[3:5] == "00":
		return ErrSSNGroup
	case s[5:] == "0000":
		return ErrSSNSerial
	}
	return nil
}

// SSNVoided reports whether the nine digits are one of the numbers the
// SSA voided after they were printed in advertising (the Woolworth wallet
// card among them): structurally valid, but never a real person's.
func SSNVoided(s string) bool {
	switch s {
	case "078051120", "219099999", "457555462":
		return true
	}
	return false
}

// ITIN checks an Individual Taxpayer Identification Number: 9 digits
// starting with 9 (ErrFormat), group 70-88, 90-92 or 94-99 (ErrRange).
func ITIN(s string) error {
	if len(s) != 9 || s[0] != '9' || !allDigits(s) {
		return ErrFormat
	}
	if g := num(s[3:5]); (g >= 70 && g <= 88) || (g >= 90 && g <= 92) || g >= 94 {
		return nil
	}
	return ErrRange
}

// einPrefixes marks the campus prefixes the IRS assigns; 00, 07-09,
// 17-19, 28, 29, 49, 69, 70, 78, 79, 89, 96 and 97 are never issued.
var einPrefixes = func() (p [100]bool) {
	for _, r := range [][2]int{{1, 6}, {10, 16}, {20, 27}, {30, 48}, {50, 68}, {71, 77}, {80, 88}, {90, 95}, {98, 99}} {
		for i := r[0]; i <= r[1]; i++ {
			p[i] = true
		}
	}
	return p
}()

// EIN checks the nine digits of an Employer Identification Number
// (ErrFormat) and its two-digit prefix (ErrRange).
func EIN(s string) error {
	if len(s) != 9 || !allDigits(s) {
		return ErrFormat
	}
	if !einPrefixes[num(s[:2])] {
		return ErrRange
	}
	return nil
}

// ABA checks a US bank routing transit number: 9 digits (ErrFormat), a
// Federal Reserve routing symbol as prefix (ErrRange: 00 government,
// 01-12 and 21-32 banks and thrifts, 61-72 electronic, 80 traveller's
// cheques) and the 3-7-1 weighted sum a multiple of 10 (ErrChecksum).
func ABA(s string) error {
	if len(s) != 9 || !allDigits(s) {
		return ErrFormat
	}
	if p := num(s[:2]); !(p <= 12 || (p >= 21 && p <= 32) || (p >= 61 && p <= 72) || p == 80) {
		return ErrRange
	}
	return check(weighted(s, 3, 7, 1, 3, 7, 1, 3, 7, 1)%10 == 0)
}
