package pii

import (
	"math/rand/v2"

	"github.com/quarrydev/quarry/internal/checkdigit"
)

// Canada and Brazil.

// brComplete draws a Brazilian number of n digits and completes it with
// its two check digits.
func brComplete(r *rand.Rand, n int, valid func([]byte) bool) string {
	return retry(r, func(r *rand.Rand) (string, bool) {
		p := string(randNonZero(r)) + string(randDigits(r, n-3))
		for a := byte('0'); a <= '9'; a++ {
			if v, ok := withCheck(p+string(a), digitsAlphabet, valid); ok {
				return v, true
			}
		}
		return "", false
	})
}

func init() {
	def{name: "sin_ca", jur: JurisdictionCA, country: "CA", check: "Luhn",
		desc:    "Canadian Social Insurance Number: 9 digits, Luhn, printed 3-3-3; needs a SIN/NAS label",
		example: "046 454 286", label: "SIN", labels: "sin nas", labelLang: "en",
		base: 0.35, bonus: 0.05, min: 9, max: 9, groups: [][]int{{3, 3, 3}}, valid: validErr(checkdigit.SIN),
		synth: func(r *rand.Rand) string {
			p := string(byte('1'+r.IntN(7))) + string(randDigits(r, 7))
			return group(p+string(luhnDigit([]byte(p))), " ", 3, 3)
		}}.register()
	def{name: "national_id_br", jur: JurisdictionBR, country: "BR", check: "two mod-11 digits",
		desc:    "Brazilian CPF: 11 digits with two mod-11 check digits, printed 000.000.000-00",
		example: "390.533.447-05", label: "CPF", labels: "cpf", labelLang: "pt",
		base: 0.45, bonus: 0.2, min: 11, max: 11, groups: [][]int{{3, 3, 3, 2}}, valid: validErr(checkdigit.CPF),
		synth: func(r *rand.Rand) string {
			v := brComplete(r, 11, validErr(checkdigit.CPF))
			return v[:3] + "." + v[3:6] + "." + v[6:9] + "-" + v[9:]
		}}.register()
	def{name: "company_id_br", jur: JurisdictionBR, country: "BR", check: "two mod-11 digits",
		desc:    "Brazilian CNPJ: 14 digits with two mod-11 check digits, printed 00.000.000/0000-00",
		example: "16.727.230/0001-97", label: "CNPJ", labels: "cnpj", labelLang: "pt",
		base: 0.45, bonus: 0.3, min: 14, max: 14, seps: sepDot | sepSlash | sepDash | sepSpace,
		groups: [][]int{{2, 3, 3, 4, 2}}, anyGrouping: true, valid: validErr(checkdigit.CNPJ),
		synth: func(r *rand.Rand) string {
			v := brComplete(r, 14, validErr(checkdigit.CNPJ))
			return v[:2] + "." + v[2:5] + "." + v[5:8] + "/" + v[8:12] + "-" + v[12:]
		}}.register()
}
