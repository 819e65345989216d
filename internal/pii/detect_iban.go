package pii

import (
	"math/rand/v2"
	"strings"
)

// IBANs: one check (country length + ISO 7064 mod 97) and three types, so
// that a Turkish IBAN reports as iban_tr, an EU/EEA one as iban_intl and
// any other as iban. When the specific type is filtered out the generic
// "iban" still reports it (it scores a little lower, so the specific type
// wins whenever both are enabled).

var ibanLength = map[string]int{
	"AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29,
	"BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20, "EG": 29,
	"ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28,
	"HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20,
	"LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22,
	"MK": 19, "MR": 27, "MT": 31, "MU": 30, "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25,
	"QA": 29, "RO": 24, "RS": 22, "SA": 24, "SC": 31, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "ST": 25,
	"SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
}

// EU/EEA members plus the SEPA countries the GDPR family covers.
const ibanEEA = "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK IS LI NO CH GB MC SM VA AD GI"

func validIBAN(b []byte) bool {
	if len(b) < 15 || !isLetter(b[0]) || !isLetter(b[1]) || !isDigit(b[2]) || !isDigit(b[3]) {
		return false
	}
	if ibanLength[string(b[:2])] != len(b) {
		return false
	}
	return ibanMod97(b)
}

func ibanCheck(countries func(cc string) bool) func(c *cand) (float64, bool) {
	return func(c *cand) (float64, bool) {
		if !validIBAN(c.compact) || !countries(string(c.compact[:2])) {
			return 0, false
		}
		// Printed IBANs come whole or in groups of four.
		if len(c.groups) > 1 {
			for i, g := range c.groups[:len(c.groups)-1] {
				if g != 4 && !(i == 0 && g == 2) {
					return 0, false
				}
			}
		}
		return 0, true
	}
}

func synthIBAN(r *rand.Rand, cc string) string {
	n := ibanLength[cc]
	bban := randDigits(r, n-4)
	tmp := append(append(append([]byte{}, bban...), cc...), '0', '0')
	check := 98 - mod97(tmp)
	s := cc + d2(check) + string(bban)
	return group(s, " ", 4, 4, 4, 4, 4, 4, 4)
}

func init() {
	eea := map[string]bool{}
	for _, cc := range strings.Fields(ibanEEA) {
		eea[cc] = true
	}
	register(&detector{
		TypeInfo: TypeInfo{Name: "iban", Jurisdiction: JurisdictionGlobal,
			Description: "IBAN of any country (per-country length, mod 97)", Example: "SA03 8000 0000 6080 1016 7519", Checksum: true},
		base: 0.9, minLen: 15, maxLen: 34, alnum: true, seps: sepSpace | sepDash, label: "IBAN",
		check: ibanCheck(func(string) bool { return true }),
		synth: func(r *rand.Rand) string { return synthIBAN(r, []string{"SA", "AE", "QA", "KW", "BR"}[r.IntN(5)]) },
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "iban_tr", Jurisdiction: JurisdictionTR, Country: "TR",
			Description: "Turkish IBAN (TR, 26 characters, mod 97)", Example: "TR33 0006 1005 1978 6457 8413 26", Checksum: true},
		base: 0.95, minLen: 26, maxLen: 26, alnum: true, seps: sepSpace | sepDash, label: "IBAN",
		check: ibanCheck(func(cc string) bool { return cc == "TR" }),
		synth: func(r *rand.Rand) string { return synthIBAN(r, "TR") },
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "iban_intl", Jurisdiction: JurisdictionEU,
			Description: "IBAN of an EU/EEA/SEPA country (per-country length, mod 97)", Example: "DE89 3704 0044 0532 0130 00", Checksum: true},
		base: 0.95, minLen: 15, maxLen: 34, alnum: true, seps: sepSpace | sepDash, label: "IBAN",
		check: ibanCheck(func(cc string) bool { return eea[cc] }),
		synth: func(r *rand.Rand) string {
			return synthIBAN(r, []string{"DE", "FR", "ES", "IT", "NL", "BE", "AT", "PL"}[r.IntN(8)])
		},
	})
}
