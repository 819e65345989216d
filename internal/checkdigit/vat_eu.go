package checkdigit

// VAT check digits of the EU members (and the UK) whose national number
// carries a published check that vat.go did not cover: BG, CY, CZ, EE,
// EL, HU, IE, LT, LV, MT, RO, SI, GB. As in vat.go each function takes
// the body after the country prefix, compact and upper case, and answers
// ErrFormat / ErrLength for the wrong shape and ErrChecksum for a wrong
// check. VAT dispatches a prefixed number to the right one.

// vatBodies maps a VAT prefix to the check of the body after it.
var vatBodies = map[string]func(string) error{
	"AT": VATAT, "BE": vatBE, "BG": VATBG, "CY": VATCY, "CZ": VATCZ,
	"DE": vatDigits(9, Mod11_10), "DK": VATDK, "EE": VATEE, "EL": VATEL,
	"ES": vatES, "FI": VATFI, "FR": VATFR, "HR": vatDigits(11, Mod11_10),
	"HU": VATHU, "IE": VATIE, "IT": vatDigits(11, Luhn), "LT": VATLT,
	"LU": VATLU, "LV": VATLV, "MT": VATMT, "NL": VATNL, "PL": NIP,
	"PT": NIFPT, "RO": VATRO, "SE": vatSE, "SI": VATSI, "SK": VATSK,
	"GB": VATGB, "XI": VATGB, "CH": vatCH,
}

// vatCH: the Swiss UID, "E" and nine digits, with or without the
// MWST/TVA/IVA suffix that says which language the register uses.
func vatCH(s string) error {
	for _, suffix := range []string{"MWST", "TVA", "IVA"} {
		if len(s) == 10+len(suffix) && s[10:] == suffix {
			s = s[:10]
		}
	}
	return VATCH(s)
}

// VAT checks a compact VAT number with its two-letter prefix (EL for
// Greece; GR is taken as a synonym because people write it): ErrRange for
// a prefix outside the EU, the UK and Switzerland, otherwise the
// country's verdict.
func VAT(s string) error {
	if len(s) < 4 || !allLetters(s[:2]) {
		return ErrFormat
	}
	cc := s[:2]
	if cc == "GR" {
		cc = "EL"
	}
	f := vatBodies[cc]
	if f == nil {
		return ErrRange
	}
	return f(s[2:])
}

// VATCountry reports whether cc is a prefix VAT knows.
func VATCountry(cc string) bool { return vatBodies[cc] != nil || cc == "GR" }

func vatDigits(n int, ok func(string) bool) func(string) error {
	return func(s string) error {
		if len(s) != n {
			return ErrLength
		}
		if !allDigits(s) {
			return ErrFormat
		}
		return check(ok(s))
	}
}

// vatBE also takes the old nine-digit form, read with a leading zero.
func vatBE(s string) error {
	if len(s) == 9 {
		s = "0" + s
	}
	if len(s) == 10 && s[0] > '1' {
		return ErrFormat
	}
	return VATBE(s)
}

// vatES: a Spanish VAT number is a NIF of any kind (DNI, NIE or CIF).
func vatES(s string) error {
	if DNI(s) == nil || NIE(s) == nil || CIF(s) == nil {
		return nil
	}
	if len(s) != 9 {
		return ErrLength
	}
	return ErrChecksum
}

// vatSE: the organisation or personal number (Luhn) followed by "01".
func vatSE(s string) error {
	if len(s) != 12 {
		return ErrLength
	}
	if !allDigits(s) || s[10:] != "01" {
		return ErrFormat
	}
	return check(Luhn(s[:10]))
}

// VATBG checks a Bulgarian VAT number: 9 digits for companies (weights
// 1..8 mod 11, retried with 3..10 when that gives 10) or 10 digits for
// people, which is a personal number (EGN, with its birth date), a
// foreigner's number (PNF) or another issuer's 4 3 2 7 6 5 4 3 2 mod 11.
func VATBG(s string) error {
	if !allDigits(s) {
		return ErrFormat
	}
	switch len(s) {
	case 9:
		r := 0
		for i := 0; i < 8; i++ {
			r += (i + 1) * dv(s[i])
		}
		if r%11 == 10 {
			r = 0
			for i := 0; i < 8; i++ {
				r += (i + 3) * dv(s[i])
			}
		}
		return check(r%11%10 == dv(s[8]))
	case 10:
		if egnBG(s) || weighted(s, 21, 19, 17, 13, 11, 9, 7, 3, 1)%10 == dv(s[9]) {
			return nil
		}
		c := (11 - weighted(s, 4, 3, 2, 7, 6, 5, 4, 3, 2)%11) % 11
		return check(c < 10 && c == dv(s[9]))
	}
	return ErrLength
}

// egnBG: the Bulgarian personal number YYMMDD + serial + check, where the
// month carries +20 for births in the 1800s and +40 for the 2000s.
func egnBG(s string) bool {
	y, m, d := 1900+num(s[0:2]), num(s[2:4]), num(s[4:6])
	switch {
	case m > 40:
		y, m = y+100, m-40
	case m > 20:
		y, m = y-100, m-20
	}
	return ValidDate(y, m, d) && weighted(s, 2, 4, 8, 5, 10, 9, 7, 3, 6)%11%10 == dv(s[9])
}

