package checkdigit

// Luhn reports whether s, a non-empty run of digits, passes the Luhn
// (mod 10) check: payment cards, SIREN/SIRET, Swedish personnummer,
// Italian VAT numbers.
func Luhn(s string) bool {
	return allDigits(s) && luhnSum(s, false)%10 == 0
}

// LuhnDigit returns the digit that, appended to s, makes it pass Luhn.
func LuhnDigit(s string) byte {
	// The appended digit sits in an undoubled place, so s's own last
	// digit is the first doubled one.
	return byte('0' + (10-luhnSum(s, true)%10)%10)
}

// luhnSum adds the digits from the right, doubling every second one;
// doubleFirst says whether the rightmost digit is doubled.
func luhnSum(s string, doubleFirst bool) int {
	sum, dbl := 0, doubleFirst
	for i := len(s) - 1; i >= 0; i-- {
		d := dv(s[i])
		if dbl {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		dbl = !dbl
	}
	return sum
}
