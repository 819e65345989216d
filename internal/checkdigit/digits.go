package checkdigit

// Small helpers over compact ASCII strings. They are unexported: callers
// have their own notion of what a character class is, and this package
// only needs them to guard its own arithmetic.

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return c >= 'A' && c <= 'Z' }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

func allLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isLetter(s[i]) {
			return false
		}
	}
	return s != ""
}

func allAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) && !isLetter(s[i]) {
			return false
		}
	}
	return s != ""
}

func dv(c byte) int { return int(c - '0') }

// num reads a run of at most nine digits; longer runs go through mod so
// that nothing depends on the width of int.
func num(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + dv(s[i])
	}
	return n
}

// mod returns the value of a digit string modulo m, digit by digit, so
// that numbers longer than an int (a NIR, a SIRET) need no big integers.
func mod(s string, m int) int {
	r := 0
	for i := 0; i < len(s); i++ {
		r = (r*10 + dv(s[i])) % m
	}
	return r
}

// weighted returns the sum of digit[i]*w[i] over the first len(w) digits.
func weighted(s string, w ...int) int {
	sum := 0
	for i, x := range w {
		sum += dv(s[i]) * x
	}
	return sum
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// ValidDate reports whether y-m-d is a calendar date (identifiers that
// embed a birth date check it; so does the PII scanner).
func ValidDate(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 {
		return false
	}
	days := [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m]
	if m == 2 && isLeap(y) {
		days = 29
	}
	return d <= days
}

func indexByte(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}
