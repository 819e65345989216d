package pii

import (
	"math/rand/v2"
	"strings"

	"github.com/quarrydev/quarry/internal/checkdigit"
)

// Germany beyond the identity card and the Steuer-ID: the tax number of
// the tax offices, the health insurance number, postcodes and passports.

// steuernummerFormats are the sixteen states' layouts of the Steuernummer:
// the regional form as printed on tax office letters (slashes between the
// office, district and serial parts) and the 13-digit unified federal
// form. F is the tax office, B the district, U the serial, P the check
// digit; other digits are fixed.
var steuernummerFormats = []struct{ state, regional, unified string }{
	{"Baden-Württemberg", "FF/BBB/UUUUP", "28FF0BBBUUUUP"},
	{"Bayern", "FFF/BBB/UUUUP", "9FFF0BBBUUUUP"},
	{"Berlin", "FF/BBB/UUUUP", "11FF0BBBUUUUP"},
	{"Brandenburg", "0FF/BBB/UUUUP", "30FF0BBBUUUUP"},
	{"Bremen", "FF/BBB/UUUUP", "24FF0BBBUUUUP"},
	{"Hamburg", "FF/BBB/UUUUP", "22FF0BBBUUUUP"},
	{"Hessen", "0FF/BBB/UUUUP", "26FF0BBBUUUUP"},
	{"Mecklenburg-Vorpommern", "0FF/BBB/UUUUP", "40FF0BBBUUUUP"},
	{"Niedersachsen", "FF/BBB/UUUUP", "23FF0BBBUUUUP"},
	{"Nordrhein-Westfalen", "FFF/BBBB/UUUP", "5FFF0BBBBUUUP"},
	{"Rheinland-Pfalz", "FF/BBB/UUUUP", "27FF0BBBUUUUP"},
	{"Saarland", "0FF/BBB/UUUUP", "10FF0BBBUUUUP"},
	{"Sachsen", "2FF/BBB/UUUUP", "32FF0BBBUUUUP"},
	{"Sachsen-Anhalt", "1FF/BBB/UUUUP", "31FF0BBBUUUUP"},
	{"Schleswig-Holstein", "FF/BBB/UUUUP", "21FF0BBBUUUUP"},
	{"Thüringen", "1FF/BBB/UUUUP", "41FF0BBBUUUUP"},
}

// layoutMatch reports whether the compact digits b fit layout (letters
// are any digit, digits are fixed, '/' is skipped).
func layoutMatch(b []byte, layout string) bool {
	layout = strings.ReplaceAll(layout, "/", "")
	if len(b) != len(layout) {
		return false
	}
	for i := range b {
		l := layout[i]
		if !isDigit(b[i]) || (isDigit(l) && l != b[i]) {
			return false
		}
	}
	return true
}

// layoutGroups returns the token lengths of a regional layout.
func layoutGroups(layout string) []int {
	var gs []int
	for _, p := range strings.Split(layout, "/") {
		gs = append(gs, len(p))
	}
	return gs
}

// checkSteuernummer accepts a unified 13-digit number, or a regional one
// split as its state prints it.
func checkSteuernummer(c *cand) (float64, bool) {
	b := c.compact
	for _, f := range steuernummerFormats {
		if len(c.groups) == 1 && layoutMatch(b, f.unified) {
			return 0, true
		}
		if layoutMatch(b, f.regional) && groupsAre(c, layoutGroups(f.regional)...) && c.seps == sepSlash {
			return 0.15, true
		}
	}
	return 0, false
}

func synthSteuernummer(r *rand.Rand) string {
	f := steuernummerFormats[r.IntN(len(steuernummerFormats))]
	layout := f.regional
	if r.IntN(3) == 0 {
		layout = f.unified
	}
	b := []byte(layout)
	for i, c := range b {
		if isLetter(c) {
			b[i] = byte('0' + r.IntN(10))
		}
	}
	return string(b)
}

// deIDAlphabet is the character set of German passport and identity card
// serial numbers (no vowels, no B, D, Q, S).
const deIDAlphabet = "CFGHJKLMNPRTVWXYZ0123456789"

func init() {
	register(&detector{
		TypeInfo: TypeInfo{Name: "tax_number_de", Jurisdiction: JurisdictionEU, Country: "DE",
			Description: "German tax number (Steuernummer) of the tax offices: the regional layout of each of the 16 states (FF/BBB/UUUUP, FFF/BBBB/UUUP...) or the 13-digit unified federal form; needs a Steuernummer label",
			Example:     "181/815/08155", Check: "shape (state layouts)"},
		base: 0.3, maxAdj: 0.15, minLen: 10, maxLen: 13, seps: sepSlash, label: "Steuernummer",
		labels: "steuernummer stnr steuer", labelLang: "de", check: checkSteuernummer, synth: synthSteuernummer,
	})
	def{name: "health_insurance_de", jur: JurisdictionEU, country: "DE", check: "weighted mod 10",
		desc:    "German health insurance number (Krankenversichertennummer, KVNR): a letter and nine digits, the last a weighted mod-10 check digit; needs a label",
		example: "A123456780", label: "Krankenversichertennummer", labels: "krankenversichertennummer versichertennummer kvnr krankenkasse versicherten", labelLang: "de",
		base: 0.4, min: 10, max: 10, alnum: true, valid: validErr(checkdigit.KVNR),
		synth: func(r *rand.Rand) string {
			s := string(randLetters(r, 1, upperAZ)) + string(randDigits(r, 8))
			return s + string(checkdigit.KVNRCheckDigit(s))
		}}.register()
	def{name: "postal_code_de", jur: JurisdictionEU, country: "DE", check: "label",
		desc:    "German postcode (PLZ): 5 digits, leading zone 01-99; needs a PLZ label",
		example: "10115", label: "PLZ", labels: "plz postleitzahl", labelLang: "de",
		base: 0.2, min: 5, max: 5,
		valid: func(b []byte) bool { return allDigits(b) && num(b[:2]) >= 1 },
		synth: func(r *rand.Rand) string { return d2(1+r.IntN(99)) + string(randDigits(r, 3)) }}.register()
	def{name: "passport_de", jur: JurisdictionEU, country: "DE", check: "label",
		desc:    "German passport (Reisepass) serial number: C, F, G, H, J or K and eight characters of the ID alphabet (digits among them); needs a passport label",
		example: "C01X00T47", label: "Reisepass", labels: "reisepass reisepassnummer passnummer", labelLang: "de",
		// Below passport_us: "C12345678" fits both, and a tie would go to
		// the type registered first.
		base: 0.15, min: 9, max: 9, alnum: true,
		valid: func(b []byte) bool {
			if strings.IndexByte("CFGHJK", b[0]) < 0 {
				return false
			}
			digits := 0
			for _, c := range b[1:] {
				if strings.IndexByte(deIDAlphabet, c) < 0 {
					return false
				}
				if isDigit(c) {
					digits++
				}
			}
			return digits >= 2
		},
		synth: func(r *rand.Rand) string {
			b := append([]byte{"CFGHJK"[r.IntN(6)]}, randLetters(r, 8, deIDAlphabet)...)
			b[3] = "CFGHJKLMNPRTVWXYZ"[r.IntN(17)]
			b[1], b[5] = byte('0'+r.IntN(10)), byte('0'+r.IntN(10))
			return string(b)
		}}.register()
}
