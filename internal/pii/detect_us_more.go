package pii

import (
	"math/rand/v2"
	"strings"

	"github.com/quarrydev/quarry/internal/checkdigit"
)

// United States beyond SSN, ITIN, EIN and routing numbers: bank accounts,
// Medicare and provider identifiers, prescriber licences, ZIP codes and
// the driver's licence formats of the fifty states.

// usLicenceFormats are the driver's licence number layouts of the states
// (and DC): l is a letter, d a digit, a either; a range "7-9" repeats the
// class; capital letters stand for themselves. Layouts shorter than six
// characters are left out: with only a label behind them they would take
// any short number.
var usLicenceFormats = map[string]string{
	"AL": "d7-8", "AK": "d6-7", "AZ": "l1d8 d9 l2d3-5", "AR": "d8-9", "CA": "l1d7", "CO": "d9 l1d5-6 l2d4-5",
	"CT": "d9", "DE": "d6-7", "DC": "d7 d9", "FL": "l1d12", "GA": "d7-9", "HI": "H1d8 d9", "ID": "l2d6l1 d9",
	"IL": "l1d11-12", "IN": "l1d9 d9-10", "IA": "d9 d3l2d4", "KS": "l1d1l1d1l1 K1d8 d9", "KY": "l1d8-9 d9",
	"LA": "d8-9", "ME": "d7-8 d7l1", "MD": "l1d12", "MA": "l1d8 d9", "MI": "l1d10 l1d12", "MN": "l1d12",
	"MS": "d9", "MO": "l1d5-9 l1d6R1 d8l2 d9l1 d9", "MT": "l1d8 d13-14 d9", "NE": "l1d6-8", "NV": "d9-10 d12 X1d8",
	"NH": "d2l3d5", "NJ": "l1d14", "NM": "d8-9", "NY": "l1d7 l1d18 d8-9 d16 l8", "NC": "d6-12", "ND": "l3d6 d9",
	"OH": "l1d5-8 l2d3-7 d8", "OK": "l1d9 d9", "OR": "d6-9 l1d6 l2d5", "PA": "d8", "RI": "d7 l1d6", "SC": "d6-11",
	"SD": "d6-10 d12", "TN": "d7-9", "TX": "d7-8", "UT": "d6-10", "VT": "d8 d7A1", "VA": "l1d8-11 d9",
	"WA": "WDLa9 l7a5", "WV": "d7 l1-2d5-6", "WI": "l1d13", "WY": "d9-10",
}

type layoutSeg struct {
	class    byte // 'l', 'd', 'a' or a literal upper-case letter
	min, max int
}

var usLicenceLayouts [][]layoutSeg

func init() {
	for _, fs := range usLicenceFormats {
		for _, f := range strings.Fields(fs) {
			usLicenceLayouts = append(usLicenceLayouts, parseLayout(f))
		}
	}
}

// parseLayout reads "l1d5-6" into segments.
func parseLayout(f string) []layoutSeg {
	var segs []layoutSeg
	for i := 0; i < len(f); {
		s := layoutSeg{class: f[i]}
		i++
		j := i
		for j < len(f) && isDigit(f[j]) {
			j++
		}
		s.min = num([]byte(f[i:j]))
		s.max = s.min
		i = j
		if i < len(f) && f[i] == '-' {
			j = i + 1
			for j < len(f) && isDigit(f[j]) {
				j++
			}
			s.max = num([]byte(f[i+1 : j]))
			i = j
		}
		segs = append(segs, s)
	}
	return segs
}

func segAccepts(class, c byte) bool {
	switch class {
	case 'l':
		return isLetter(c)
	case 'd':
		return isDigit(c)
	case 'a':
		return isLetter(c) || isDigit(c)
	}
	return c == class
}

// matchLayout matches b against segs, backtracking over the ranges.
func matchLayout(b []byte, segs []layoutSeg) bool {
	if len(segs) == 0 {
		return len(b) == 0
	}
	s := segs[0]
	for n := 0; n <= s.max && n <= len(b); n++ {
		if n > 0 && !segAccepts(s.class, b[n-1]) {
			return false
		}
		if n >= s.min && matchLayout(b[n:], segs[1:]) {
			return true
		}
	}
	return false
}

func validUSLicence(b []byte) bool {
	for _, l := range usLicenceLayouts {
		if matchLayout(b, l) {
			return true
		}
	}
	return false
}

