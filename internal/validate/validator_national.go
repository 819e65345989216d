package validate

import (
	"fmt"
	"regexp"
	"strings"
)

func init() {
	register(validator{info: Info{Name: "nif", Category: CatNationalIDs,
		Description: "Spanish DNI/NIF of a person: 8 digits and the control letter TRWAGMYFPDXBNJZSQVHLCKE[n mod 23].",
		Example:     "12345678Z"}, check: checkNIF})
	register(validator{info: Info{Name: "nie", Category: CatNationalIDs,
		Description: "Spanish foreigner id (NIE): X, Y or Z (read as 0, 1, 2), 7 digits and the NIF control letter.",
		Example:     "X1234567L"}, check: checkNIE})
	register(validator{info: Info{Name: "cif", Category: CatNationalIDs,
		Description: "Spanish company tax id (CIF): organisation letter, 7 digits and a control digit or letter.",
		Example:     "B12345674"}, check: checkCIF})
	register(validator{info: Info{Name: "ssn", Category: CatNationalIDs,
		Description: "US Social Security number AAA-GG-SSSS: area not 000, 666 or 9xx; group not 00; serial not 0000.",
		Example:     "536-90-4399"}, check: checkSSN})
	register(validator{info: Info{Name: "passport_number", Category: CatNationalIDs,
		Description: "Passport number: the national format for the given country, otherwise 6-9 letters or digits with at least one digit.",
		Params: []Param{{Name: "country", Type: "string",
			Description: "ISO 3166-1 alpha-2 code of the issuing country (ES, FR, DE, IT, GB, US, TR have specific formats).", Default: nil}},
		Example: "PAA123456"}, check: checkPassport})
	register(validator{info: Info{Name: "tckn", Category: CatNationalIDs,
		Description: "Turkish national id (T.C. Kimlik No): 11 digits, first not 0, two check digits.",
		Example:     "10000000146"}, check: checkTCKN})
	register(validator{info: Info{Name: "vkn", Category: CatNationalIDs,
		Description: "Turkish tax id (Vergi Kimlik No): 10 digits with the official check digit.",
		Example:     "1234567890"}, check: checkVKN})
	register(validator{info: Info{Name: "ein", Category: CatNationalIDs,
		Description: "US Employer Identification Number XX-XXXXXXX with a prefix the IRS assigns.",
		Example:     "12-3456789"}, check: checkEIN})
}

const nifLetters = "TRWAGMYFPDXBNJZSQVHLCKE"

// nifLetterOK checks the DNI control letter of an 8-digit number.
func nifLetterOK(digits string, letter byte) bool {
	n := 0
	for i := 0; i < len(digits); i++ {
		n = n*10 + int(digits[i]-'0')
	}
	return nifLetters[n%23] == letter
}

func checkNIF(s string, _ params) string {
	s = compact(s)
	if len(s) != 9 || !allDigits(s[:8]) || !isUpperAlpha(s[8:]) {
		return "a NIF has 8 digits and a letter"
	}
	if !nifLetterOK(s[:8], s[8]) {
		return "NIF control letter is wrong"
	}
	return ""
}

func checkNIE(s string, _ params) string {
	s = compact(s)
	if len(s) != 9 || strings.IndexByte("XYZ", s[0]) < 0 || !allDigits(s[1:8]) || !isUpperAlpha(s[8:]) {
		return "a NIE has X, Y or Z, 7 digits and a letter"
	}
	lead := strings.IndexByte("XYZ", s[0])
	if !nifLetterOK("012"[lead:lead+1]+s[1:8], s[8]) {
		return "NIE control letter is wrong"
	}
	return ""
}

// cifControl computes the CIF control value (0-9) of 7 digits: digits in
// even positions add up, digits in odd positions are doubled and their
// digits added.
func cifControl(d []int) int {
	sum := 0
	for i, v := range d {
		if i%2 == 0 {
			v *= 2
			v = v/10 + v%10
		}
		sum += v
	}
	return (10 - sum%10) % 10
}

func checkCIF(s string, _ params) string {
	s = compact(s)
	if len(s) != 9 || strings.IndexByte("ABCDEFGHJKLMNPQRSUVW", s[0]) < 0 || !allDigits(s[1:8]) {
		return "a CIF has an organisation letter, 7 digits and a control character"
	}
	c := cifControl(digitsOf(s[1:8]))
	digit, letter := byte('0'+c), "JABCDEFGHI"[c]
	got := s[8]
	switch {
	case strings.IndexByte("KPQRSNW", s[0]) >= 0: // public bodies, non-residents: letter control
		if got != letter {
			return "CIF control letter is wrong"
		}
	case strings.IndexByte("ABEH", s[0]) >= 0: // companies: digit control
		if got != digit {
			return "CIF control digit is wrong"
		}
	default:
		if got != digit && got != letter {
			return "CIF control character is wrong"
		}
	}
	return ""
}

