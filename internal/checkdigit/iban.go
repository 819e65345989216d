package checkdigit

import (
	"slices"
	"strconv"
)

// ibanLengths is the total IBAN length per country code as the SWIFT IBAN
// registry lists it (ISO 13616): every SEPA country, Türkiye and the other
// registered users, including the 2021-2024 additions (BI, DJ, FK, HN, LY,
// MN, NI, OM, RU, SD, SO, YE). Dependent territories that print their
// parent's prefix (Åland as FI, Jersey as GB, Réunion as FR) need no entry.
var ibanLengths = map[string]int{
	"AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22,
	"BH": 22, "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24,
	"DE": 22, "DJ": 27, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18,
	"FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27,
	"GT": 28, "HN": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
	"IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20,
	"LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20,
	"MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PK": 24,
	"PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24,
	"SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25,
	"SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
	"YE": 30,
}

// ISO 13616 bounds every IBAN; the registry's shortest is Norway's (15),
// and 34 leaves room for countries that register longer ones.
const (
	IBANMinLen = 15
	IBANMaxLen = 34
)

// IBANLength returns the IBAN length of country cc and whether cc issues
// IBANs at all.
func IBANLength(cc string) (int, bool) {
	n, ok := ibanLengths[cc]
	return n, ok
}

// IBANCountries returns the registry's country codes, sorted.
func IBANCountries() []string {
	cs := make([]string, 0, len(ibanLengths))
	for cc := range ibanLengths {
		cs = append(cs, cc)
	}
	slices.Sort(cs)
	return cs
}

// IBAN checks a compact IBAN. It returns ErrFormat unless s is two
// letters, two digits and up to 30 letters or digits, or when the BBAN
// does not have its country's structure (see BBAN); ErrRange when the
// country issues no IBAN; ErrLength when the length is not the country's;
// ErrChecksum when the ISO 7064 MOD 97-10 check fails.
func IBAN(s string) error {
	if len(s) < IBANMinLen || len(s) > IBANMaxLen || !allLetters(s[:2]) || !allDigits(s[2:4]) || !allAlnum(s[4:]) {
		return ErrFormat
	}
	n, ok := ibanLengths[s[:2]]
	switch {
	case !ok:
		return ErrRange
	case len(s) != n:
		return ErrLength
	case BBAN(s) != nil:
		return ErrFormat
	}
	return check(IBANChecksum(s))
}

// IBANChecksum reports whether s passes the ISO 13616 check alone: the
// first four characters moved to the end leave remainder 1 under MOD
// 97-10. It ignores the country table, for readers that repair OCR errors
// and judge the length themselves.
func IBANChecksum(s string) bool {
	return len(s) > 4 && mod97(mod97(0, s[4:]), s[:4]) == 1
}

// IBANCheckDigits returns the two check digits that make cc + digits +
// bban a valid IBAN; bban must be digits and upper-case letters.
func IBANCheckDigits(cc, bban string) string {
	c := 98 - mod97(mod97(mod97(0, bban), cc), "00")
	if c < 10 {
		return "0" + strconv.Itoa(c)
	}
	return strconv.Itoa(c)
}
