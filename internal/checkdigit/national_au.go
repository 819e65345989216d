package checkdigit

// Australia: business numbers (ABN, ACN), the tax file number and the
// Medicare card number.

// ABN checks an 11-digit Australian Business Number: subtract one from the
// first digit, weight 10,1,3,...,19, and the sum must be a multiple of 89.
func ABN(s string) error {
	if len(s) != 11 || !allDigits(s) || s[0] == '0' {
		return ErrFormat
	}
	w := [11]int{10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19}
	sum := (dv(s[0]) - 1) * w[0]
	for i := 1; i < 11; i++ {
		sum += dv(s[i]) * w[i]
	}
	return check(sum%89 == 0)
}

// ACN checks a 9-digit Australian Company Number: weights 8..1 over the
// first eight digits, check = (10 - sum mod 10) mod 10.
func ACN(s string) error {
	if len(s) != 9 || !allDigits(s) {
		return ErrFormat
	}
	return check(byte('0'+(10-weighted(s, 8, 7, 6, 5, 4, 3, 2, 1)%10)%10) == s[8])
}

// TFN checks a 9-digit Australian tax file number: weights
// 1,4,3,7,5,8,6,9,10 and the sum must be a multiple of 11.
func TFN(s string) error {
	if len(s) != 9 || !allDigits(s) {
		return ErrFormat
	}
	return check(weighted(s, 1, 4, 3, 7, 5, 8, 6, 9, 10)%11 == 0)
}

// Medicare checks an Australian Medicare card number: ten digits (an
// optional eleventh is the card's issue number), first digit 2-6, ninth
// digit = weights 1,3,7,9,1,3,7,9 over the first eight, mod 10.
func Medicare(s string) error {
	if (len(s) != 10 && len(s) != 11) || !allDigits(s) {
		return ErrFormat
	}
	if s[0] < '2' || s[0] > '6' {
		return ErrRange
	}
	return check(byte('0'+weighted(s, 1, 3, 7, 9, 1, 3, 7, 9)%10) == s[8])
}
