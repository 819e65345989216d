package checkdigit

// India: Aadhaar, the PAN, GSTIN and the voter id (EPIC).

// Aadhaar checks a 12-digit Aadhaar number: first digit 2-9, not a
// palindrome (UIDAI never issues those), Verhoeff check digit.
func Aadhaar(s string) error {
	if len(s) != 12 || !allDigits(s) {
		return ErrFormat
	}
	if s[0] < '2' {
		return ErrRange
	}
	palindrome := true
	for i := 0; i < 6; i++ {
		if s[i] != s[11-i] {
			palindrome = false
		}
	}
	if palindrome {
		return ErrRange
	}
	return check(Verhoeff(s))
}

// panHolders are the holder-type letters in a PAN's fourth place
// (person, company, firm, trust, HUF, government...).
const panHolders = "ABCFGHJLPTK"

// PAN checks the shape of an Indian Permanent Account Number: five
// letters (the fourth a holder type), four digits not all zero, and a
// letter. The last letter is a check character whose rule is not public.
func PAN(s string) error {
	if len(s) != 10 || !allLetters(s[:5]) || !allDigits(s[5:9]) || !isLetter(s[9]) {
		return ErrFormat
	}
	if indexByte(panHolders, s[3]) < 0 || s[5:9] == "0000" {
		return ErrRange
	}
	return nil
}

const base36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

// GSTIN checks a 15-character Indian GST identification number: state
// code 01-38 (or 97/99 for other territories and non-residents), a PAN,
// an entity number 1-Z, the letter Z, and a Luhn mod 36 check character.
func GSTIN(s string) error {
	if len(s) != 15 || !allDigits(s[:2]) || !allAlnum(s) {
		return ErrFormat
	}
	if st := num(s[:2]); (st < 1 || st > 38) && st != 97 && st != 99 {
		return ErrRange
	}
	if err := PAN(s[2:12]); err != nil {
		return err
	}
	if s[12] == '0' || s[13] != 'Z' {
		return ErrRange
	}
	return check(GSTINCheck(s[:14]) == s[14])
}

// GSTINCheck returns the Luhn mod 36 check character of the first 14
// characters of a GSTIN.
func GSTINCheck(s string) byte {
	sum := 0
	for i := 0; i < len(s); i++ {
		v := indexByte(base36, s[i])
		if i%2 == 1 {
			v *= 2
		}
		sum += v/36 + v%36
	}
	return base36[(36-sum%36)%36]
}

// EPIC checks an Indian voter id (Electoral Photo Identity Card): three
// letters and seven digits whose last is a Luhn check digit.
func EPIC(s string) error {
	if len(s) != 10 || !allLetters(s[:3]) || !allDigits(s[3:]) {
		return ErrFormat
	}
	return check(Luhn(s[3:]))
}
