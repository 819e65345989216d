package checkdigit

// The Verhoeff scheme (dihedral group D5) catches every single-digit error
// and every swap of adjacent digits; India's Aadhaar and Nigeria's NIN use
// it.

var verhoeffD = [10][10]byte{
	{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
	{2, 3, 4, 0, 1, 7, 8, 9, 5, 6}, {3, 4, 0, 1, 2, 8, 9, 5, 6, 7},
	{4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
	{6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
	{8, 7, 6, 5, 9, 3, 2, 1, 0, 4}, {9, 8, 7, 6, 5, 4, 3, 2, 1, 0},
}

var verhoeffP = [8][10]byte{
	{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4},
	{5, 8, 0, 3, 7, 9, 6, 1, 4, 2}, {8, 9, 1, 6, 0, 4, 3, 5, 2, 7},
	{9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
	{2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8},
}

var verhoeffInv = [10]byte{0, 4, 3, 2, 1, 5, 6, 7, 8, 9}

// verhoeffRun folds s into the group element; shift is the position of
// s's last digit counted from the right of the full number.
func verhoeffRun(s string, shift int) byte {
	var c byte
	for i := len(s) - 1; i >= 0; i-- {
		c = verhoeffD[c][verhoeffP[(len(s)-1-i+shift)%8][s[i]-'0']]
	}
	return c
}

// Verhoeff reports whether s, a run of digits, ends with its Verhoeff
// check digit.
func Verhoeff(s string) bool { return allDigits(s) && verhoeffRun(s, 0) == 0 }

// VerhoeffDigit returns the digit that, appended to the digits s, makes
// the whole pass Verhoeff.
func VerhoeffDigit(s string) byte { return '0' + verhoeffInv[verhoeffRun(s, 1)] }
