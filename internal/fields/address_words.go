package fields

import "strings"

// addressLexicon holds words that addresses print again and again: street and
// district words, and the states and large towns of the countries whose
// receipts use them (Malay street words and Malaysian states, English and
// German street words). OCR bends them one letter at a time ("JAIAN",
// "KEFONG", "THN"); a word one letter away from exactly one of them, and
// not itself one of them, is read as that word.
var addressLexicon = setOf(
	// Malay street, building and district words and their abbreviations
	"jalan", "jln", "taman", "tmn", "lorong", "lrg", "kawasan", "perindustrian",
	"bandar", "baru", "seksyen", "kampung", "mukim", "persiaran", "lebuh",
	"lebuhraya", "medan", "pusat", "desa", "batu", "jaya", "raya", "utama",
	"indah", "utara", "selatan", "timur", "barat", "tengah", "simpang",
	"perdana", "niaga", "sentral", "tingkat", "bangunan", "kompleks",
	"laman", "menara", "wisma", "bukit", "sungai", "kota", "pekan", "tasik",
	"tun", "seri", "sri", "dato", "datuk", "sultan", "haji", "ara", "lot",
	// Malaysian states, federal territories and large towns
	"selangor", "johor", "bahru", "kuala", "lumpur", "darul", "ehsan",
	"takzim", "malaysia", "perak", "pahang", "kedah", "kelantan", "melaka",
	"negeri", "sembilan", "pulau", "pinang", "penang", "sabah", "sarawak",
	"terengganu", "perlis", "putrajaya", "labuan", "petaling", "klang",
	"cheras", "kepong", "puchong", "ampang", "kajang", "serdang", "subang",
	"damansara", "setapak", "shah", "alam", "ipoh", "seremban", "rawang",
	"semenyih", "masai", "tebrau", "skudai", "kembangan", "balakong",
	// English and German street words
	"street", "road", "avenue", "floor", "ground", "building", "industrial",
	"estate", "centre", "center", "plaza", "square", "lane", "drive",
	"strasse", "platz",
)

// addressWord reads an OCR-bent address word as the address word it is
// one substituted letter from, in the case it was printed in. Words of
// three letters are mended only into the abbreviations ("THN" -> "TMN"),
// shorter ones never; a word two address words are equally near to is
// left alone.
func addressWord(w string) string {
	if strings.Contains(w, "-") {
		// "1237-THN": each part of a hyphenated word on its own.
		parts := strings.Split(w, "-")
		for i, p := range parts {
			parts[i] = addressWord(p)
		}
		return strings.Join(parts, "-")
	}
	core := strings.Trim(w, ".,;:()")
	// letters only, each one byte: the lexicon is ASCII
	if len(core) < 3 || letterCount(core) != len(core) || addressLexicon[strings.ToLower(core)] {
		return w
	}
	low := strings.ToLower(core)
	found := ""
	for a := range addressLexicon {
		// Same length and at most one edit apart (low is no lexicon
		// word, so not zero): exactly one letter substituted.
		if len(a) != len(low) || len(a) == 3 && !addressAbbrev[a] || !editDistance1([]byte(a), []byte(low)) {
			continue
		}
		if found != "" {
			return w // two words are as near: no way to tell
		}
		found = a
	}
	if found == "" {
		return w
	}
	return fixWord(w, strings.ToUpper(core), strings.ToUpper(found), core)
}

// addressAbbrev are the three-letter address words a bent word may become.
var addressAbbrev = setOf("jln", "tmn", "lrg")
