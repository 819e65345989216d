package pii

import (
	"fmt"
	"math/rand/v2"

	"github.com/quarrydev/quarry/internal/checkdigit"
)

// United Kingdom beyond NINO, UTR and NHS: driving licence, passport,
// postcode.

// validPostcodeUK checks the six outward/inward shapes of a UK postcode
// (A9 9AA, A99 9AA, AA9 9AA, AA99 9AA, A9A 9AA, AA9A 9AA); the inward
// letters never use C, I, K, M, O or V.
func validPostcodeUK(b []byte) bool {
	n := len(b)
	if n < 5 || n > 7 || !isDigit(b[n-3]) || !isLetter(b[n-2]) || !isLetter(b[n-1]) {
		return false
	}
	for _, c := range b[n-2:] {
		if c == 'C' || c == 'I' || c == 'K' || c == 'M' || c == 'O' || c == 'V' {
			return false
		}
	}
	out := b[:n-3]
	if !isLetter(out[0]) {
		return false
	}
	k := 1
	if isLetter(out[1]) {
		k = 2
	}
	rest := out[k:]
	switch len(rest) {
	case 1:
		return isDigit(rest[0])
	case 2:
		return isDigit(rest[0]) && (isDigit(rest[1]) || isLetter(rest[1]))
	}
	return false
}

func init() {
	def{name: "driving_licence_uk", jur: JurisdictionEU, country: "GB", check: "shape + date",
		desc:    "GB driving licence number: five surname characters, birth date (decade, month +50 for women, day, year), initials, a digit and two check characters",
		example: "MORGA753116SM9IJ", label: "Driving licence number", labels: "driving dvla", labelLang: "en",
		base: 0.6, min: 16, max: 16, alnum: true, valid: validErr(checkdigit.DrivingLicenceUK),
		synth: func(r *rand.Rand) string {
			y, m, d := randDate(r)
			if r.IntN(2) == 0 {
				m += 50
			}
			name := string(randLetters(r, 3+r.IntN(3), upperAZ)) + "99"
			return fmt.Sprintf("%s%d%s%s%d%s9%s", name[:5], (y/10)%10, d2(m), d2(d), y%10,
				string(randLetters(r, 2, upperAZ)), string(randLetters(r, 2, "ABCDEFGHJKLMNPRSTUVWXYZ0123456789")))
		}}.register()
	def{name: "passport_uk", jur: JurisdictionEU, country: "GB", check: "label",
		desc:    "UK passport number: nine digits; needs a passport label. The US shape is the same: an HMPO label or an en-GB locale tells them apart",
		example: "925665416", label: "HMPO passport number", labels: "passport hmpo", labelLang: "en",
		// Below passport_us, which registers later: a tie goes to the US.
		base: 0.15, min: 9, max: 9,
		valid: func(b []byte) bool { return allDigits(b) && b[0] != '0' },
		synth: func(r *rand.Rand) string { return string(randNonZero(r)) + string(randDigits(r, 8)) }}.register()
	def{name: "postcode_uk", jur: JurisdictionEU, country: "GB", check: "shape",
		desc:    "UK postcode: outward code (area letters, district) and inward code (digit + two letters), written with the space or after a postcode label",
		example: "SW1A 1AA", label: "Postcode", labels: "postcode", labelLang: "en",
		base: 0.35, bonus: 0.2, min: 5, max: 7, alnum: true, seps: sepSpace, groups: [][]int{{2, 3}, {3, 3}, {4, 3}},
		valid: validPostcodeUK,
		synth: func(r *rand.Rand) string {
			return pickStr(r, "SW1A", "EC1A", "M1", "B33", "CR2", "DN55", "W1A", "LS10") + " " +
				string(randNonZero(r)) + string(randLetters(r, 2, "ABDEFGHJLNPQRSTUWXYZ"))
		}}.register()
}
