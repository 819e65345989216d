package pii

import (
	"strings"
	"testing"
)

// FuzzNamesAndPlaces starts from the name and place cases: whatever the
// text, findings stay inside it, on rune boundaries, and sorted.
func FuzzNamesAndPlaces(f *testing.F) {
	for _, c := range readNamesCases(f, "testdata/names_places.txt") {
		f.Add(c.text)
	}
	f.Add("Herr Dr. Ä-Ö'Ü D-1 M. \xff\xfeİSTANBUL'a 00-9 1012 AB A.Ş. B.V. & Söhne, y Asociados 13b")
	f.Fuzz(func(t *testing.T, text string) {
		prevEnd := 0
		for _, x := range Detect(text, Options{Types: []string{"name", "location"}}) {
			if x.Start < prevEnd || x.End > len(text) || x.Start >= x.End || text[x.Start:x.End] != x.Value {
				t.Fatalf("bad finding %+v in %q", x, text)
			}
			if !strings.HasPrefix(text[x.Start:], x.Value) {
				t.Fatalf("value %q not at its offset", x.Value)
			}
			prevEnd = x.End
		}
	})
}
