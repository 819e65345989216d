package checkdigit

// Italy: the codice fiscale of a person. (A partita IVA is checked with
// Luhn.)

// cfOdd is the value of 0-9 then A-Z in the odd (1st, 3rd...) places.
var cfOdd = [36]int{1, 0, 5, 7, 9, 13, 15, 17, 19, 21,
	1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23}

// cfDigitPlaces hold digits, which omocodia (resolving two people with the
// same code) may replace with the letters of cfOmocodia.
var cfDigitPlaces = [16]bool{6: true, 7: true, 9: true, 10: true, 12: true, 13: true, 14: true}

const cfOmocodia = "LMNPQRSTUV"

// CodiceFiscale checks an Italian fiscal code: 16 characters, letters
// except in the digit places (where omocodia letters may stand), a month
// letter of ABCDEHLMPRST (ErrFormat), and CodiceFiscaleCheck of the first
// fifteen as the last (ErrChecksum).
func CodiceFiscale(s string) error {
	if len(s) != 16 {
		return ErrFormat
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if cfDigitPlaces[i] {
			if !isDigit(c) && indexByte(cfOmocodia, c) < 0 {
				return ErrFormat
			}
		} else if !isLetter(c) {
			return ErrFormat
		}
	}
	if indexByte("ABCDEHLMPRST", s[8]) < 0 {
		return ErrFormat
	}
	return check(CodiceFiscaleCheck(s[:15]) == s[15])
}

// CodiceFiscaleCheck returns the check letter of the first 15 characters:
// odd places map through a fixed table, even places count 0-9 and A-Z as
// 0-25, and the sum mod 26 is a letter.
func CodiceFiscaleCheck(s string) byte {
	sum := 0
	for i := 0; i < 15; i++ {
		v := dv(s[i])
		if isLetter(s[i]) {
			v = int(s[i]-'A') + 10
		}
		if i%2 == 0 {
			sum += cfOdd[v]
		} else if v >= 10 {
			sum += v - 10
		} else {
			sum += v
		}
	}
	return byte('A' + sum%26)
}
