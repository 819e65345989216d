package pii

import (
	"strings"
	"testing"
)

func FuzzDetectMask(f *testing.F) {
	build()
	for _, d := range registry {
		f.Add(d.label + ": " + d.Example + "\n")
	}
	f.Add(maskText)
	f.Add("Name: Ed\nMr A, IBAN: TR33 0006 1005 1978 6457 8413 26 ve TCKN 10000000146")
	f.Add("\xff\xfe<<P<UTO:: 2001:db8::1 @ a@b.co +90 (532) 123-45-67 Adres: Cad. 5 İstanbul")
	f.Fuzz(func(t *testing.T, text string) {
		fs := Detect(text, Options{})
		// Rune boundaries as Go decodes the text (an invalid byte is a
		// rune of its own).
		boundary := make([]bool, len(text)+1)
		for i := range text {
			boundary[i] = true
		}
		boundary[len(text)] = true
		prevEnd := 0
		for _, x := range fs {
			if x.Start < 0 || x.End > len(text) || x.Start >= x.End {
				t.Fatalf("offsets %d:%d outside [0,%d]", x.Start, x.End, len(text))
			}
			if !boundary[x.Start] || !boundary[x.End] {
				t.Fatalf("finding %+v not on rune boundaries", x)
			}
			if text[x.Start:x.End] != x.Value {
				t.Fatalf("value %q != text %q", x.Value, text[x.Start:x.End])
			}
			if x.Start < prevEnd {
				t.Fatalf("findings overlap or are unsorted: %+v", fs)
			}
			prevEnd = x.End
		}
		for _, s := range Strategies() {
			out, err := Mask(text, fs, s, []byte("fuzz-key"))
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range fs {
				if strings.Contains(out, x.Value) {
					t.Fatalf("%s masking leaks %q in %q", s, x.Value, out)
				}
			}
		}
	})
}
