package checkdigit

// France: company numbers (SIREN, SIRET), the social security number
// (NIR) and the personal tax number (SPI).

// SIREN checks a 9-digit company number (ErrFormat) under Luhn
// (ErrChecksum).
func SIREN(s string) error {
	if len(s) != 9 || !allDigits(s) {
		return ErrFormat
	}
	return check(Luhn(s))
}

// laPoste is the SIREN whose establishments break the SIRET rule.
const laPoste = "356000000"

// SIRET checks a 14-digit establishment number (SIREN + 5 digits,
// ErrFormat) under Luhn over all fourteen (ErrChecksum); La Poste's
// establishments instead have a digit sum divisible by 5.
func SIRET(s string) error {
	if len(s) != 14 || !allDigits(s) {
		return ErrFormat
	}
	if s[:9] == laPoste {
		sum := 0
		for i := 0; i < len(s); i++ {
			sum += dv(s[i])
		}
		return check(sum%5 == 0)
	}
	return check(Luhn(s))
}

// NIR checks a French social security number: 15 characters, sex 1, 2,
// 3, 7 or 8 and a month 01-12, 20, 30-42 or 50-99 (ErrFormat), and the
// two-digit key NIRKey computes from the first 13 (ErrChecksum).
func NIR(s string) error {
	if len(s) != 15 || !allDigits(s[13:]) || indexByte("12378", s[0]) < 0 || !allDigits(s[3:5]) {
		return ErrFormat
	}
	if m := num(s[3:5]); !(m >= 1 && m <= 12 || m == 20 || m >= 30 && m <= 42 || m >= 50) {
		return ErrFormat
	}
	k, ok := NIRKey(s[:13])
	if !ok {
		return ErrFormat
	}
	return check(k == num(s[13:]))
}

// NIRKey returns the key of the 13 leading characters of a NIR, 97 minus
// their value mod 97, with the Corsican departments 2A and 2B counting as
// 19 and 18; ok is false unless the rest are digits.
func NIRKey(s string) (key int, ok bool) {
	if len(s) != 13 {
		return 0, false
	}
	dept := s[5:7]
	switch dept {
	case "2A":
		dept = "19"
	case "2B":
		dept = "18"
	}
	if !allDigits(s[:5]) || !allDigits(dept) || !allDigits(s[7:]) {
		return 0, false
	}
	return 97 - mod97(mod97(mod97(0, s[:5]), dept), s[7:]), true
}

// SPI checks a French personal tax number (numéro fiscal): 13 digits, the
// first 0-3 (ErrFormat), the last three being the first ten mod 511
// (ErrChecksum).
func SPI(s string) error {
	if len(s) != 13 || !allDigits(s) || s[0] > '3' {
		return ErrFormat
	}
	return check(SPIKey(s[:10]) == num(s[10:]))
}

// SPIKey returns the three-digit key of the first ten digits of an SPI.
func SPIKey(s string) int { return mod(s, 511) }
