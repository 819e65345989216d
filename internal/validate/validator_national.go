package validate

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/quarrydev/quarry/internal/checkdigit"
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

func checkNIF(s string, _ params) string {
	switch checkdigit.DNI(compact(s)) {
	case checkdigit.ErrFormat:
		return "a NIF has 8 digits and a letter"
	case checkdigit.ErrChecksum:
		return "NIF control letter is wrong"
	}
	return ""
}

func checkNIE(s string, _ params) string {
	switch checkdigit.NIE(compact(s)) {
	case checkdigit.ErrFormat:
		return "a NIE has X, Y or Z, 7 digits and a letter"
	case checkdigit.ErrChecksum:
		return "NIE control letter is wrong"
	}
	return ""
}

func checkCIF(s string, _ params) string {
	s = compact(s)
	switch checkdigit.CIF(s) {
	case checkdigit.ErrFormat:
		return "a CIF has an organisation letter, 7 digits and a control character"
	case checkdigit.ErrChecksum:
		// Name the kind of control the organisation letter calls for.
		switch c := checkdigit.CIFControls(s[0], s[1:8]); {
		case len(c) == 2:
			return "CIF control character is wrong"
		case c[0] >= '0' && c[0] <= '9':
			return "CIF control digit is wrong"
		default:
			return "CIF control letter is wrong"
		}
	}
	return ""
}

// validSpanishID accepts any of the three Spanish ids; a Spanish VAT
// number is one of them behind the ES prefix.
func validSpanishID(s string) bool {
	return checkdigit.DNI(s) == nil || checkdigit.NIE(s) == nil || checkdigit.CIF(s) == nil
}

var ssnRE = regexp.MustCompile(`^(\d{3})-?(\d{2})-?(\d{4})$`)

func checkSSN(s string, _ params) string {
	m := ssnRE.FindStringSubmatch(strings.ReplaceAll(s, " ", "-"))
	if m == nil {
		return "an SSN has the form AAA-GG-SSSS"
	}
	switch checkdigit.SSN(m[1] + m[2] + m[3]) {
	case checkdigit.ErrSSNArea:
		return "SSN area number is never issued"
	case checkdigit.ErrSSNGroup:
		return "SSN group number 00 is never issued"
	case checkdigit.ErrSSNSerial:
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
	if checkdigit.TCKN(s) == checkdigit.ErrFormat {
		return "a TCKN has 11 digits and does not start with 0"
	}
	switch want := checkdigit.TCKNCheckDigits(s[:9]); {
	case s[9] != want[0]:
		return "TCKN 10th digit is wrong"
	case s[10] != want[1]:
		return "TCKN 11th digit is wrong"
	}
	return ""
}

func checkVKN(s string, _ params) string {
	switch checkdigit.VKN(s) {
	case checkdigit.ErrFormat:
		return "a VKN has 10 digits"
	case checkdigit.ErrChecksum:
		return "VKN check digit is wrong"
	}
	return ""
}

var einRE = regexp.MustCompile(`^\d{2}-?\d{7}$`)

func checkEIN(s string, _ params) string {
	if !einRE.MatchString(s) {
		return "an EIN has the form XX-XXXXXXX"
	}
	if checkdigit.EIN(strings.Replace(s, "-", "", 1)) != nil {
		return fmt.Sprintf("EIN prefix %s is not assigned by the IRS", s[:2])
	}
	return ""
}
