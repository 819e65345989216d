package pii

import (
	"math/rand/v2"

	"github.com/quarrydev/quarry/internal/checkdigit"
)

// South Africa and Nigeria.

func init() {
	def{name: "national_id_za", jur: JurisdictionZA, country: "ZA", check: "Luhn + date",
		desc:    "South African identity number: birth date YYMMDD, serial, citizenship 0-2 and a Luhn check digit",
		example: "7503305044089", label: "Identity number", labels: "identity rsa", labelLang: "en",
		base: 0.5, bonus: 0.05, min: 13, max: 13, groups: [][]int{{6, 4, 3}, {6, 4, 2, 1}}, valid: validErr(checkdigit.IDZA),
		synth: func(r *rand.Rand) string {
			y, m, d := randDate(r)
			s := d2(y%100) + d2(m) + d2(d) + string(randDigits(r, 4)) + string("01"[r.IntN(2)]) + "8"
			return s + string(luhnDigit([]byte(s)))
		}}.register()
	def{name: "nin_ng", jur: JurisdictionNG, country: "NG", check: "Verhoeff",
		desc:    "Nigerian National Identification Number: 11 digits with a Verhoeff check digit; needs a NIN label",
		example: "12345678902", label: "NIN", labels: "nin nimc", labelLang: "en",
		base: 0.35, min: 11, max: 11, valid: validErr(checkdigit.NINNG),
		synth: func(r *rand.Rand) string {
			s := string(randNonZero(r)) + string(randDigits(r, 9))
			return s + string(checkdigit.VerhoeffDigit(s))
		}}.register()
}
