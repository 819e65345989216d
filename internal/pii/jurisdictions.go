package pii

import "sort"

// Jurisdictions outside the tr/eu/us families are single countries, named
// by their lower-case ISO 3166 code so that a caller can guess them.
const (
	JurisdictionAU = "au"
	JurisdictionBR = "br"
	JurisdictionCA = "ca"
	JurisdictionCH = "ch"
	JurisdictionCN = "cn"
	JurisdictionIN = "in"
	JurisdictionKR = "kr"
	JurisdictionNG = "ng"
	JurisdictionNO = "no"
	JurisdictionPH = "ph"
	JurisdictionSG = "sg"
	JurisdictionTH = "th"
	JurisdictionZA = "za"
)

// familyOrder puts the historical families first in listings; country
// jurisdictions follow in alphabetical order.
var familyOrder = map[string]int{JurisdictionGlobal: 0, JurisdictionTR: 1, JurisdictionEU: 2, JurisdictionUS: 3}

func jurisdictionOrder(j string) int {
	if o, ok := familyOrder[j]; ok {
		return o
	}
	return len(familyOrder)
}

// Jurisdictions lists every jurisdiction some detector belongs to: the
// families first, then the countries alphabetically.
func Jurisdictions() []string {
	build()
	seen := map[string]bool{}
	var out []string
	for _, d := range registry {
		if !seen[d.Jurisdiction] {
			seen[d.Jurisdiction] = true
			out = append(out, d.Jurisdiction)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if oi, oj := jurisdictionOrder(out[i]), jurisdictionOrder(out[j]); oi != oj {
			return oi < oj
		}
		return out[i] < out[j]
	})
	return out
}

func knownJurisdiction(j string) bool {
	build()
	return jurisdictionSet[j]
}

var jurisdictionSet = map[string]bool{}

// countryLang is the main language of a country's documents: a label in
// that language favours the country's type when two types accept a value.
var countryLang = map[string]string{"TR": "tr", "DE": "de", "AT": "de", "FR": "fr", "IT": "it", "NL": "nl",
	"BE": "nl", "ES": "es", "PT": "pt", "PL": "pl", "SE": "sv", "DK": "da", "FI": "fi", "GB": "en", "US": "en",
	"AU": "en", "CA": "en", "IE": "en", "IN": "en", "NG": "en", "PH": "en", "SG": "en", "ZA": "en",
	"BR": "pt", "CH": "de", "CN": "zh", "HR": "hr", "KR": "ko", "NO": "no", "RO": "ro", "TH": "th"}

// localeJurisdictions maps a locale's language to the jurisdictions it
// enables; "global" is always on. English enables eu (UK, Ireland), us and
// the English-speaking countries; a region narrows it (regionJurisdictions).
// The region codes at, be, gb, uk and us also stand alone as locales.
var localeJurisdictions = map[string][]string{
	"tr": {JurisdictionTR},
	"de": {JurisdictionEU, JurisdictionCH}, "fr": {JurisdictionEU, JurisdictionCH}, "it": {JurisdictionEU, JurisdictionCH},
	"nl": {JurisdictionEU}, "es": {JurisdictionEU}, "pl": {JurisdictionEU},
	"pt": {JurisdictionEU, JurisdictionBR}, "sv": {JurisdictionEU}, "da": {JurisdictionEU},
	"fi": {JurisdictionEU}, "ro": {JurisdictionEU}, "hr": {JurisdictionEU},
	"at": {JurisdictionEU}, "be": {JurisdictionEU},
	"en": {JurisdictionEU, JurisdictionUS, JurisdictionAU, JurisdictionCA, JurisdictionIN, JurisdictionNG,
		JurisdictionPH, JurisdictionSG, JurisdictionZA},
	"gb": {JurisdictionEU}, "uk": {JurisdictionEU}, "us": {JurisdictionUS},
	"ko": {JurisdictionKR}, "th": {JurisdictionTH}, "hi": {JurisdictionIN}, "fil": {JurisdictionPH},
	"tl": {JurisdictionPH}, "zh": {JurisdictionCN}, "no": {JurisdictionNO}, "nb": {JurisdictionNO},
	"nn": {JurisdictionNO}, "ms": {JurisdictionSG},
}

// regionJurisdictions maps a locale's region to the jurisdictions of that
// country. It wins over the language ("en-IN" is India, "fr-CA" Canada).
var regionJurisdictions = map[string][]string{
	"au": {JurisdictionAU}, "br": {JurisdictionBR}, "ca": {JurisdictionCA}, "ch": {JurisdictionCH},
	"cn": {JurisdictionCN}, "in": {JurisdictionIN}, "kr": {JurisdictionKR}, "ng": {JurisdictionNG},
	"no": {JurisdictionNO}, "ph": {JurisdictionPH}, "sg": {JurisdictionSG}, "th": {JurisdictionTH},
	"za": {JurisdictionZA}, "ie": {JurisdictionEU}, "gb": {JurisdictionEU}, "uk": {JurisdictionEU},
	"us": {JurisdictionUS}, "at": {JurisdictionEU}, "be": {JurisdictionEU}, "de": {JurisdictionEU},
	"fr": {JurisdictionEU}, "it": {JurisdictionEU}, "nl": {JurisdictionEU}, "es": {JurisdictionEU},
	"pl": {JurisdictionEU}, "pt": {JurisdictionEU}, "se": {JurisdictionEU}, "dk": {JurisdictionEU},
	"fi": {JurisdictionEU}, "ro": {JurisdictionEU}, "hr": {JurisdictionEU}, "tr": {JurisdictionTR},
}

// localeJurisdictionsFor resolves a locale's language and region; ok is
// false when neither is known (then the locale gates nothing).
func localeJurisdictionsFor(lang, region string) ([]string, bool) {
	if js, ok := regionJurisdictions[region]; ok && region != "" {
		return js, true
	}
	js, ok := localeJurisdictions[lang]
	return js, ok
}
