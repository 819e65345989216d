package fields

import (
	"strings"
	"testing"
)

func TestAddressWord(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"JAIAN":        "JALAN",        // one letter bent, capitals kept
		"Kefong,":      "Kepong,",      // title case and the comma kept
		"THN":          "TMN",          // an abbreviation
		"PERINDUSTIAN": "PERINDUSTIAN", // a letter lost is not a substitution
		"JALAN":        "JALAN",        // an address word stays
		"BATU":         "BATU",         // near BARU, but an address word itself
		"JIM":          "JIM",          // three letters become only an abbreviation
		"Tun":          "Tun",          // a title in street names, one letter from TMN
		"Henara":       "Menara",
		"ABC":          "ABC",
		"12,":          "12,", // not letters
		"Tmn.":         "Tmn.",
		"SAYA":         "SAYA",     // JAYA and RAYA are as near: left alone
		"1237-THN":     "1237-TMN", // each part of a hyphenated word
		"SS2-JAIAN,":   "SS2-JALAN,",
	}
	for in, want := range cases {
		if got := addressWord(in); got != want {
			t.Errorf("addressWord(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNumberCommas(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{"NO 290. JALAN AIR PANAS. SETAPAK", "NO 290, JALAN AIR PANAS. SETAPAK"},         // a stop after a word stays
		{"78G, JALAN SS21/62. DAMANSARA UTAMA,", "78G, JALAN SS21/62, DAMANSARA UTAMA,"}, // also where a line ends
		{"LOT 1-0-2. JLN 1/50. DIAMOND SQUARE", "LOT 1-0-2, JLN 1/50, DIAMOND SQUARE"},
		{"NO. 5 JALAN P.T. 2811", "NO. 5 JALAN P.T. 2811"},                                 // abbreviations keep their stops
		{"43300 SERI KEMBANGAN, SELANGOR 43300.", "43300 SERI KEMBANGAN, SELANGOR 43300."}, // the last word keeps it
		{"Hauptstr. 5, 3. OG", "Hauptstr. 5, 3. OG"},                                       // a German floor ordinal
		{"12. sektor 4", "12. sektor 4"},                                                   // a small letter after it: no part of an address starts so
		{"LOT 5.. JALAN", "LOT 5.. JALAN"},
	}
	for _, c := range cases {
		texts := strings.Fields(c.in)
		numberCommas(texts)
		if got := strings.Join(texts, " "); got != c.want {
			t.Errorf("numberCommas(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestLowerEll(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"BIk":      "Blk", // a capital I inside a title-case word
		"PIaza":    "Plaza",
		"FIoor,":   "Floor,",
		"BLK":      "BLK",      // capitals only
		"McIntosh": "McIntosh", // a capital after a small letter is one
		"IOI":      "IOI",
		"Ipoh":     "Ipoh", // the first letter
	} {
		if got := addressGlyphs(in); got != want {
			t.Errorf("addressGlyphs(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestStrayQuote(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"‘Tampoi,":          "Tampoi,", // a speck read as an opening quote
		"“Tampoi":           "Tampoi",
		"„Hof":              "Hof",
		"'s-Hertogenbosch":  "'s-Hertogenbosch", // the straight apostrophe opens names
		"“Menara”":          "“Menara”",         // quoted on purpose: both marks printed
		"“A":                "“A",               // too little after it to tell
		"DOMINO'S":          "DOMINO'S",
		"‘Tampoi’s-corner,": "‘Tampoi’s-corner,",
	} {
		if got := addressGlyphs(in); got != want {
			t.Errorf("addressGlyphs(%q) = %q, want %q", in, got, want)
		}
	}
}
