package validate

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/quarrydev/quarry/internal/checkdigit"
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

func checkIBAN(s string, p params) string {
	s = strings.ToUpper(strings.ReplaceAll(s, " ", ""))
	err := checkdigit.IBAN(s)
	switch {
	case errors.Is(err, checkdigit.ErrFormat):
		return "not an IBAN"
	case errors.Is(err, checkdigit.ErrRange):
		return fmt.Sprintf("country %s does not use IBAN", s[:2])
	case errors.Is(err, checkdigit.ErrLength):
		want, _ := checkdigit.IBANLength(s[:2])
		return fmt.Sprintf("an IBAN from %s has %d characters, got %d", s[:2], want, len(s))
	}
	// The country param is judged before the checksum, so a foreign IBAN
	// is reported as foreign even when it is also mistyped.
	if c := strings.ToUpper(p.str("country")); c != "" && c != s[:2] {
		return fmt.Sprintf("IBAN is from %s, expected %s", s[:2], c)
	}
	if err != nil {
		return "IBAN checksum (mod 97) failed"
	}
	return ""
}

func checkBIC(s string, _ params) string {
	s = strings.ToUpper(s)
	switch checkdigit.BIC(s) {
	case checkdigit.ErrLength:
		return "a BIC has 8 or 11 characters"
	case checkdigit.ErrFormat:
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
	if !checkdigit.Luhn(s) {
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

func checkABA(s string, _ params) string {
	switch checkdigit.ABA(s) {
	case checkdigit.ErrFormat:
		return "a routing number has 9 digits"
	case checkdigit.ErrRange:
		return "routing number prefix is not a Federal Reserve routing symbol"
	case checkdigit.ErrChecksum:
		return "routing number checksum failed"
	}
	return ""
}
