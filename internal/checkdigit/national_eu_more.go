package checkdigit

// European identifiers beyond the first catalogue: Germany's health
// insurance number, Italy's VAT number, Romania's CNP, Ireland's PPS
// number, Sweden's organisation number, Norway's birth number,
// Switzerland's AHV number and the UK driving licence.

// KVNR checks a German health insurance number (Krankenversichertennummer):
// a letter and nine digits. The letter becomes its alphabet position as
// two digits; with the first eight digits that gives ten digits, weighted
// 1,2,1,2,... with the digit sums of the products added; the sum mod 10
// is the last digit.
func KVNR(s string) error {
	if len(s) != 10 || !isLetter(s[0]) || !allDigits(s[1:]) {
		return ErrFormat
	}
	return check(KVNRCheckDigit(s[:9]) == s[9])
}

// KVNRCheckDigit returns the check digit of a letter and eight digits.
func KVNRCheckDigit(s string) byte {
	p := int(s[0]-'A') + 1
	ds := []int{p / 10, p % 10}
	for i := 1; i < 9; i++ {
		ds = append(ds, dv(s[i]))
	}
	sum := 0
	for i, d := range ds {
		v := d * (1 + i%2)
		sum += v/10 + v%10
	}
	return byte('0' + sum%10)
}

// PartitaIVA checks an 11-digit Italian VAT number: a company number, a
// province office code (001-100, 120, 121, 888, 999) and a Luhn check.
func PartitaIVA(s string) error {
	if len(s) != 11 || !allDigits(s) {
		return ErrFormat
	}
	if o := num(s[7:10]); s[:7] == "0000000" || !(o >= 1 && o <= 100 || o == 120 || o == 121 || o == 888 || o == 999) {
		return ErrRange
	}
	return check(Luhn(s))
}

// CNP checks a 13-digit Romanian personal numeric code: sex/century digit
// 1-9, birth date, county 01-52, serial, and a check digit from weights
// 2,7,9,1,4,6,3,5,8,2,7,9 mod 11 (ten becomes 1).
func CNP(s string) error {
	if len(s) != 13 || !allDigits(s) {
		return ErrFormat
	}
	century := map[byte]int{'1': 1900, '2': 1900, '3': 1800, '4': 1800, '5': 2000, '6': 2000, '7': 1900, '8': 1900, '9': 1900}[s[0]]
	if century == 0 || !ValidDate(century+num(s[1:3]), num(s[3:5]), num(s[5:7])) {
		return ErrRange
	}
	if c := num(s[7:9]); c < 1 || c > 52 && c != 70 {
		return ErrRange
	}
	r := weighted(s, 2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9) % 11
	if r == 10 {
		r = 1
	}
	return check(byte('0'+r) == s[12])
}

const ppsAlphabet = "WABCDEFGHIJKLMNOPQRSTUV"

// PPS checks an Irish Personal Public Service number: seven digits, a
// check letter (weights 8..2 mod 23, plus 9 x the value of an optional
// second letter A, B or H) and that optional letter (W and T are older
// suffixes that carry no weight).
func PPS(s string) error {
	if (len(s) != 8 && len(s) != 9) || !allDigits(s[:7]) || !isLetter(s[7]) {
		return ErrFormat
	}
	return check(PPSCheck(s[:7], s[8:]) == s[7])
}

// PPSCheck returns the check letter of seven digits and a suffix ("" or
// one letter).
func PPSCheck(digits, suffix string) byte {
	sum := weighted(digits, 8, 7, 6, 5, 4, 3, 2)
	if len(suffix) == 1 {
		if k := indexByte(ppsAlphabet, suffix[0]); k > 0 && suffix != "T" && suffix != "W" {
			sum += 9 * k
		}
	}
	return ppsAlphabet[sum%23]
}

