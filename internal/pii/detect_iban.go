package pii

import (
	"math/rand/v2"
	"strings"

	"github.com/quarrydev/quarry/internal/checkdigit"
)

// IBANs: one check (country length + ISO 7064 mod 97) and three types, so
// that a Turkish IBAN reports as iban_tr, an EU/EEA one as iban_intl and
// any other as iban. When the specific type is filtered out the generic
// "iban" still reports it (it scores a little lower, so the specific type
// wins whenever both are enabled).

// EU/EEA members plus the SEPA countries the GDPR family covers.
const ibanEEA = "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK IS LI NO CH GB MC SM VA AD GI"

// validIBAN applies the registry's country lengths, BBAN structure and
// mod 97, so every IBAN that validate accepts is also reported here.
func validIBAN(b []byte) bool {
	// Judging the country length first keeps the long runs that are not
	// IBANs from paying for a heap copy when converted whole.
	if n, ok := checkdigit.IBANLength(string(b[:2])); !ok || n != len(b) {
		return false
	}
	return checkdigit.IBAN(string(b)) == nil
}

// ibanCheck takes any grouping: printed IBANs come whole, in fours, with
// a space after the country code ("DE 89 3704 ...") or in the bank's own
// groups ("DE89 370400440 532013000"). Length, BBAN structure and mod 97
// together are evidence enough.
func ibanCheck(countries func(cc string) bool) func(c *cand) (float64, bool) {
	return func(c *cand) (float64, bool) {
		if !validIBAN(c.compact) || !countries(string(c.compact[:2])) {
			return 0, false
		}
		return 0, true
	}
}

func synthIBAN(r *rand.Rand, cc string) string {
	n, _ := checkdigit.IBANLength(cc)
	bban := checkdigit.BBANFromDigits(cc, string(randDigits(r, n-4)))
	s := cc + checkdigit.IBANCheckDigits(cc, bban) + bban
	return group(s, " ", 4, 4, 4, 4, 4, 4, 4)
}

func init() {
	eea := map[string]bool{}
	for _, cc := range strings.Fields(ibanEEA) {
		eea[cc] = true
	}
	register(&detector{
		TypeInfo: TypeInfo{Name: "iban", Jurisdiction: JurisdictionGlobal,
			Description: "IBAN of any country (per-country length, mod 97)", Example: "SA03 8000 0000 6080 1016 7519", Checksum: true},
		base: 0.9, minLen: 15, maxLen: 34, alnum: true, seps: sepSpace | sepDash, label: "IBAN",
		check: ibanCheck(func(string) bool { return true }),
		synth: func(r *rand.Rand) string { return synthIBAN(r, []string{"SA", "AE", "QA", "KW", "BR"}[r.IntN(5)]) },
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "iban_tr", Jurisdiction: JurisdictionTR, Country: "TR",
			Description: "Turkish IBAN (TR, 26 characters, mod 97)", Example: "TR33 0006 1005 1978 6457 8413 26", Checksum: true},
		base: 0.95, minLen: 26, maxLen: 26, alnum: true, seps: sepSpace | sepDash, label: "IBAN",
		check: ibanCheck(func(cc string) bool { return cc == "TR" }),
		synth: func(r *rand.Rand) string { return synthIBAN(r, "TR") },
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "iban_intl", Jurisdiction: JurisdictionEU,
			Description: "IBAN of an EU/EEA/SEPA country (per-country length, mod 97)", Example: "DE89 3704 0044 0532 0130 00", Checksum: true},
		base: 0.95, minLen: 15, maxLen: 34, alnum: true, seps: sepSpace | sepDash, label: "IBAN",
		check: ibanCheck(func(cc string) bool { return eea[cc] }),
		synth: func(r *rand.Rand) string {
			return synthIBAN(r, []string{"DE", "FR", "ES", "IT", "NL", "BE", "AT", "PL"}[r.IntN(8)])
		},
	})
}
