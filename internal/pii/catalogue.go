package pii

import (
	"math/rand/v2"
	"strings"
)

// def is how the catalogue's country files declare most run detectors: a
// compact-form validator, the groupings the country prints, and the label
// words that vouch for the type. A value printed in one of the listed
// groupings earns bonus; a value split in any other way is not the type
// (a 12-digit Aadhaar is written 4-4-4, never 5-7).
type def struct {
	name, jur, country string
	desc, example      string
	// check names what a value must pass: a checksum algorithm, "shape
	// ..." for a layout without a check digit, "label" when only a label
	// tells the type.
	check       string
	label       string // one typical label, for tests and the corpus
	labels      string // folded label words vouching for the type
	labelLang   string
	base, bonus float64
	min, max    int
	alnum       bool
	seps        uint8
	groups      [][]int // accepted groupings of a value printed with separators
	anyGrouping bool    // separators are printing only: any grouping will do
	valid       func(b []byte) bool
	synth       func(r *rand.Rand) string
}

func (f def) register() {
	d := &detector{
		TypeInfo: TypeInfo{Name: f.name, Jurisdiction: f.jur, Country: f.country, Description: f.desc,
			Example: f.example, Checksum: f.check != "label" && !strings.HasPrefix(f.check, "shape"), Check: f.check},
		base: f.base, maxAdj: f.bonus, minLen: f.min, maxLen: f.max, alnum: f.alnum, seps: f.seps,
		label: f.label, labels: f.labels, labelLang: f.labelLang, synth: f.synth,
	}
	if len(f.groups) > 0 && f.seps == 0 {
		d.seps = sepSpace | sepDash | sepDot
	}
	d.check = func(c *cand) (float64, bool) {
		// The grouping is the cheapest test, so it goes first.
		grouped := false
		if len(c.groups) > 1 {
			for _, g := range f.groups {
				if groupsAre(c, g...) {
					grouped = true
					break
				}
			}
			if (!grouped && !f.anyGrouping) || !standsAlone(c) {
				return 0, false
			}
		}
		// Identifiers with letters are printed in capitals; a mixed-case
		// token ("invoice2data", base64) is something else.
		if (f.alnum && c.letters > 0 && hasLower(c.text[c.start:c.end])) || !f.valid(c.compact) {
			return 0, false
		}
		if grouped {
			return f.bonus, true
		}
		return 0, true
	}
	register(d)
}

// addDetectorLabels merges the label words detectors bring (def.labels)
// into the label map built from labels.go's table.
func addDetectorLabels() {
	touched := map[*labelInfo]bool{}
	for _, d := range registry {
		for _, w := range strings.Fields(d.labels) {
			li := labels[w]
			if li == nil {
				// Only a word the catalogue files bring takes their
				// language: a shared word ("passport") keeps its own.
				li = &labelInfo{lang: d.labelLang}
				labels[w] = li
			}
			li.pos.add(d.idx)
			touched[li] = true
			if w[0] >= 'a' && w[0] <= 'z' && len(w) < 32 {
				labelShape[w[0]-'a'][shapeSecond(w)][len(w)] = true
			}
		}
	}
	for li := range touched {
		n := 0
		for _, d := range registry {
			if li.pos.has(d.idx) {
				n++
			}
		}
		li.single = n == 1
	}
}

// finishCatalogue fills what the catalogue derives: the set of known
// jurisdictions, and a Check for entries declared before the field
// existed.
func finishCatalogue() {
	for _, d := range registry {
		jurisdictionSet[d.Jurisdiction] = true
		if d.Check != "" {
			continue
		}
		switch {
		case checkNames[d.Name] != "":
			d.Check = checkNames[d.Name]
		case d.Checksum:
			d.Check = "checksum"
		case d.kind == kindRun && d.base+d.maxAdj+0.05 < DefaultMinScore:
			d.Check = "label"
		default:
			d.Check = "shape"
		}
	}
}

// checkNames names the checks of the first catalogue's types, whose files
// predate TypeInfo.Check.
var checkNames = map[string]string{
	"iban": "ISO 7064 mod 97-10", "iban_tr": "ISO 7064 mod 97-10", "iban_intl": "ISO 7064 mod 97-10",
	"credit_card": "Luhn + issuer range", "crypto_wallet": "base58check / bech32 / EIP-55",
	"passport_mrz": "ICAO 9303 7-3-1", "national_id_tr": "TCKN mod 10 pair", "tax_id_tr": "VKN mod 10",
	"national_id_de": "ICAO 7-3-1", "tax_id_de": "ISO 7064 mod 11,10", "social_id_de": "weighted mod 10",
	"social_id_at": "weighted mod 11 + date", "national_id_fr": "mod 10", "tax_id_fr": "mod 511",
	"siret_fr": "Luhn", "company_id_fr": "Luhn", "social_id_fr": "mod 97 key", "tax_id_it": "odd/even table mod 26",
	"national_id_nl": "11-proof", "tax_id_nl": "11-proof / mod 97", "national_id_be": "mod 97", "national_id_es": "mod 23 letter",
	"tax_id_es": "CIF control", "national_id_pl": "weighted mod 10", "tax_id_pl": "weighted mod 11", "tax_id_pt": "mod 11",
	"national_id_se": "Luhn + date", "national_id_dk": "date (+ mod 11)", "national_id_fi": "mod 31 character",
	"social_id_uk": "prefix/suffix letters", "tax_id_uk": "weighted mod 11", "nhs_uk": "weighted mod 11",
	"address": "label", "name": "label or honorific", "bic": "label + shape", "company_name_tr": "legal form",
	"ssn": "area/group/serial ranges", "itin_us": "ITIN ranges", "tax_id_us": "IRS campus prefix", "aba_routing_us": "3-7-1 mod 10",
}

// standsAlone reports whether a grouped candidate is the whole number
// and not three groups out of a longer one: "9204 9604 5214" inside a
// broken IBAN or card number is not an Aadhaar. A digit group joined by a
// single separator on either side means the number goes on.
func standsAlone(c *cand) bool {
	t := c.text
	isSep := func(ch byte) bool { return ch == ' ' || ch == '-' || ch == '.' }
	if a := c.start; a >= 2 && isSep(t[a-1]) && class[t[a-2]] == clDigit {
		return false
	}
	if b := c.end; b+1 < len(t) && isSep(t[b]) && class[t[b+1]] == clDigit {
		return false
	}
	return true
}

func hasLower(s string) bool {
	for i := 0; i < len(s); i++ {
		if class[s[i]] == clLower {
			return true
		}
	}
	return false
}

// Synthesiser helpers for the catalogue files.

// withCheck appends to prefix the first character of alphabet that makes
// valid accept the value; ok is false when none does.
func withCheck(prefix string, alphabet string, valid func([]byte) bool) (string, bool) {
	for i := 0; i < len(alphabet); i++ {
		v := prefix + alphabet[i:i+1]
		if valid([]byte(v)) {
			return v, true
		}
	}
	return "", false
}

const digitsAlphabet = "0123456789"

// retry calls gen until it succeeds; synthesisers that draw a random
// prefix and complete it use it when some prefixes have no check digit.
func retry(r *rand.Rand, gen func(r *rand.Rand) (string, bool)) string {
	for {
		if v, ok := gen(r); ok {
			return v
		}
	}
}

func validErr(fn func(string) error) func([]byte) bool {
	return func(b []byte) bool { return fn(string(b)) == nil }
}

func pickStr(r *rand.Rand, xs ...string) string { return xs[r.IntN(len(xs))] }