// VATCY checks a Cypriot number: 8 digits, not starting "12", and a check
// letter from a sum in which even positions are mapped through a fixed
// table and odd ones count as themselves, mod 26.
func VATCY(s string) error {
	if len(s) != 9 {
		return ErrLength
	}
	if !allDigits(s[:8]) || !isLetter(s[8]) || s[:2] == "12" {
		return ErrFormat
	}
	even := [10]int{1, 0, 5, 7, 9, 13, 15, 17, 19, 21}
	sum := 0
	for i := 0; i < 8; i++ {
		if i%2 == 0 {
			sum += even[dv(s[i])]
		} else {
			sum += dv(s[i])
		}
	}
	return check(byte('A'+sum%26) == s[8])
}

// VATCZ checks a Czech DIČ: 8 digits for companies (weights 8..2, 11
// minus the sum mod 11, 0 read as 1, 10 as 0; never starting 9), 9 digits
// starting 6 for people without a birth number, or a birth number (RČ).
func VATCZ(s string) error {
	if !allDigits(s) {
		return ErrFormat
	}
	switch {
	case len(s) == 8:
		if s[0] == '9' {
			return ErrFormat
		}
		c := (11 - weighted(s, 8, 7, 6, 5, 4, 3, 2)%11) % 11
		if c == 0 {
			c = 1
		}
		return check(c%10 == dv(s[7]))
	case len(s) == 9 && s[0] == '6':
		r := weighted(s[1:], 8, 7, 6, 5, 4, 3, 2) % 11
		return check(((8-(10-r)%11)%10+10)%10 == dv(s[8]))
	case len(s) == 9 || len(s) == 10:
		return vatBirthNumberCZ(s)
	}
	return ErrLength
}

// vatBirthNumberCZ checks the birth number an individual's CZ VAT number
// is (rodné číslo), including the 9-digit numbers from before 1954 that
// BirthNumberCZ refuses as identity numbers:
// YYMMDD with 50 added to women's months and 20 when the serials ran out
// (since 2004), then a serial; 9 digits until 1953, afterwards 10 digits
// whose value is 0 mod 11 (or whose first nine leave 10 and end in 0).
func vatBirthNumberCZ(s string) error {
	if !allDigits(s) {
		return ErrFormat
	}
	if len(s) != 9 && len(s) != 10 {
		return ErrLength
	}
	y, m, d := 1900+num(s[0:2]), num(s[2:4])%50%20, num(s[4:6])
	if len(s) == 9 {
		if y >= 1980 {
			y -= 100
		}
		if y > 1953 {
			return ErrLength
		}
	} else if y < 1954 {
		y += 100
	}
	if !ValidDate(y, m, d) {
		return ErrFormat
	}
	if len(s) == 10 {
		return check(mod(s[:9], 11)%10 == dv(s[9]))
	}
	return nil
}

// VATEE checks an Estonian KMKR number: 9 digits whose 3 7 1-weighted sum
// is a multiple of 10.
func VATEE(s string) error {
	if len(s) != 9 {
		return ErrLength
	}
	if !allDigits(s) {
		return ErrFormat
	}
	return check(weighted(s, 3, 7, 1, 3, 7, 1, 3, 7, 1)%10 == 0)
}

// VATEL checks a Greek AFM (prefix EL, or GR as people write it): 9
// digits (8 in the old format, read with a leading zero); the first eight
// taken as binary weights (2^8 .. 2^1) mod 11, then mod 10, give the last.
func VATEL(s string) error {
	if len(s) == 8 {
		s = "0" + s
	}
	if len(s) != 9 {
		return ErrLength
	}
	if !allDigits(s) {
		return ErrFormat
	}
	r := 0
	for i := 0; i < 8; i++ {
		r = r*2 + dv(s[i])
	}
	return check(r*2%11%10 == dv(s[8]))
}

// VATHU checks a Hungarian ANUM: 8 digits whose 9 7 3 1-weighted sum is a
// multiple of 10.
func VATHU(s string) error {
	if len(s) != 8 {
		return ErrLength
	}
	if !allDigits(s) {
		return ErrFormat
	}
	return check(weighted(s, 9, 7, 3, 1, 9, 7, 3, 1)%10 == 0)
}

