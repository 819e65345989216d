package checkdigit

// Spain: DNI/NIF of citizens, NIE of foreigners, CIF of organisations.

const dniLetters = "TRWAGMYFPDXBNJZSQVHLCKE"

// DNILetter returns the control letter of a DNI number given as digits:
// the number modulo 23 indexes TRWAGMYFPDXBNJZSQVHLCKE.
func DNILetter(digits string) byte { return dniLetters[mod(digits, 23)] }

// DNI checks a Spanish DNI/NIF: 8 digits and a letter (ErrFormat), the
// letter being DNILetter of the digits (ErrChecksum).
func DNI(s string) error {
	if len(s) != 9 || !allDigits(s[:8]) || !isLetter(s[8]) {
		return ErrFormat
	}
	return check(DNILetter(s[:8]) == s[8])
}

// NIE checks a Spanish foreigner id: X, Y or Z, 7 digits and a letter
// (ErrFormat); the lead letter counts as 0, 1 or 2 in front of the digits
// and the DNI letter follows (ErrChecksum).
func NIE(s string) error {
	lead := -1
	if len(s) == 9 {
		lead = indexByte("XYZ", s[0])
	}
	if lead < 0 || !allDigits(s[1:8]) || !isLetter(s[8]) {
		return ErrFormat
	}
	return check(dniLetters[(lead*10000000+num(s[1:8]))%23] == s[8])
}

// cifOrgs are the organisation letters a CIF may start with.
const cifOrgs = "ABCDEFGHJKLMNPQRSUVW"

// CIF checks a Spanish organisation tax id: an organisation letter, 7
// digits and a control character (ErrFormat), which must be one that
// CIFControls accepts (ErrChecksum).
func CIF(s string) error {
	if len(s) != 9 || indexByte(cifOrgs, s[0]) < 0 || !allDigits(s[1:8]) {
		return ErrFormat
	}
	return check(indexByte(CIFControls(s[0], s[1:8]), s[8]) >= 0)
}

// CIFControls returns the control characters a CIF with organisation
// letter org and the 7 digits may end with. The control value is ten
// minus the last digit of a sum in which digits in odd places are doubled
// (their digits added); public bodies, non-residents and the like (K P Q
// R S N W) write it as a letter of JABCDEFGHI, companies (A B E H) as a
// digit, and the rest may use either, so the result is "D", "L" or "DL".
func CIFControls(org byte, digits string) string {
	sum := 0
	for i := 0; i < len(digits); i++ {
		v := dv(digits[i])
		if i%2 == 0 {
			v *= 2
			v = v/10 + v%10
		}
		sum += v
	}
	e := (10 - sum%10) % 10
	digit, letter := byte('0'+e), "JABCDEFGHI"[e]
	switch {
	case indexByte("KPQRSNW", org) >= 0:
		return string(letter)
	case indexByte("ABEH", org) >= 0:
		return string(digit)
	}
	return string([]byte{digit, letter})
}