func init() {
	def{name: "driver_licence_us", jur: JurisdictionUS, country: "US", check: "shape (state layouts)",
		desc:    "US driver's licence number in one of the 50 states' (and DC's) layouts; needs a licence label. Layouts the generic national_id_us shape also takes are reported as national_id_us",
		example: "12ABC34567", label: "Driver's License", labels: "driver drivers license licence dl lic dls cdl", labelLang: "en",
		base: 0.2, min: 6, max: 19, alnum: true, seps: sepDash | sepSpace, anyGrouping: true, valid: validUSLicence,
		synth: func(r *rand.Rand) string {
			return pickStr(r, string(randDigits(r, 2))+string(randLetters(r, 3, upperAZ))+string(randDigits(r, 5)),
				string(randDigits(r, 3))+string(randLetters(r, 2, upperAZ))+string(randDigits(r, 4)),
				string(randLetters(r, 3, upperAZ))+string(randDigits(r, 6)),
				string(randDigits(r, 7))+"A")
		}}.register()
	def{name: "bank_account_us", jur: JurisdictionUS, country: "US", check: "label",
		desc:    "US bank account number: 8-17 digits after a bank, checking or savings account label",
		example: "000123456789", label: "Bank account", labels: "bank checking savings acct", labelLang: "en",
		base: 0.25, min: 8, max: 17, valid: allDigits,
		synth: func(r *rand.Rand) string { return string(randDigits(r, 8+r.IntN(10))) }}.register()
	def{name: "mbi_us", jur: JurisdictionUS, country: "US", check: "shape (MBI layout)",
		desc:    "Medicare Beneficiary Identifier: 11 characters in the fixed digit/letter layout (no S, L, O, I, B, Z), bare or printed 4-3-4",
		example: "1EG4-TE5-MK73", label: "MBI", labels: "mbi medicare beneficiary", labelLang: "en",
		// Eleven positions each restricted to digits or the MBI letters:
		// about one random code in 8,000 fits.
		base: 0.55, bonus: 0.1, min: 11, max: 11, alnum: true, seps: sepDash | sepSpace, groups: [][]int{{4, 3, 4}}, valid: validErr(checkdigit.MBI),
		synth: func(r *rand.Rand) string {
			const L = "ACDEFGHJKMNPQRTUVWXY"
			l := func() string { return string(randLetters(r, 1, L)) }
			n := func() string { return string(randDigits(r, 1)) }
			return string(randNonZero(r)) + l() + pickStr(r, l(), n()) + n() + "-" + l() + pickStr(r, l(), n()) + n() + "-" + l() + l() + n() + n()
		}}.register()
	def{name: "npi_us", jur: JurisdictionUS, country: "US", check: "Luhn (80840 prefix)",
		desc:    "US National Provider Identifier: 10 digits starting 1 or 2, Luhn over 80840 + the number; needs an NPI label",
		example: "1234567893", label: "NPI", labels: "npi provider", labelLang: "en",
		base: 0.35, min: 10, max: 10, valid: validErr(checkdigit.NPI),
		synth: func(r *rand.Rand) string {
			v, _ := withCheck(string("12"[r.IntN(2)])+string(randDigits(r, 8)), digitsAlphabet, validErr(checkdigit.NPI))
			return v
		}}.register()
	def{name: "postal_code_us", jur: JurisdictionUS, country: "US", check: "label",
		desc:    "US ZIP code: 5 digits or ZIP+4; needs a ZIP label",
		example: "94105-1804", label: "ZIP", labels: "zip zipcode", labelLang: "en",
		base: 0.25, min: 5, max: 9, seps: sepDash, groups: [][]int{{5, 4}},
		valid: func(b []byte) bool { return allDigits(b) && (len(b) == 5 || len(b) == 9) && string(b[:3]) != "000" },
		synth: func(r *rand.Rand) string {
			z := string(randNonZero(r)) + string(randDigits(r, 4))
			if r.IntN(2) == 0 {
				z += "-" + string(randDigits(r, 4))
			}
			return z
		}}.register()
	def{name: "medical_licence", jur: JurisdictionGlobal, country: "US", check: "DEA check digit",
		desc:    "Medical licence number in the DEA registration form: registrant letter, surname initial, six digits and a check digit; needs a DEA or licence label",
		example: "AB1234563", label: "DEA No", labels: "dea prescriber medical", labelLang: "en",
		base: 0.4, min: 9, max: 9, alnum: true, valid: validErr(checkdigit.DEA),
		synth: func(r *rand.Rand) string {
			v, _ := withCheck(string("ABFGM"[r.IntN(5)])+string(randLetters(r, 1, upperAZ))+string(randDigits(r, 6)), digitsAlphabet, validErr(checkdigit.DEA))
			return v
		}}.register()
}
