package checkdigit

// MRZDigit returns the ICAO 9303 check digit of s: characters weighted
// 7, 3, 1 in turn, digits at face value, A..Z as 10..35 and the filler '<'
// (or anything else) as 0. Passports, identity cards and the German
// Personalausweis number use it.
func MRZDigit(s string) byte {
	w := [3]int{7, 3, 1}
	sum := 0
	for i := 0; i < len(s); i++ {
		v := 0
		switch c := s[i]; {
		case isDigit(c):
			v = dv(c)
		case isLetter(c):
			v = int(c-'A') + 10
		}
		sum += v * w[i%3]
	}
	return byte('0' + sum%10)
}
