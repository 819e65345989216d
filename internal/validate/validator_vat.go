package validate

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/quarrydev/quarry/internal/checkdigit"
)

func init() {
	register(validator{info: Info{Name: "vat_id", Category: CatNationalIDs,
		Description: "VAT number in the national format (EU members, GB/XI, CH, NO, TR) with the check digits where the algorithm is public (every EU member, GB/XI, CH, NO, TR).",
		Params: []Param{{Name: "country", Type: "string",
			Description: "ISO 3166-1 alpha-2 code; defaults to the value's two-letter prefix (GR and EL are the same).", Default: nil}},
		Example: "DE136695976"}, check: checkVAT})
}

type vatRule struct {
	body *regexp.Regexp
	// sum checks the body (the part after the country prefix) once it
	// matched; nil means the country publishes no usable algorithm.
	sum func(body string) bool
}

// ok adapts a checkdigit check to the rule table's verdict.
func ok(check func(string) error) func(string) bool {
	return func(b string) bool { return check(b) == nil }
}

var vatRules = map[string]vatRule{
	"AT": {regexp.MustCompile(`^U\d{8}$`), ok(checkdigit.VATAT)},
	"BE": {regexp.MustCompile(`^[01]\d{9}$`), ok(checkdigit.VATBE)},
	"BG": {regexp.MustCompile(`^\d{9,10}$`), ok(checkdigit.VATBG)},
	"CY": {regexp.MustCompile(`^\d{8}[A-Z]$`), ok(checkdigit.VATCY)},
	"CZ": {regexp.MustCompile(`^\d{8,10}$`), ok(checkdigit.VATCZ)},
	"DE": {regexp.MustCompile(`^\d{9}$`), checkdigit.Mod11_10},
	"DK": {regexp.MustCompile(`^\d{8}$`), ok(checkdigit.VATDK)},
	"EE": {regexp.MustCompile(`^10\d{7}$`), ok(checkdigit.VATEE)},
	"EL": {regexp.MustCompile(`^\d{9}$`), ok(checkdigit.VATEL)},
	"ES": {regexp.MustCompile(`^[A-Z0-9]\d{7}[A-Z0-9]$`), validSpanishID},
	"FI": {regexp.MustCompile(`^\d{8}$`), ok(checkdigit.VATFI)},
	"FR": {regexp.MustCompile(`^[0-9A-HJ-NP-Z]{2}\d{9}$`), ok(checkdigit.VATFR)},
	"HR": {regexp.MustCompile(`^\d{11}$`), checkdigit.Mod11_10},
	"HU": {regexp.MustCompile(`^\d{8}$`), ok(checkdigit.VATHU)},
	"IE": {regexp.MustCompile(`^(\d{7}[A-W][A-IW]?|\d[A-Z+*]\d{5}[A-W])$`), ok(checkdigit.VATIE)},
	"IT": {regexp.MustCompile(`^\d{11}$`), checkdigit.Luhn},
	"LT": {regexp.MustCompile(`^(\d{9}|\d{12})$`), ok(checkdigit.VATLT)},
	"LU": {regexp.MustCompile(`^\d{8}$`), ok(checkdigit.VATLU)},
	"LV": {regexp.MustCompile(`^\d{11}$`), ok(checkdigit.VATLV)},
	"MT": {regexp.MustCompile(`^[1-9]\d{7}$`), ok(checkdigit.VATMT)},
	"NL": {regexp.MustCompile(`^\d{9}B\d{2}$`), ok(checkdigit.VATNL)},
	"PL": {regexp.MustCompile(`^\d{10}$`), ok(checkdigit.NIP)},
	"PT": {regexp.MustCompile(`^[1-9]\d{8}$`), ok(checkdigit.NIFPT)},
	"RO": {regexp.MustCompile(`^[1-9]\d{1,9}$`), ok(checkdigit.VATRO)},
	"SE": {regexp.MustCompile(`^\d{10}01$`), func(b string) bool { return checkdigit.Luhn(b[:10]) }},
	"SI": {regexp.MustCompile(`^[1-9]\d{7}$`), ok(checkdigit.VATSI)},
	"SK": {regexp.MustCompile(`^[1-9]\d{9}$`), ok(checkdigit.VATSK)},
	"GB": {regexp.MustCompile(`^(\d{9}|\d{12}|GD[0-4]\d{2}|HA[5-9]\d{2})$`), ok(checkdigit.VATGB)},
	"XI": {regexp.MustCompile(`^(\d{9}|\d{12}|GD[0-4]\d{2}|HA[5-9]\d{2})$`), ok(checkdigit.VATGB)},
	// The body may end in a language suffix; the check covers E + 9 digits.
	"CH": {regexp.MustCompile(`^E\d{9}(MWST|TVA|IVA)?$`), func(b string) bool { return checkdigit.VATCH(b[:10]) == nil }},
	"NO": {regexp.MustCompile(`^\d{9}(MVA)?$`), func(b string) bool { return checkdigit.VATNO(b[:9]) == nil }},
	"TR": {regexp.MustCompile(`^\d{10}$`), ok(checkdigit.VKN)},
}

// vatCountry maps ISO codes to the VAT prefix where they differ.
func vatCountry(c string) string {
	if c == "GR" {
		return "EL"
	}
	return c
}

func checkVAT(s string, p params) string {
	s = compact(s)
	want := vatCountry(strings.ToUpper(p.str("country")))
	country, body := "", s
	if len(s) > 2 && isUpperAlpha(s[:2]) {
		if _, ok := vatRules[vatCountry(s[:2])]; ok {
			country, body = vatCountry(s[:2]), s[2:]
		}
	}
	switch {
	case country == "" && want == "":
		return "VAT number has no country prefix and no country param"
	case country == "":
		country = want
	case want != "" && want != country:
		return fmt.Sprintf("VAT number is from %s, expected %s", country, want)
	}
	rule, ok := vatRules[country]
	if !ok {
		return fmt.Sprintf("no VAT format known for %s", country)
	}
	if !rule.body.MatchString(body) {
		return fmt.Sprintf("not a %s VAT number", country)
	}
	if rule.sum != nil && !rule.sum(body) {
		return fmt.Sprintf("%s VAT number check digit is wrong", country)
	}
	return ""
}
