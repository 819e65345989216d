package checkdigit

// Germany and Austria.

// SteuerID checks a German tax identification number (IdNr): 11 digits,
// no leading zero (ErrFormat); in the first ten exactly one digit repeats,
// two or three times but never three in a row, and the last digit is the
// ISO 7064 MOD 11,10 check (ErrChecksum).
func SteuerID(s string) error {
	if len(s) != 11 || s[0] == '0' || !allDigits(s) {
		return ErrFormat
	}
	var count [10]int
	for i := 0; i < 10; i++ {
		count[dv(s[i])]++
	}
	repeated := 0
	for d, n := range count {
		switch {
		case n > 3:
			return ErrChecksum
		case n == 3:
			for i := 0; i+2 < 10; i++ {
				if dv(s[i]) == d && s[i] == s[i+1] && s[i+1] == s[i+2] {
					return ErrChecksum
				}
			}
			fallthrough
		case n == 2:
			repeated++
		}
	}
	return check(repeated == 1 && Mod11_10(s))
}

// idCardLetters are the letters of the German identity card alphabet.
const idCardLetters = "CFGHJKLMNPRTVWXYZ"

// IDCardDE checks a German identity card (Personalausweis) number: a
// letter and eight characters of the card alphabet, then a digit
// (ErrFormat) that is the ICAO 7-3-1 digit of the nine (ErrChecksum).
func IDCardDE(s string) error {
	if len(s) != 10 || !isDigit(s[9]) || indexByte(idCardLetters, s[0]) < 0 {
		return ErrFormat
	}
	for i := 1; i < 9; i++ {
		if !isDigit(s[i]) && indexByte(idCardLetters, s[i]) < 0 {
			return ErrFormat
		}
	}
	return check(MRZDigit(s[:9]) == s[9])
}

// RVNR checks a German pension insurance number: area (2), birth date
// DDMMYY, surname initial, serial (2), check digit (ErrFormat for shape
// or date; ErrChecksum).
func RVNR(s string) error {
	if len(s) != 12 || !allDigits(s[:8]) || !isLetter(s[8]) || !allDigits(s[9:]) ||
		!ValidDate(2000, num(s[4:6]), num(s[2:4])) {
		return ErrFormat
	}
	return check(RVNRCheckDigit(s[:11]) == s[11])
}

// RVNRCheckDigit returns the check digit of the first 11 characters of a
// pension insurance number: the initial becomes its two-digit alphabet
// position, the twelve digits are weighted 2 1 2 5 7 1 2 1 2 1 2 1, the
// digits of each product added, and the total taken mod 10.
func RVNRCheckDigit(s string) byte {
	pos := int(s[8]-'A') + 1
	var d [12]int
	for i := 0; i < 8; i++ {
		d[i] = dv(s[i])
	}
	d[8], d[9], d[10], d[11] = pos/10, pos%10, dv(s[9]), dv(s[10])
	w := [12]int{2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1}
	sum := 0
	for i, x := range w {
		p := d[i] * x
		sum += p/10 + p%10
	}
	return byte('0' + sum%10)
}

// SVNR checks an Austrian social insurance number: serial (3), check
// digit, birth date DDMMYY, with a valid date and no leading zero
// (ErrFormat), and the check digit SVNRCheckDigit computes (ErrChecksum).
func SVNR(s string) error {
	if len(s) != 10 || !allDigits(s) || s[0] == '0' || !ValidDate(2000, num(s[6:8]), num(s[4:6])) {
		return ErrFormat
	}
	return check(SVNRCheckDigit(s) == dv(s[3]))
}

// SVNRCheckDigit returns the check value of a 10-digit SV-Nummer (its
// fourth digit is ignored): weights 3 7 9 _ 5 8 4 2 1 6, mod 11. A
// result of 10 is never issued.
func SVNRCheckDigit(s string) int {
	return weighted(s, 3, 7, 9, 0, 5, 8, 4, 2, 1, 6) % 11
}
