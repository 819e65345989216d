package pii

import (
	"fmt"
	"math/rand/v2"

	"github.com/quarrydev/quarry/internal/checkdigit"
)

// European identifiers beyond the first catalogue: Italy's VAT number and
// driving licence, Romania, Ireland, Sweden's companies, the Czech and
// Slovak birth number, Norway and Switzerland.

func init() {
	def{name: "vat_code_it", jur: JurisdictionEU, country: "IT", check: "Luhn + office code",
		desc:    "Italian VAT number (partita IVA): 11 digits, a province office code and a Luhn check digit; needs a VAT/IVA label",
		example: "00743110157", label: "Partita IVA", labels: "iva partita piva", labelLang: "it",
		base: 0.4, min: 11, max: 11, valid: validErr(checkdigit.PartitaIVA),
		synth: func(r *rand.Rand) string {
			v, _ := withCheck(string(randDigits(r, 7))+fmt.Sprintf("%03d", 1+r.IntN(100)), digitsAlphabet, validErr(checkdigit.PartitaIVA))
			return v
		}}.register()
	def{name: "driver_licence_it", jur: JurisdictionEU, country: "IT", check: "label",
		desc:    "Italian driving licence (patente) number: two letters, seven digits and a letter (or U1, a letter, six characters and a letter); needs a patente label",
		example: "AB1234567C", label: "Patente di guida", labels: "patente guida licenza", labelLang: "it",
		base: 0.2, min: 10, max: 10, alnum: true,
		valid: func(b []byte) bool {
			return isLetter(b[0]) && isLetter(b[1]) && allDigits(b[2:9]) && isLetter(b[9]) ||
				b[0] == 'U' && b[1] == '1' && isLetter(b[2]) && isLetter(b[9])
		},
		synth: func(r *rand.Rand) string {
			return string(randLetters(r, 2, upperAZ)) + string(randDigits(r, 7)) + string(randLetters(r, 1, upperAZ))
		}}.register()
	def{name: "national_id_ro", jur: JurisdictionEU, country: "RO", check: "weighted mod 11 + date",
		desc:    "Romanian personal numeric code (CNP): sex/century digit, birth date, county, serial and a weighted mod-11 check digit",
		example: "1630615123457", label: "CNP", labels: "cnp", labelLang: "ro",
		base: 0.5, min: 13, max: 13, valid: validErr(checkdigit.CNP),
		synth: func(r *rand.Rand) string {
			return retry(r, func(r *rand.Rand) (string, bool) {
				y, m, d := randDate(r)
				c := byte('1' + r.IntN(2))
				if y >= 2000 {
					c += 4
				}
				return withCheck(fmt.Sprintf("%c%s%s%s%02d%03d", c, d2(y%100), d2(m), d2(d), 1+r.IntN(46), r.IntN(1000)), digitsAlphabet, validErr(checkdigit.CNP))
			})
		}}.register()
	def{name: "national_id_ie", jur: JurisdictionEU, country: "IE", check: "weighted mod 23 letter",
		desc:    "Irish Personal Public Service number: seven digits, a mod-23 check letter and an optional second letter; needs a PPS label",
		example: "6433435F", label: "PPS No", labels: "pps ppsn", labelLang: "en",
		base: 0.4, min: 8, max: 9, alnum: true, valid: validErr(checkdigit.PPS),
		synth: func(r *rand.Rand) string {
			d := string(randDigits(r, 7))
			suf := pickStr(r, "", "A")
			return d + string(checkdigit.PPSCheck(d, suf)) + suf
		}}.register()
	def{name: "org_id_se", jur: JurisdictionEU, country: "SE", check: "Luhn",
		desc:    "Swedish organisation number (organisationsnummer): 10 digits, third digit 2 or more, Luhn; needs an org.nr label",
		example: "556036-0793", label: "Org.nr", labels: "organisationsnummer orgnr", labelLang: "sv",
		// A label is needed even for 6-4: one Danish CPR-shaped number in
		// ten also passes Luhn with a third digit of 2 or more.
		base: 0.4, bonus: 0.05, min: 10, max: 10, seps: sepDash | sepSpace, groups: [][]int{{6, 4}}, valid: validErr(checkdigit.OrgnrSE),
		synth: func(r *rand.Rand) string {
			p := pickStr(r, "55", "56", "71", "80", "91", "21") + string(byte('2'+r.IntN(8))) + string(randDigits(r, 6))
			v := p + string(luhnDigit([]byte(p)))
			return v[:6] + "-" + v[6:]
		}}.register()
	def{name: "national_id_cz", jur: JurisdictionEU, country: "CZ", check: "mod 11 + date",
		desc:    "Czech or Slovak birth number (rodné číslo): YYMMDD/SSSC, month +50 for women, divisible by 11",
		example: "710319/2745", label: "Rodné číslo", labels: "rodne cislo", labelLang: "cs",
		base: 0.4, bonus: 0.2, min: 10, max: 10, seps: sepSlash | sepSpace, groups: [][]int{{6, 4}}, valid: validErr(checkdigit.BirthNumberCZ),
		synth: func(r *rand.Rand) string {
			return retry(r, func(r *rand.Rand) (string, bool) {
				y, m, d := randDate(r)
				if r.IntN(2) == 0 {
					m += 50
				}
				v, ok := withCheck(d2(y%100)+d2(m)+d2(d)+string(randDigits(r, 3)), digitsAlphabet, validErr(checkdigit.BirthNumberCZ))
				if !ok {
					return "", false
				}
				return v[:6] + "/" + v[6:], true
			})
		}}.register()
	def{name: "national_id_no", jur: JurisdictionNO, country: "NO", check: "two mod-11 digits + date",
		desc:    "Norwegian birth number (fødselsnummer, D- and H-numbers too): DDMMYY, individual number and two mod-11 check digits; needs a label",
		example: "151086 95088", label: "Fødselsnummer", labels: "fodselsnummer fodselsnr fnr", labelLang: "no",
		// Needs its label: about one other 11-digit id in a hundred (a
		// Belgian or Turkish number) passes both check digits too.
		base: 0.45, min: 11, max: 11, seps: sepSpace, groups: [][]int{{6, 5}}, valid: validErr(checkdigit.FodselsnummerNO),
		synth: func(r *rand.Rand) string {
			return retry(r, func(r *rand.Rand) (string, bool) {
				y, m, d := randDate(r)
				p := d2(d) + d2(m) + d2(y%100) + string(randDigits(r, 3))
				for a := byte('0'); a <= '9'; a++ {
					if v, ok := withCheck(p+string(a), digitsAlphabet, validErr(checkdigit.FodselsnummerNO)); ok {
						return v[:6] + " " + v[6:], true
					}
				}
				return "", false
			})
		}}.register()
	def{name: "social_id_ch", jur: JurisdictionCH, country: "CH", check: "EAN-13",
		desc:    "Swiss social security number (AHV/AVS): 756, nine digits and an EAN-13 check digit, printed 756.XXXX.XXXX.XX",
		example: "756.9217.0769.85", label: "AHV-Nr.", labels: "ahv avs", labelLang: "de",
		base: 0.55, bonus: 0.1, min: 13, max: 13, seps: sepDot | sepSpace, groups: [][]int{{3, 4, 4, 2}}, valid: validErr(checkdigit.AHV),
		synth: func(r *rand.Rand) string {
			s := "756" + string(randDigits(r, 9))
			v := s + string(checkdigit.EAN13Digit(s))
			return v[:3] + "." + v[3:7] + "." + v[7:11] + "." + v[11:]
		}}.register()
}
