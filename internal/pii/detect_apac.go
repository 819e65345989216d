package pii

import (
	"fmt"
	"math/rand/v2"

	"github.com/quarrydev/quarry/internal/checkdigit"
)

// Asia-Pacific: Singapore, Australia, the Philippines, Thailand, China.

func init() {
	def{name: "nric_sg", jur: JurisdictionSG, country: "SG", check: "weighted mod 11 letter",
		desc:    "Singapore NRIC/FIN: S, T, F or G, seven digits and a weighted mod-11 check letter",
		example: "S1234567D", label: "NRIC", labels: "nric fin", labelLang: "en",
		base: 0.6, min: 9, max: 9, alnum: true, valid: validErr(checkdigit.NRIC),
		synth: func(r *rand.Rand) string {
			return retry(r, func(r *rand.Rand) (string, bool) {
				return withCheck(pickStr(r, "S", "T", "F", "G")+string(randDigits(r, 7)), upperAZ, validErr(checkdigit.NRIC))
			})
		}}.register()
	def{name: "uen_sg", jur: JurisdictionSG, country: "SG", check: "weighted mod 11 letter",
		desc:    "Singapore Unique Entity Number: business (8 digits + letter), local company (year + 5 digits + letter) or other entity (R/S/T + year + type + 4 digits + letter), each with its check letter; needs a UEN label",
		example: "197401143C", label: "UEN", labels: "uen acra", labelLang: "en",
		base: 0.4, min: 9, max: 10, alnum: true, valid: validErr(checkdigit.UEN),
		synth: func(r *rand.Rand) string {
			return retry(r, func(r *rand.Rand) (string, bool) {
				switch r.IntN(3) {
				case 0:
					return withCheck(string(randDigits(r, 8)), upperAZ, validErr(checkdigit.UEN))
				case 1:
					return withCheck(fmt.Sprint(1970+r.IntN(55))+string(randDigits(r, 5)), upperAZ, validErr(checkdigit.UEN))
				}
				return withCheck("T"+d2(r.IntN(25))+pickStr(r, "LP", "LL", "FC", "SS")+string(randDigits(r, 4)), upperAZ, validErr(checkdigit.UEN))
			})
		}}.register()
	def{name: "abn_au", jur: JurisdictionAU, country: "AU", check: "weighted mod 89",
		desc:    "Australian Business Number: 11 digits, weighted mod 89; printed 2-3-3-3 or after an ABN label",
		example: "51 824 753 556", label: "ABN", labels: "abn", labelLang: "en",
		base: 0.45, bonus: 0.2, min: 11, max: 11, groups: [][]int{{2, 3, 3, 3}}, valid: validErr(checkdigit.ABN),
		synth: func(r *rand.Rand) string {
			v := retry(r, func(r *rand.Rand) (string, bool) {
				return withCheck(string(randNonZero(r))+string(randDigits(r, 9)), digitsAlphabet, validErr(checkdigit.ABN))
			})
			return group(v, " ", 2, 3, 3)
		}}.register()
	def{name: "acn_au", jur: JurisdictionAU, country: "AU", check: "weighted mod 10",
		desc:    "Australian Company Number: 9 digits, weights 8..1 mod 10; needs an ACN label",
		example: "004 085 616", label: "ACN", labels: "acn", labelLang: "en",
		base: 0.3, bonus: 0.1, min: 9, max: 9, groups: [][]int{{3, 3, 3}}, valid: validErr(checkdigit.ACN),
		synth: func(r *rand.Rand) string {
			v, _ := withCheck(string(randDigits(r, 8)), digitsAlphabet, validErr(checkdigit.ACN))
			return group(v, " ", 3, 3)
		}}.register()
	def{name: "tfn_au", jur: JurisdictionAU, country: "AU", check: "weighted mod 11",
		desc:    "Australian tax file number: 9 digits, weighted mod 11; needs a TFN label",
		example: "123 456 782", label: "TFN", labels: "tfn", labelLang: "en",
		base: 0.3, bonus: 0.1, min: 9, max: 9, groups: [][]int{{3, 3, 3}}, valid: validErr(checkdigit.TFN),
		synth: func(r *rand.Rand) string {
			v := retry(r, func(r *rand.Rand) (string, bool) {
				return withCheck(string(randDigits(r, 8)), digitsAlphabet, validErr(checkdigit.TFN))
			})
			return group(v, " ", 3, 3)
		}}.register()
	def{name: "medicare_au", jur: JurisdictionAU, country: "AU", check: "weighted mod 10",
		desc:    "Australian Medicare card number: 10 digits (first 2-6, ninth a weighted check digit) and an optional issue number; needs a Medicare label",
		example: "2123 45670 1", label: "Medicare", labels: "medicare", labelLang: "en",
		base: 0.3, bonus: 0.1, min: 10, max: 11, groups: [][]int{{4, 5, 1}, {4, 5, 1, 1}, {4, 5, 2}}, valid: validErr(checkdigit.Medicare),
		synth: func(r *rand.Rand) string {
			for {
				b := append([]byte{byte('2' + r.IntN(5))}, randDigits(r, 9)...)
				for d := byte('0'); d <= '9'; d++ {
					b[8] = d
					if checkdigit.Medicare(string(b)) == nil {
						return group(string(b), " ", 4, 5)
					}
				}
			}
		}}.register()
	def{name: "tin_ph", jur: JurisdictionPH, country: "PH", check: "label",
		desc:    "Philippine taxpayer identification number: 9 digits and a 3-digit branch code, printed 3-3-3(-3); needs a TIN label",
		example: "123-456-789-000", label: "TIN", labels: "tin bir", labelLang: "en",
		base: 0.25, bonus: 0.15, min: 9, max: 12, seps: sepDash | sepSpace, groups: [][]int{{3, 3, 3, 3}, {3, 3, 3}},
		valid: func(b []byte) bool { return (len(b) == 9 || len(b) == 12) && allDigits(b) && b[0] != '0' },
		synth: func(r *rand.Rand) string {
			return group(string(randNonZero(r))+string(randDigits(r, 8))+"000", "-", 3, 3, 3)
		}}.register()
	def{name: "tnin_th", jur: JurisdictionTH, country: "TH", check: "weighted mod 11",
		desc:    "Thai national identification number: 13 digits, first 1-8, weighted mod-11 check digit; printed 1-4-5-2-1 or after a label",
		example: "1-2345-45678-78-1", label: "Thai ID", labels: "thai tnin", labelLang: "en",
		base: 0.35, bonus: 0.25, min: 13, max: 13, groups: [][]int{{1, 4, 5, 2, 1}}, valid: validErr(checkdigit.TNIN),
		synth: func(r *rand.Rand) string {
			v, _ := withCheck(string(byte('1'+r.IntN(8)))+string(randDigits(r, 11)), digitsAlphabet, validErr(checkdigit.TNIN))
			return group(v, "-", 1, 4, 5, 2)
		}}.register()
	def{name: "national_id_cn", jur: JurisdictionCN, country: "CN", check: "ISO 7064 mod 11-2 + date",
		desc:    "Chinese resident identity card number: area, birth date YYYYMMDD, sequence and an ISO 7064 MOD 11-2 check character (X for ten)",
		example: "11010519491231002X", label: "Resident ID", labels: "shenfenzheng resident", labelLang: "zh",
		// Date and MOD 11-2 together are as strong as a card's Luhn and
		// issuer range, which some 18-digit ids also pass.
		base: 0.85, min: 18, max: 18, alnum: true, valid: validErr(checkdigit.RICCN),
		synth: func(r *rand.Rand) string {
			y, m, d := randDate(r)
			s := fmt.Sprintf("%d%05d%d%s%s%03d", 1+r.IntN(6), r.IntN(100000), y, d2(m), d2(d), r.IntN(1000))
			return s + string(checkdigit.RICCNCheck(s))
		}}.register()
}
