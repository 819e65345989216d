package validate

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

func init() {
	register(validator{info: Info{Name: "vat_id", Category: CatNationalIDs,
		Description: "VAT number in the national format (EU members, GB/XI, CH, NO, TR) with the check digits where the algorithm is public (AT BE DE DK ES FI FR HR IT LU NL PL PT SE SK CH NO TR).",
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

var vatRules = map[string]vatRule{
	"AT": {regexp.MustCompile(`^U\d{8}$`), vatAT},
	"BE": {regexp.MustCompile(`^[01]\d{9}$`), vatBE},
	"BG": {regexp.MustCompile(`^\d{9,10}$`), nil},
	"CY": {regexp.MustCompile(`^\d{8}[A-Z]$`), nil},
	"CZ": {regexp.MustCompile(`^\d{8,10}$`), nil},
	"DE": {regexp.MustCompile(`^\d{9}$`), func(b string) bool { return mod1110(b) }},
	"DK": {regexp.MustCompile(`^\d{8}$`), func(b string) bool { return weighted(digitsOf(b), 2, 7, 6, 5, 4, 3, 2, 1)%11 == 0 }},
	"EE": {regexp.MustCompile(`^10\d{7}$`), nil},
	"EL": {regexp.MustCompile(`^\d{9}$`), nil},
	"ES": {regexp.MustCompile(`^[A-Z0-9]\d{7}[A-Z0-9]$`), validSpanishID},
	"FI": {regexp.MustCompile(`^\d{8}$`), vatFI},
	"FR": {regexp.MustCompile(`^[0-9A-HJ-NP-Z]{2}\d{9}$`), vatFR},
	"HR": {regexp.MustCompile(`^\d{11}$`), func(b string) bool { return mod1110(b) }},
	"HU": {regexp.MustCompile(`^\d{8}$`), nil},
	"IE": {regexp.MustCompile(`^(\d{7}[A-W][A-IW]?|\d[A-Z+*]\d{5}[A-W])$`), nil},
	"IT": {regexp.MustCompile(`^\d{11}$`), luhn},
	"LT": {regexp.MustCompile(`^(\d{9}|\d{12})$`), nil},
	"LU": {regexp.MustCompile(`^\d{8}$`), vatLU},
	"LV": {regexp.MustCompile(`^\d{11}$`), nil},
	"MT": {regexp.MustCompile(`^[1-9]\d{7}$`), nil},
	"NL": {regexp.MustCompile(`^\d{9}B\d{2}$`), vatNL},
	"PL": {regexp.MustCompile(`^\d{10}$`), vatPL},
	"PT": {regexp.MustCompile(`^[1-9]\d{8}$`), vatPT},
	"RO": {regexp.MustCompile(`^[1-9]\d{1,9}$`), nil},
	"SE": {regexp.MustCompile(`^\d{10}01$`), func(b string) bool { return luhn(b[:10]) }},
	"SI": {regexp.MustCompile(`^[1-9]\d{7}$`), nil},
	"SK": {regexp.MustCompile(`^[1-9]\d{9}$`), vatSK},
	"GB": {regexp.MustCompile(`^(\d{9}|\d{12}|GD[0-4]\d{2}|HA[5-9]\d{2})$`), nil},
	"XI": {regexp.MustCompile(`^(\d{9}|\d{12}|GD[0-4]\d{2}|HA[5-9]\d{2})$`), nil},
	"CH": {regexp.MustCompile(`^E\d{9}(MWST|TVA|IVA)?$`), vatCH},
	"NO": {regexp.MustCompile(`^\d{9}(MVA)?$`), vatNO},
	"TR": {regexp.MustCompile(`^\d{10}$`), vknOK},
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

// mod1110 is ISO 7064 MOD 11,10 over all digits but the last, which it
// must produce (Germany, Croatia).
func mod1110(b string) bool {
	d := digitsOf(b)
	product := 10
	for _, v := range d[:len(d)-1] {
		sum := (v + product) % 10
		if sum == 0 {
			sum = 10
		}
		product = (2 * sum) % 11
	}
	check := 11 - product
	if check == 10 {
		check = 0
	}
	return check == d[len(d)-1]
}

func vatAT(b string) bool {
	d := digitsOf(b[1:])
	sum := d[0] + d[2] + d[4] + d[6]
	for _, i := range []int{1, 3, 5} {
		v := 2 * d[i]
		sum += v/10 + v%10
	}
	return (10-(sum+4)%10)%10 == d[7]
}

func vatBE(b string) bool {
	n, _ := strconv.Atoi(b[:8])
	c, _ := strconv.Atoi(b[8:])
	return 97-n%97 == c
}

func vatFI(b string) bool {
	d := digitsOf(b)
	r := weighted(d, 7, 9, 10, 5, 8, 4, 2) % 11
	switch r {
	case 0:
		return d[7] == 0
	case 1:
		return false
	}
	return 11-r == d[7]
}

// vatFR checks the numeric key against the SIREN; the newer alphanumeric
// keys use an algorithm the administration does not publish.
func vatFR(b string) bool {
	if !allDigits(b[:2]) {
		return true
	}
	key, _ := strconv.Atoi(b[:2])
	siren, _ := strconv.Atoi(b[2:])
	return (12+3*(siren%97))%97 == key
}

func vatLU(b string) bool {
	n, _ := strconv.Atoi(b[:6])
	c, _ := strconv.Atoi(b[6:])
	return n%89 == c
}

// vatNL accepts the classic mod-11 (legal entities) and the mod-97 over
// "NL"+number that sole-proprietor ids use since 2020.
func vatNL(b string) bool {
	d := digitsOf(b[:9])
	if r := weighted(d, 9, 8, 7, 6, 5, 4, 3, 2) % 11; r != 10 && r == d[8] {
		return true
	}
	return mod97("NL"+b) == 1
}

func vatPL(b string) bool {
	d := digitsOf(b)
	r := weighted(d, 6, 5, 7, 2, 3, 4, 5, 6, 7) % 11
	return r != 10 && r == d[9]
}

func vatPT(b string) bool {
	d := digitsOf(b)
	c := 11 - weighted(d, 9, 8, 7, 6, 5, 4, 3, 2)%11
	if c >= 10 {
		c = 0
	}
	return c == d[8]
}

func vatSK(b string) bool {
	n, _ := strconv.ParseInt(b, 10, 64)
	return n%11 == 0
}

func vatCH(b string) bool {
	d := digitsOf(b[1:10])
	c := 11 - weighted(d, 5, 4, 3, 2, 7, 6, 5, 4)%11
	if c == 11 {
		c = 0
	}
	return c != 10 && c == d[8]
}

func vatNO(b string) bool {
	d := digitsOf(b[:9])
	c := 11 - weighted(d, 3, 2, 7, 6, 5, 4, 3, 2)%11
	if c == 11 {
		c = 0
	}
	return c != 10 && c == d[8]
}
