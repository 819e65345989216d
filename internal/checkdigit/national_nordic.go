package checkdigit

// Sweden, Denmark and Finland. Dates are checked against a leap year
// (2000) where the century is not known from the number itself, so that
// 29 February is never refused.

// Personnummer checks a Swedish personal identity number in its ten
// (YYMMDDNNNC) or twelve-digit (YYYYMMDDNNNC, 19xx or 20xx) form: a date
// whose day may carry +60 for a coordination number (ErrFormat), and Luhn
// over the ten-digit form (ErrChecksum).
func Personnummer(s string) error {
	if !allDigits(s) {
		return ErrFormat
	}
	if len(s) == 12 {
		if c := num(s[:2]); c != 19 && c != 20 {
			return ErrFormat
		}
		s = s[2:]
	}
	if len(s) != 10 {
		return ErrFormat
	}
	d := num(s[4:6])
	if d > 60 {
		d -= 60
	}
	if !ValidDate(2000+num(s[:2]), num(s[2:4]), d) {
		return ErrFormat
	}
	return check(Luhn(s))
}

// CPR checks a Danish CPR number DDMMYYSSSS: 10 digits and a valid date
// (ErrFormat). Denmark dropped the mod-11 check in 2007, so nothing else
// can be checked.
func CPR(s string) error {
	if len(s) != 10 || !allDigits(s) || !ValidDate(2000+num(s[4:6]), num(s[2:4]), num(s[:2])) {
		return ErrFormat
	}
	return nil
}

// hetuChars are the HETU check characters, indexed by the remainder.
const hetuChars = "0123456789ABCDEFHJKLMNPRSTUVWXY"

// HETU checks a Finnish personal identity code DDMMYYCZZZQ: a date, a
// century sign (+ or - or A, and since 2023 B-F and U-Y), a 3-digit
// serial (ErrFormat), and Q = HETUCheck of the nine digits (ErrChecksum).
func HETU(s string) error {
	if len(s) != 11 || indexByte("+-ABCDEFUVWXY", s[6]) < 0 || !allDigits(s[:6]) || !allDigits(s[7:10]) ||
		!ValidDate(2000+num(s[4:6]), num(s[2:4]), num(s[:2])) {
		return ErrFormat
	}
	return check(HETUCheck(s[:6]+s[7:10]) == s[10])
}

// HETUCheck returns the check character of the nine digits DDMMYYZZZ:
// their value mod 31 indexes 0-9 and the letters without G I O Q Z.
func HETUCheck(digits string) byte { return hetuChars[mod(digits, 31)] }