// validSpanishID accepts any of the three Spanish ids; a Spanish VAT
// number is one of them behind the ES prefix.
func validSpanishID(s string) bool {
	return checkNIF(s, nil) == "" || checkNIE(s, nil) == "" || checkCIF(s, nil) == ""
}

var ssnRE = regexp.MustCompile(`^(\d{3})-?(\d{2})-?(\d{4})$`)

func checkSSN(s string, _ params) string {
	m := ssnRE.FindStringSubmatch(strings.ReplaceAll(s, " ", "-"))
	if m == nil {
		return "an SSN has the form AAA-GG-SSSS"
	}
	if m[1] == "000" || m[1] == "666" || m[1][0] == '9' {
		return "SSN area number is never issued"
	}
	if m[2] == "00" {
		return "SSN group number 00 is never issued"
	}
	if m[3] == "0000" {
		return "SSN serial number 0000 is never issued"
	}
	return ""
}

var passportRE = map[string]*regexp.Regexp{
	"ES": regexp.MustCompile(`^[A-Z]{2,3}\d{6}$`),
	"FR": regexp.MustCompile(`^\d{2}[A-Z]{2}\d{5}$`),
	"DE": regexp.MustCompile(`^[CFGHJKLMNPRTVWXYZ][CFGHJKLMNPRTVWXYZ0-9]{8}$`),
	"IT": regexp.MustCompile(`^[A-Z]{2}\d{7}$`),
	"GB": regexp.MustCompile(`^\d{9}$`),
	"US": regexp.MustCompile(`^[A-Z]?\d{8,9}$`),
	"TR": regexp.MustCompile(`^[A-Z]\d{8}$`),
}

var genericPassportRE = regexp.MustCompile(`^[A-Z0-9]{6,9}$`)

func checkPassport(s string, p params) string {
	s = compact(s)
	if re, ok := passportRE[strings.ToUpper(p.str("country"))]; ok {
		if !re.MatchString(s) {
			return fmt.Sprintf("not a %s passport number", strings.ToUpper(p.str("country")))
		}
		return ""
	}
	if !genericPassportRE.MatchString(s) || !strings.ContainsAny(s, "0123456789") {
		return "a passport number has 6-9 letters or digits"
	}
	return ""
}

func checkTCKN(s string, _ params) string {
	if len(s) != 11 || !allDigits(s) || s[0] == '0' {
		return "a TCKN has 11 digits and does not start with 0"
	}
	d := digitsOf(s)
	odd := d[0] + d[2] + d[4] + d[6] + d[8]
	even := d[1] + d[3] + d[5] + d[7]
	// Go's % keeps the sign, so lift the difference before reducing.
	if ((odd*7-even)%10+10)%10 != d[9] {
		return "TCKN 10th digit is wrong"
	}
	if (odd+even+d[9])%10 != d[10] {
		return "TCKN 11th digit is wrong"
	}
	return ""
}

// vknOK applies the Revenue Administration's check: each of the first nine
// digits is shifted by its position, weighted by a power of two modulo 9
// (a 9 stays 9), and the total decides the tenth digit.
func vknOK(s string) bool {
	d := digitsOf(s)
	sum := 0
	for i := 0; i < 9; i++ {
		t := (d[i] + 9 - i) % 10
		if t == 9 {
			sum += 9
			continue
		}
		sum += (t << (9 - i)) % 9
	}
	return (10-sum%10)%10 == d[9]
}

func checkVKN(s string, _ params) string {
	if len(s) != 10 || !allDigits(s) {
		return "a VKN has 10 digits"
	}
	if !vknOK(s) {
		return "VKN check digit is wrong"
	}
	return ""
}

// einPrefixes are the campus prefixes the IRS assigns (07-09, 17-19, 28,
// 29, 49, 69, 70, 78, 79, 89, 96 and 97 are never issued).
var einPrefixes = setOf(`01 02 03 04 05 06 10 11 12 13 14 15 16 20 21 22 23 24
25 26 27 30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 50 51 52 53
54 55 56 57 58 59 60 61 62 63 64 65 66 67 68 71 72 73 74 75 76 77 80 81 82 83
84 85 86 87 88 90 91 92 93 94 95 98 99`)

var einRE = regexp.MustCompile(`^\d{2}-?\d{7}$`)

func checkEIN(s string, _ params) string {
	if !einRE.MatchString(s) {
		return "an EIN has the form XX-XXXXXXX"
	}
	if _, ok := einPrefixes[s[:2]]; !ok {
		return fmt.Sprintf("EIN prefix %s is not assigned by the IRS", s[:2])
	}
	return ""
}
