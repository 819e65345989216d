package checkdigit

// South Korea: the resident registration number (RRN, and its foreigner
// form FRN) and the business registration number (BRN).

// KRRegistration checks a 13-digit Korean registration number YYMMDD-GSSSSSC:
// a birth date whose century the gender digit G gives, a place code
// SSSS below 97 in its first two digits, and a check digit (weights
// 2..9,2..5, (11 - sum mod 11) mod 10). It returns whether G marks a
// foreign resident (5-8). Numbers issued since October 2020 carry no
// check digit and are refused: the detector needs the checksum.
func KRRegistration(s string) (foreigner bool, err error) {
	if len(s) != 13 || !allDigits(s) {
		return false, ErrFormat
	}
	century := 0
	switch s[6] {
	case '1', '2', '5', '6':
		century = 1900
	case '3', '4', '7', '8':
		century = 2000
	case '9', '0':
		century = 1800
	}
	if !ValidDate(century+num(s[:2]), num(s[2:4]), num(s[4:6])) || num(s[7:9]) > 96 {
		return false, ErrRange
	}
	foreigner = s[6] >= '5' && s[6] <= '8'
	sum := weighted(s, 2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
	return foreigner, check(byte('0'+(11-sum%11)%10) == s[12])
}

// BRNKR checks a 10-digit Korean business registration number: office
// code from 101, type code not 00, serial not 0000, and the check digit
// (weights 1,3,7,1,3,7,1,3,5 plus the tens of 5 x the ninth digit).
func BRNKR(s string) error {
	if len(s) != 10 || !allDigits(s) {
		return ErrFormat
	}
	if num(s[:3]) < 101 || s[3:5] == "00" || s[5:9] == "0000" {
		return ErrRange
	}
	sum := weighted(s, 1, 3, 7, 1, 3, 7, 1, 3, 5) + dv(s[8])*5/10
	return check(byte('0'+(10-sum%10)%10) == s[9])
}
