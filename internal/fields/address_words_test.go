package fields

import "testing"

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
