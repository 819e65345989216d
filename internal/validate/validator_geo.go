package validate

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

func init() {
	register(validator{info: Info{Name: "phone_e164", Category: CatPhone,
		Description: "E.164 phone number: + then 7-15 digits, first digit not 0. Spaces, hyphens, dots and parentheses between digits are ignored.",
		Example:     "+34 600 123 456"}, check: checkE164})
	register(validator{info: Info{Name: "country_code", Category: CatGeo,
		Description: "ISO 3166-1 alpha-2 country code (case-insensitive).",
		Example:     "ES"}, check: checkCountry})
	register(validator{info: Info{Name: "language_code", Category: CatGeo,
		Description: "ISO 639-1 two-letter language code (case-insensitive).",
		Example:     "es"}, check: checkLanguage})
	register(validator{info: Info{Name: "postal_code", Category: CatGeo,
		Description: "Postal code in the format of the given country; without a known country a lenient 3-10 character alphanumeric shape with a digit.",
		Params: []Param{{Name: "country", Type: "string",
			Description: "ISO 3166-1 alpha-2 code selecting the national format.", Default: nil}},
		Example: "28013"}, check: checkPostal})
	register(validator{numeric: true, info: Info{Name: "latitude", Category: CatGeo,
		Description: "Decimal latitude between -90 and 90 (numbers accepted too).",
		Example:     "40.4168"}, check: rangeCheck("latitude", 90)})
	register(validator{numeric: true, info: Info{Name: "longitude", Category: CatGeo,
		Description: "Decimal longitude between -180 and 180 (numbers accepted too).",
		Example:     "-3.7038"}, check: rangeCheck("longitude", 180)})
}

var phoneSeparators = strings.NewReplacer(" ", "", "-", "", ".", "", "(", "", ")", "")

var e164RE = regexp.MustCompile(`^\+[1-9]\d{6,14}$`)

func checkE164(s string, _ params) string {
	if !e164RE.MatchString(phoneSeparators.Replace(s)) {
		return "not an E.164 phone number"
	}
	return ""
}

func checkCountry(s string, _ params) string {
	if len(s) != 2 || !isCountry(strings.ToUpper(s)) {
		return "not an ISO 3166-1 alpha-2 country code"
	}
	return ""
}

func checkLanguage(s string, _ params) string {
	if _, ok := iso639[strings.ToLower(s)]; !ok || len(s) != 2 {
		return "not an ISO 639-1 language code"
	}
	return ""
}

// postalRE holds national postal code formats, matched against the
// upper-cased value. Where a country's first digits encode a region with a
// known range (ES provinces 01-52, TR provinces 01-81) the range is checked.
var postalRE = map[string]*regexp.Regexp{
	"ES": regexp.MustCompile(`^(0[1-9]|[1-4]\d|5[0-2])\d{3}$`),
	"FR": regexp.MustCompile(`^(0[1-9]|[1-8]\d|9[0-8])\d{3}$`),
	"DE": regexp.MustCompile(`^(0[1-9]|[1-9]\d)\d{3}$`),
	"IT": regexp.MustCompile(`^\d{5}$`),
	"GB": regexp.MustCompile(`^([A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|GIR ?0AA)$`),
	"US": regexp.MustCompile(`^\d{5}(-\d{4})?$`),
	"PT": regexp.MustCompile(`^[1-9]\d{3}-\d{3}$`),
	"NL": regexp.MustCompile(`^[1-9]\d{3} ?[A-Z]{2}$`),
	"BE": regexp.MustCompile(`^[1-9]\d{3}$`),
	"BR": regexp.MustCompile(`^\d{5}-?\d{3}$`),
	"TR": regexp.MustCompile(`^(0[1-9]|[1-7]\d|8[01])\d{3}$`),
	"AT": regexp.MustCompile(`^[1-9]\d{3}$`),
	"CH": regexp.MustCompile(`^[1-9]\d{3}$`),
	"LU": regexp.MustCompile(`^(L-)?\d{4}$`),
	"IE": regexp.MustCompile(`^([AC-FHKNPRTV-Y]\d{2}|D6W) ?[0-9AC-FHKNPRTV-Y]{4}$`),
	"PL": regexp.MustCompile(`^\d{2}-\d{3}$`),
	"SE": regexp.MustCompile(`^[1-9]\d{2} ?\d{2}$`),
	"DK": regexp.MustCompile(`^[1-9]\d{3}$`),
	"NO": regexp.MustCompile(`^\d{4}$`),
	"FI": regexp.MustCompile(`^\d{5}$`),
	"GR": regexp.MustCompile(`^\d{3} ?\d{2}$`),
	"CZ": regexp.MustCompile(`^\d{3} ?\d{2}$`),
	"SK": regexp.MustCompile(`^\d{3} ?\d{2}$`),
	"RO": regexp.MustCompile(`^\d{6}$`),
	"MX": regexp.MustCompile(`^\d{5}$`),
	"CA": regexp.MustCompile(`^[ABCEGHJ-NPRSTVXY]\d[A-Z] ?\d[A-Z]\d$`),
	"JP": regexp.MustCompile(`^\d{3}-?\d{4}$`),
	"AU": regexp.MustCompile(`^\d{4}$`),
	"IN": regexp.MustCompile(`^[1-9]\d{5}$`),
	"AR": regexp.MustCompile(`^([A-Z]\d{4}[A-Z]{3}|\d{4})$`),
}

var lenientPostalRE = regexp.MustCompile(`^[A-Z0-9][A-Z0-9 -]{1,8}[A-Z0-9]$`)

func checkPostal(s string, p params) string {
	s = strings.ToUpper(s)
	country := strings.ToUpper(p.str("country"))
	if re, ok := postalRE[country]; ok {
		if !re.MatchString(s) {
			return fmt.Sprintf("not a %s postal code", country)
		}
		return ""
	}
	if !lenientPostalRE.MatchString(s) || !strings.ContainsAny(s, "0123456789") {
		return "not a postal code"
	}
	return ""
}

func rangeCheck(what string, limit float64) checkFunc {
	return func(s string, _ params) string {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || strings.ContainsAny(s, "xXpPeEiInN_") {
			return fmt.Sprintf("%s is not a decimal number", what)
		}
		if f < -limit || f > limit {
			return fmt.Sprintf("%s must be between %g and %g", what, -limit, limit)
		}
		return ""
	}
}
