package validate

import (
	"fmt"
	"strconv"
	"strings"
)

func init() {
	register(validator{info: Info{Name: "iban", Category: CatFinance,
		Description: "IBAN: spaces removed and upper-cased, country length from the IBAN registry, ISO 7064 mod-97 == 1.",
		Params: []Param{{Name: "country", Type: "string",
			Description: "ISO 3166-1 alpha-2 code the IBAN must belong to.", Default: nil}},
		Example: "ES9121000418450200051332"}, check: checkIBAN})
	register(validator{info: Info{Name: "bic", Category: CatFinance,
		Description: "BIC / SWIFT code: 4-letter institution, ISO country, 2-character location, optional 3-character branch.",
		Example:     "CAIXESBBXXX"}, check: checkBIC})
	register(validator{info: Info{Name: "credit_card", Category: CatFinance,
		Description: "Payment card number: 13-19 digits (spaces and hyphens ignored) passing the Luhn checksum.",
		Example:     "4111 1111 1111 1111"}, check: checkCreditCard})
	register(validator{info: Info{Name: "currency_code", Category: CatFinance,
		Description: "ISO 4217 alphabetic currency code (case-insensitive).",
		Example:     "EUR"}, check: checkCurrency})
	register(validator{numeric: true, info: Info{Name: "amount", Category: CatFinance,
		Description: "Money amount that parses as a number; accepts thousands separators and a decimal comma. Zero and negative amounts fail unless allowed.",
		Params: []Param{
			{Name: "allow_zero", Type: "boolean", Description: "Accept 0.", Default: false},
			{Name: "allow_negative", Type: "boolean", Description: "Accept amounts below 0.", Default: false},
		},
		Example: "1,234.56"}, check: checkAmount})
	register(validator{info: Info{Name: "aba_routing", Category: CatFinance,
		Description: "US ABA routing transit number: 9 digits, a Federal Reserve prefix and the 3-7-1 checksum.",
		Example:     "021000021"}, check: checkABA})
}

// ibanLength is the total IBAN length per country, from the SWIFT IBAN
// registry: every SEPA country, Türkiye and the other registered users.
var ibanLength = map[string]int{
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

func checkIBAN(s string, p params) string {
	s = strings.ToUpper(strings.ReplaceAll(s, " ", ""))
	if len(s) < 15 || len(s) > 34 || !isUpperAlpha(s[:2]) || !allDigits(s[2:4]) || !isUpperAlnum(s[4:]) {
		return "not an IBAN"
	}
	cc := s[:2]
	want, ok := ibanLength[cc]
	if !ok {
		return fmt.Sprintf("country %s does not use IBAN", cc)
	}
	if len(s) != want {
		return fmt.Sprintf("an IBAN from %s has %d characters, got %d", cc, want, len(s))
	}
	if c := strings.ToUpper(p.str("country")); c != "" && c != cc {
		return fmt.Sprintf("IBAN is from %s, expected %s", cc, c)
	}
	if mod97(s[4:]+s[:4]) != 1 {
		return "IBAN checksum (mod 97) failed"
	}
	return ""
}

// mod97 computes the ISO 7064 MOD 97-10 remainder of an alphanumeric string,
// letters standing for 10..35, without big integers.
func mod97(s string) int {
	r := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			r = (r*100 + int(c-'A') + 10) % 97
		} else {
			r = (r*10 + int(c-'0')) % 97
		}
	}
	return r
}

func isUpperAlpha(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return s != ""
}

func isUpperAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		if !(s[i] >= 'A' && s[i] <= 'Z' || s[i] >= '0' && s[i] <= '9') {
			return false
		}
	}
	return s != ""
}

func checkBIC(s string, _ params) string {
	s = strings.ToUpper(s)
	if len(s) != 8 && len(s) != 11 {
		return "a BIC has 8 or 11 characters"
	}
	if !isUpperAlpha(s[:4]) || !isUpperAlnum(s[6:]) {
		return "not a BIC"
	}
	// XK (Kosovo) is user-assigned in ISO 3166 but SWIFT issues it.
	if cc := s[4:6]; !isCountry(cc) && cc != "XK" {
		return fmt.Sprintf("BIC country %s is not an ISO 3166 code", cc)
	}
	return ""
}

