package pii

import (
	"math/rand/v2"

	"github.com/quarrydev/quarry/internal/checkdigit"
)

// Italy.

func validCodiceFiscale(b []byte) bool { return checkdigit.CodiceFiscale(string(b)) == nil }

func init() {
	register(&detector{
		TypeInfo: TypeInfo{Name: "tax_id_it", Jurisdiction: JurisdictionEU, Country: "IT",
			Description: "Italian fiscal code (codice fiscale): 16 characters, omocodia allowed, check character", Example: "RSSMRA85T10A562S", Checksum: true},
		base: 0.9, minLen: 16, maxLen: 16, alnum: true, seps: sepSpace, label: "Codice Fiscale",
		check: func(c *cand) (float64, bool) { return 0, validCodiceFiscale(c.compact) },
		synth: func(r *rand.Rand) string {
			y, m, d := randDate(r)
			b := []byte(string(randLetters(r, 6, "BCDFGLMNPRSTVZ")) + d2(y%100) + string("ABCDEHLMPRST"[m-1]) +
				d2(d+40*r.IntN(2)) + string(randLetters(r, 1, "ABCDEFGHILM")) + string(randDigits(r, 3)))
			return string(append(b, checkdigit.CodiceFiscaleCheck(string(b))))
		},
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "national_id_it", Jurisdiction: JurisdictionEU, Country: "IT",
			Description: "Italian electronic identity card (CIE) number: 2 letters, 5 digits, 2 letters, after an identity label", Example: "CA00000AA"},
		base: 0.35, minLen: 9, maxLen: 9, alnum: true, label: "Carta d'identità",
		check: func(c *cand) (float64, bool) {
			b := c.compact
			return 0, len(c.groups) == 1 && isLetter(b[0]) && isLetter(b[1]) && allDigits(b[2:7]) && isLetter(b[7]) && isLetter(b[8])
		},
		synth: func(r *rand.Rand) string {
			return "C" + string(randLetters(r, 1, "ABCDEFGH")) + string(randDigits(r, 5)) + string(randLetters(r, 2, upperAZ))
		},
	})
}