// OrgnrSE checks a 10-digit Swedish organisation number: a group digit,
// a third digit of at least 2 (so it never reads as a birth month) and a
// Luhn check digit.
func OrgnrSE(s string) error {
	if len(s) != 10 || !allDigits(s) {
		return ErrFormat
	}
	if s[0] == '0' || s[2] < '2' {
		return ErrRange
	}
	return check(Luhn(s))
}

// FodselsnummerNO checks an 11-digit Norwegian birth number: DDMMYY (a
// D-number adds 4 to the first day digit, an H-number 4 to the first
// month digit), three individual digits and two mod-11 check digits.
func FodselsnummerNO(s string) error {
	if len(s) != 11 || !allDigits(s) {
		return ErrFormat
	}
	d, m := num(s[:2]), num(s[2:4])
	if d > 40 {
		d -= 40
	}
	if m > 40 {
		m -= 40
	}
	if !ValidDate(2000+num(s[4:6]), m, d) && !ValidDate(1900+num(s[4:6]), m, d) {
		return ErrRange
	}
	k1 := 11 - weighted(s, 3, 7, 6, 1, 8, 9, 4, 5, 2)%11
	k2 := 11 - weighted(s, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)%11
	if k1 == 11 {
		k1 = 0
	}
	if k2 == 11 {
		k2 = 0
	}
	return check(k1 < 10 && k2 < 10 && dv(s[9]) == k1 && dv(s[10]) == k2)
}

// AHV checks a 13-digit Swiss social security number (AHV/AVS): the
// country prefix 756 and an EAN-13 check digit.
func AHV(s string) error {
	if len(s) != 13 || !allDigits(s) {
		return ErrFormat
	}
	if s[:3] != "756" {
		return ErrRange
	}
	return check(EAN13Digit(s[:12]) == s[12])
}

// EAN13Digit returns the EAN-13 check digit of twelve digits: weights 1
// and 3 alternating from the left.
func EAN13Digit(s string) byte {
	sum := 0
	for i := 0; i < 12; i++ {
		sum += dv(s[i]) * (1 + 2*(i%2))
	}
	return byte('0' + (10-sum%10)%10)
}

// DrivingLicenceUK checks the structure of a 16-character GB driving
// licence number: five surname characters (letters, padded with 9), the
// birth date as decade digit, month (plus 50 for women), day and year
// digit, two initials (padded with 9), an arbitrary digit and two check
// characters whose rule DVLA does not publish.
func DrivingLicenceUK(s string) error {
	if len(s) != 16 || !allDigits(s[5:11]) || !isDigit(s[13]) || !allAlnum(s[14:]) {
		return ErrFormat
	}
	k := 0
	for k < 5 && isLetter(s[k]) {
		k++
	}
	if k == 0 || s[k:5] != "99999"[:5-k] {
		return ErrFormat
	}
	if !isLetter(s[11]) || !(isLetter(s[12]) || s[12] == '9') {
		return ErrFormat
	}
	m := num(s[6:8])
	if m > 50 {
		m -= 50
	}
	if !ValidDate(1900+dv(s[5])*10+dv(s[10]), m, num(s[8:10])) {
		return ErrRange
	}
	return nil
}

// BirthNumberCZ checks a 10-digit Czech or Slovak birth number (rodné
// číslo) YYMMDD/SSSC: the month carries +50 for women (and +20 from
// 2004), and the whole number is divisible by 11 (a remainder of 10 on
// the first nine digits gives check digit 0). Nine-digit numbers from
// before 1954 have no check and are refused.
func BirthNumberCZ(s string) error {
	if len(s) != 10 || !allDigits(s) {
		return ErrFormat
	}
	m := num(s[2:4])
	switch {
	case m > 70:
		m -= 70
	case m > 50:
		m -= 50
	case m > 20:
		m -= 20
	}
	y := num(s[:2])
	if !ValidDate(1900+y, m, num(s[4:6])) && !ValidDate(2000+y, m, num(s[4:6])) {
		return ErrRange
	}
	r := mod(s[:9], 11)
	if r == 10 {
		r = 0
	}
	return check(byte('0'+r) == s[9])
}