// VATIE checks an Irish number. Current form: 7 digits, a check letter
// and since 2013 an optional second letter (A-I or W) that counts 9 times
// its place in the check alphabet. Old form: digit, letter (or + *), 5
// digits, check letter, the first digit moved to the end for the sum.
// The check letter is the 8..2-weighted sum mod 23 in "WABC...V".
func VATIE(s string) error {
	const alpha = "WABCDEFGHIJKLMNOPQRSTUV"
	if len(s) != 8 && len(s) != 9 {
		return ErrLength
	}
	if !isDigit(s[0]) || !allDigits(s[2:7]) {
		return ErrFormat
	}
	body, extra := s[:7], 0
	if !isDigit(s[1]) {
		if len(s) != 8 || (!isLetter(s[1]) && s[1] != '+' && s[1] != '*') {
			return ErrFormat
		}
		body = "0" + s[2:7] + s[:1]
	} else if len(s) == 9 {
		extra = indexByte("WABCDEFGHI", s[8])
		if extra < 0 {
			return ErrFormat
		}
	}
	c := indexByte(alpha, s[7])
	if c < 0 {
		return ErrFormat
	}
	return check((weighted(body, 8, 7, 6, 5, 4, 3, 2)+9*extra)%23 == c)
}

// VATLT checks a Lithuanian PVM code: 9 digits (eighth is 1) or 12
// (eleventh is 1). Weights cycle 1..9 from the first digit, mod 11; a
// remainder of 10 retries with the cycle started at 3, and 10 again
// gives 0.
func VATLT(s string) error {
	if !allDigits(s) {
		return ErrFormat
	}
	n := len(s)
	if n != 9 && n != 12 {
		return ErrLength
	}
	if s[n-2] != '1' {
		return ErrFormat
	}
	sum := func(shift int) int {
		r := 0
		for i := 0; i < n-1; i++ {
			r += (1 + (i+shift)%9) * dv(s[i])
		}
		return r % 11
	}
	c := sum(0)
	if c == 10 {
		c = sum(2)
	}
	return check(c%10 == dv(s[n-1]))
}

// VATLV checks a Latvian PVN number: 11 digits. A company's (first digit
// above 3) 9 1 4 8 3 10 2 5 7 6 1-weighted sum leaves 3 mod 11; a
// person's number starts with the birth date DDMMYY and a century digit
// and ends in 1 plus a 10 5 8 4 2 1 6 3 7 9-weighted sum, mod 11, mod 10.
func VATLV(s string) error {
	if len(s) != 11 {
		return ErrLength
	}
	if !allDigits(s) {
		return ErrFormat
	}
	if s[0] > '3' {
		return check(weighted(s, 9, 1, 4, 8, 3, 10, 2, 5, 7, 6, 1)%11 == 3)
	}
	if !ValidDate(1800+100*dv(s[6])+num(s[4:6]), num(s[2:4]), num(s[0:2])) {
		return ErrFormat
	}
	return check((1+weighted(s, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9))%11%10 == dv(s[10]))
}

// VATMT checks a Maltese number: 8 digits, no leading zero, whose
// 3 4 6 7 8 9 10 1-weighted sum is a multiple of 37.
func VATMT(s string) error {
	if len(s) != 8 {
		return ErrLength
	}
	if !allDigits(s) || s[0] == '0' {
		return ErrFormat
	}
	return check(weighted(s, 3, 4, 6, 7, 8, 9, 10, 1)%37 == 0)
}

// VATRO checks a Romanian CIF: 2 to 10 digits without a leading zero,
// left-padded to 9 before the check digit, weights 7 5 3 2 1 7 5 3 2, ten
// times the sum mod 11 mod 10; or a 13-digit personal number (CNP).
func VATRO(s string) error {
	if !allDigits(s) || s[0] == '0' {
		return ErrFormat
	}
	if len(s) == 13 {
		return CNP(s)
	}
	if len(s) < 2 || len(s) > 10 {
		return ErrLength
	}
	body := "000000000"[:10-len(s)] + s[:len(s)-1]
	return check(10*weighted(body, 7, 5, 3, 2, 1, 7, 5, 3, 2)%11%10 == dv(s[len(s)-1]))
}

// VATSI checks a Slovenian DDV number: 8 digits, no leading zero; 11
// minus the 8..2-weighted sum mod 11 is the last digit (10 read as 0, 11
// never issued).
func VATSI(s string) error {
	if len(s) != 8 {
		return ErrLength
	}
	if !allDigits(s) || s[0] == '0' {
		return ErrFormat
	}
	c := 11 - weighted(s, 8, 7, 6, 5, 4, 3, 2)%11
	if c == 10 {
		c = 0
	}
	return check(c == dv(s[7]))
}

// VATGB checks a UK (or Northern Ireland, XI) VAT number: 9 digits, or 12
// with a branch suffix, whose 8 7 6 5 4 3 2 10 1-weighted sum is 0 mod 97
// (also 42 or 55 mod 97 for numbers issued since 2010, which start 100 or
// higher); GD and HA plus three digits for government departments (below
// 500) and health authorities (500 and up).
func VATGB(s string) error {
	switch len(s) {
	case 5:
		if !allDigits(s[2:]) {
			return ErrFormat
		}
		n := num(s[2:])
		return check((s[:2] == "GD" && n < 500) || (s[:2] == "HA" && n >= 500))
	case 9, 12:
		if !allDigits(s) {
			return ErrFormat
		}
		r := weighted(s, 8, 7, 6, 5, 4, 3, 2, 10, 1) % 97
		return check(r == 0 || (num(s[:3]) >= 100 && (r == 42 || r == 55)))
	}
	return ErrLength
}