func checkCreditCard(s string, _ params) string {
	s = cardSeparators.Replace(s)
	if !allDigits(s) || len(s) < 13 || len(s) > 19 {
		return "a card number has 13-19 digits"
	}
	if !luhn(s) {
		return "card number checksum (Luhn) failed"
	}
	return ""
}

func checkCurrency(s string, _ params) string {
	if !isCurrency(strings.ToUpper(s)) {
		return "not an ISO 4217 currency code"
	}
	return ""
}

func checkAmount(s string, p params) string {
	f, ok := parseAmount(s)
	if !ok {
		return "not a number"
	}
	if f == 0 && !p.boolean("allow_zero", false) {
		return "amount must not be zero"
	}
	if f < 0 && !p.boolean("allow_negative", false) {
		return "amount must not be negative"
	}
	return ""
}

// Replacers are built once: building one costs far more than using it.
var (
	amountSpaces   = strings.NewReplacer(" ", "", "\u00a0", "", "'", "")
	groupMarks     = strings.NewReplacer(".", "", ",", "")
	cardSeparators = strings.NewReplacer(" ", "", "-", "")
)

// parseAmount reads plain numbers and both grouping styles (1,234.56 and
// 1.234,56). A separator that occurs once and is followed by exactly three
// digits is read as grouping ("1.500" on a Spanish invoice is 1500); for
// validation the ambiguity is harmless, as it never changes the sign or
// turns zero into non-zero.
func parseAmount(s string) (float64, bool) {
	s = amountSpaces.Replace(s)
	sign := ""
	if s != "" && (s[0] == '-' || s[0] == '+') {
		sign, s = s[:1], s[1:]
	}
	if s == "" || strings.Trim(s, "0123456789.,") != "" {
		return 0, false
	}
	dec := byte(0)
	dot, comma := strings.LastIndexByte(s, '.'), strings.LastIndexByte(s, ',')
	switch {
	case dot >= 0 && comma >= 0:
		dec = '.'
		if comma > dot {
			dec = ','
		}
	case dot >= 0 || comma >= 0:
		sep := byte('.')
		if comma >= 0 {
			sep = ','
		}
		if strings.Count(s, string(sep)) == 1 && !groupedThousands(s, sep) {
			dec = sep
		}
	}
	intPart, frac := s, ""
	if dec != 0 {
		i := strings.LastIndexByte(s, dec)
		intPart, frac = s[:i], s[i+1:]
		if frac == "" || !allDigits(frac) {
			return 0, false
		}
	}
	if strings.ContainsAny(intPart, ".,") {
		if !groupedThousands(intPart, intPart[strings.IndexAny(intPart, ".,")]) {
			return 0, false
		}
		intPart = groupMarks.Replace(intPart)
	}
	if !allDigits(intPart) {
		return 0, false
	}
	num := sign + intPart
	if frac != "" {
		num += "." + frac
	}
	f, err := strconv.ParseFloat(num, 64)
	return f, err == nil
}

// groupedThousands reports whether s is a 1-3 digit head followed by
// groups of exactly three digits, all split by sep (and only by sep).
func groupedThousands(s string, sep byte) bool {
	parts := strings.Split(s, string(sep))
	if len(parts) < 2 || len(parts[0]) == 0 || len(parts[0]) > 3 || !allDigits(parts[0]) {
		return false
	}
	for _, g := range parts[1:] {
		if len(g) != 3 || !allDigits(g) {
			return false
		}
	}
	return true
}

// abaPrefix reports whether the first two digits name a Federal Reserve
// routing symbol: 00 (government), 01-12 and 21-32 (banks and thrifts),
// 61-72 (electronic) and 80 (traveller's cheques).
func abaPrefix(p int) bool {
	return p <= 12 || (p >= 21 && p <= 32) || (p >= 61 && p <= 72) || p == 80
}

func checkABA(s string, _ params) string {
	if len(s) != 9 || !allDigits(s) {
		return "a routing number has 9 digits"
	}
	d := digitsOf(s)
	if !abaPrefix(d[0]*10 + d[1]) {
		return "routing number prefix is not a Federal Reserve routing symbol"
	}
	if weighted(d, 3, 7, 1, 3, 7, 1, 3, 7, 1)%10 != 0 {
		return "routing number checksum failed"
	}
	return ""
}
