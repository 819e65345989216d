package pii

// Checksum helpers shared by the detectors. They work on the compact form
// of a candidate: separators removed, letters upper-cased.

func allDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(b) > 0
}

func dv(c byte) int { return int(c - '0') }

// num parses a short run of digits (no validation).
func num(b []byte) int {
	n := 0
	for _, c := range b {
		n = n*10 + dv(c)
	}
	return n
}

// luhn reports whether the digits pass the Luhn (mod 10) check.
func luhn(b []byte) bool {
	sum, dbl := 0, false
	for i := len(b) - 1; i >= 0; i-- {
		d := dv(b[i])
		if dbl {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		dbl = !dbl
	}
	return sum%10 == 0
}

// luhnDigit returns the digit that completes b under Luhn.
func luhnDigit(b []byte) byte {
	for d := byte('0'); d <= '9'; d++ {
		if luhn(append(append([]byte{}, b...), d)) {
			return d
		}
	}
	return '0'
}

// alnumValue maps 0-9 to 0-9 and A-Z to 10-35 (IBAN, mod 97-10).
func alnumValue(c byte) int {
	if c >= 'A' {
		return int(c-'A') + 10
	}
	return dv(c)
}

// mod97 computes the ISO 7064 mod 97-10 remainder of an alphanumeric
// string, reading letters as two-digit numbers.
func mod97(b []byte) int {
	r := 0
	for _, c := range b {
		v := alnumValue(c)
		if v >= 10 {
			r = (r*100 + v) % 97
		} else {
			r = (r*10 + v) % 97
		}
	}
	return r
}

// ibanMod97 rotates the first four characters to the end and checks ==1.
func ibanMod97(b []byte) bool {
	if len(b) < 5 {
		return false
	}
	r := 0
	for _, part := range [2][]byte{b[4:], b[:4]} {
		for _, c := range part {
			v := alnumValue(c)
			if v >= 10 {
				r = (r*100 + v) % 97
			} else {
				r = (r*10 + v) % 97
			}
		}
	}
	return r == 1
}

// iso7064Mod11_10 checks the last digit of b (German Steuer-ID).
func iso7064Mod11_10(b []byte) bool {
	p := 10
	for _, c := range b[:len(b)-1] {
		s := (dv(c) + p) % 10
		if s == 0 {
			s = 10
		}
		p = (2 * s) % 11
	}
	check := 11 - p
	if check == 10 {
		check = 0
	}
	return check == dv(b[len(b)-1])
}

// wsum returns the weighted digit sum.
func wsum(b []byte, w ...int) int {
	s := 0
	for i, x := range w {
		s += dv(b[i]) * x
	}
	return s
}

// mrzValue is the ICAO 9303 character value: digits, A=10.., '<'=0.
func mrzValue(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return dv(c)
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 10
	}
	return 0
}

// mrzCheck computes the ICAO 7-3-1 check digit.
func mrzCheck(b []byte) byte {
	w := [3]int{7, 3, 1}
	s := 0
	for i, c := range b {
		s += mrzValue(c) * w[i%3]
	}
	return byte('0' + s%10)
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// validDate checks a calendar date.
func validDate(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 {
		return false
	}
	days := [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m]
	if m == 2 && isLeap(y) {
		days = 29
	}
	return d <= days
}

func isLetter(c byte) bool { return c >= 'A' && c <= 'Z' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// groupsAre reports whether the candidate's token lengths are exactly gs.
func groupsAre(c *cand, gs ...int) bool {
	if len(c.groups) != len(gs) {
		return false
	}
	for i, g := range gs {
		if c.groups[i] != g {
			return false
		}
	}
	return true
}
