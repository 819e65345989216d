package pii

import (
	"fmt"
	"math/rand/v2"

	"github.com/quarrydev/quarry/internal/checkdigit"
)

// South Korea. Hangul labels cannot be folded to the label map's ASCII
// keys, so the labels here are the English and romanised ones.

func validRRN(foreign bool) func(b []byte) bool {
	return func(b []byte) bool {
		f, err := checkdigit.KRRegistration(string(b))
		return err == nil && f == foreign
	}
}

func synthKRRegistration(foreign bool) func(r *rand.Rand) string {
	return func(r *rand.Rand) string {
		return retry(r, func(r *rand.Rand) (string, bool) {
			y, m, d := randDate(r)
			g := byte('1' + r.IntN(2))
			if y >= 2000 {
				g += 2
			}
			if foreign {
				g += 4
			}
			v, ok := withCheck(fmt.Sprintf("%s%s%s%c%02d%03d", d2(y%100), d2(m), d2(d), g, r.IntN(97), r.IntN(1000)), digitsAlphabet, validRRN(foreign))
			return v[:6] + "-" + v[6:], ok
		})
	}
}

func init() {
	def{name: "rrn_kr", jur: JurisdictionKR, country: "KR", check: "weighted mod 11 + date",
		desc:    "Korean resident registration number: birth date YYMMDD, gender/century digit 1-4 (9, 0), place code and check digit; printed 6-7 with a hyphen or after a label",
		example: "971013-9019902", label: "RRN", labels: "rrn jumin jumindeungnok resident", labelLang: "ko",
		base: 0.4, bonus: 0.2, min: 13, max: 13, seps: sepDash | sepSpace, groups: [][]int{{6, 7}}, valid: validRRN(false),
		synth: synthKRRegistration(false)}.register()
	def{name: "frn_kr", jur: JurisdictionKR, country: "KR", check: "weighted mod 11 + date",
		desc:    "Korean foreign resident registration number: as the RRN with gender/century digit 5-8; printed 6-7 with a hyphen or after a label",
		example: "900822-5220419", label: "Foreign Registration No", labels: "frn foreign foreigner alien", labelLang: "ko",
		base: 0.4, bonus: 0.2, min: 13, max: 13, seps: sepDash | sepSpace, groups: [][]int{{6, 7}}, valid: validRRN(true),
		synth: synthKRRegistration(true)}.register()
	def{name: "brn_kr", jur: JurisdictionKR, country: "KR", check: "weighted mod 10",
		desc:    "Korean business registration number: office, type and serial with a weighted check digit; printed 3-2-5 or after a BRN label",
		example: "116-82-00276", label: "BRN", labels: "brn saeopja", labelLang: "ko",
		base: 0.3, bonus: 0.25, min: 10, max: 10, seps: sepDash | sepSpace, groups: [][]int{{3, 2, 5}}, valid: validErr(checkdigit.BRNKR),
		synth: func(r *rand.Rand) string {
			v := retry(r, func(r *rand.Rand) (string, bool) {
				return withCheck(fmt.Sprintf("%03d%02d%04d", 101+r.IntN(899), 1+r.IntN(99), 1+r.IntN(9999)), digitsAlphabet, validErr(checkdigit.BRNKR))
			})
			return group(v, "-", 3, 2)
		}}.register()
	def{name: "driver_licence_kr", jur: JurisdictionKR, country: "KR", check: "label",
		desc:    "Korean driver's licence number: region code 11-28, year, serial and check, printed 2-2-6-2; needs a licence label",
		example: "11-12-345678-90", label: "Driver's License", labels: "driver drivers license licence unjeon myeonheo", labelLang: "ko",
		// Above national_id_us, whose 7-12 digit shape also takes the
		// number, so a licence label gives the number to the type whose
		// region code it carries; still below the minimum without one.
		base: 0.4, min: 12, max: 12, seps: sepDash | sepSpace, groups: [][]int{{2, 2, 6, 2}},
		valid: func(b []byte) bool { return allDigits(b) && num(b[:2]) >= 11 && num(b[:2]) <= 28 },
		synth: func(r *rand.Rand) string {
			return group(fmt.Sprint(11+r.IntN(18))+string(randDigits(r, 10)), "-", 2, 2, 6)
		}}.register()
	def{name: "passport_kr", jur: JurisdictionKR, country: "KR", check: "label",
		desc:    "Korean passport number: M, S, R, O or D and eight digits, or (since 2021) a letter, three digits, a letter and four digits; needs a passport label",
		example: "M123A4567", label: "Passport No", labels: "passport yeogwon", labelLang: "ko",
		// Below passport_us: the old M + eight digits form is also a US
		// shape, and a bare "passport" label cannot tell them apart.
		base: 0.15, min: 9, max: 9, alnum: true,
		valid: func(b []byte) bool {
			if len(b) != 9 || !isLetter(b[0]) {
				return false
			}
			return allDigits(b[1:]) && b[0] != 'X' && (b[0] == 'M' || b[0] == 'S' || b[0] == 'R' || b[0] == 'O' || b[0] == 'D') ||
				allDigits(b[1:4]) && isLetter(b[4]) && allDigits(b[5:])
		},
		synth: func(r *rand.Rand) string {
			return pickStr(r, "M", "S") + string(randDigits(r, 3)) + string(randLetters(r, 1, upperAZ)) + string(randDigits(r, 4))
		}}.register()
}
