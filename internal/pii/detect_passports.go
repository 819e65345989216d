package pii

import (
	"math/rand/v2"
	"strings"
)

// Passport numbers printed outside an MRZ. None carries a check digit of
// its own (the MRZ's digit is not printed beside the number), so each
// needs a passport label; the shapes differ enough between countries that
// a label in any language will do.

func init() {
	def{name: "passport_es", jur: JurisdictionEU, country: "ES", check: "label",
		desc:    "Spanish passport number: three letters and six digits (older ones two letters and six digits); needs a passport label",
		example: "PAA123456", label: "Pasaporte", labels: "pasaporte", labelLang: "es",
		base: 0.2, min: 8, max: 9, alnum: true,
		valid: func(b []byte) bool {
			k := len(b) - 6
			return k >= 2 && k <= 3 && isLetter(b[0]) && isLetter(b[1]) && isLetter(b[k-1]) && allDigits(b[k:])
		},
		synth: func(r *rand.Rand) string { return string(randLetters(r, 3, upperAZ)) + string(randDigits(r, 6)) }}.register()
	def{name: "passport_it", jur: JurisdictionEU, country: "IT", check: "label",
		desc:    "Italian passport number: two letters and seven digits; needs a passport label",
		example: "YA1234567", label: "Passaporto", labels: "passaporto", labelLang: "it",
		base: 0.2, min: 9, max: 9, alnum: true,
		valid: func(b []byte) bool { return isLetter(b[0]) && isLetter(b[1]) && allDigits(b[2:]) },
		synth: func(r *rand.Rand) string { return string(randLetters(r, 2, upperAZ)) + string(randDigits(r, 7)) }}.register()
	def{name: "passport_in", jur: JurisdictionIN, country: "IN", check: "label",
		desc:    "Indian passport number: a letter (not Q, X or Z), a non-zero digit and six digits; needs a passport label",
		example: "J8369854", label: "Passport No", labels: "passport", labelLang: "en",
		base: 0.2, min: 8, max: 8, alnum: true,
		valid: func(b []byte) bool {
			return isLetter(b[0]) && strings.IndexByte("QXZ", b[0]) < 0 && b[1] != '0' && allDigits(b[1:])
		},
		synth: func(r *rand.Rand) string {
			return string(randLetters(r, 1, "ABCDEFGHJKLMNPRSTUVW")) + string(randNonZero(r)) + string(randDigits(r, 6))
		}}.register()
	def{name: "passport_fr", jur: JurisdictionEU, country: "FR", check: "label",
		desc:    "French passport number: two digits, two letters, five digits; needs a passport label",
		example: "12AB34567", label: "Passeport", labels: "passeport", labelLang: "fr",
		base: 0.2, min: 9, max: 9, alnum: true,
		valid: func(b []byte) bool { return allDigits(b[:2]) && isLetter(b[2]) && isLetter(b[3]) && allDigits(b[4:]) },
		synth: func(r *rand.Rand) string {
			return string(randDigits(r, 2)) + string(randLetters(r, 2, upperAZ)) + string(randDigits(r, 5))
		}}.register()
}
