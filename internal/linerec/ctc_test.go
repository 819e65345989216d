package linerec

import (
	"image"
	"slices"
	"testing"

	"github.com/quarrydev/quarry/internal/ocr"
)

// dict for the tests: class i+1 prints testDict[i]; class 0 is CTC's blank.
var testDict = []string{"S", "D", "N", "B", "H", "：", "1", "2", " "}

func class(t *testing.T, s string) int {
	t.Helper()
	for i, d := range testDict {
		if d == s {
			return i + 1
		}
	}
	t.Fatalf("no class for %q", s)
	return 0
}

// stepsOf builds a network answer from per-step symbols ("" is blank).
func stepsOf(t *testing.T, syms ...string) steps {
	var a steps
	for _, s := range syms {
		id := 0
		if s != "" {
			id = class(t, s)
		}
		a.Idx = append(a.Idx, id)
		a.Prob = append(a.Prob, 0.9)
	}
	return a
}

func texts(ws []ocr.Word) []string {
	var out []string
	for _, w := range ws {
		out = append(out, w.Text)
	}
	return out
}

func TestDecodeLineCollapsesRepeatsAndKeepsDoubledLetters(t *testing.T) {
	// "SS" then blank then "S": CTC reads two S (a blank separates them).
	a := stepsOf(t, "S", "S", "", "S", "D", "D", "N")
	crop := image.Rect(0, 0, 70, 20)
	line := ocr.Line{Words: []ocr.Word{{Text: "SSDN", Left: 0, Top: 2, Width: 70, Height: 16}}}
	got := texts(decodeLine(a, testDict, crop, line))
	if !slices.Equal(got, []string{"SSDN"}) {
		t.Fatalf("got %q, want [SSDN]", got)
	}
}

func TestDecodeLineSplitsWordsAtTesseractGaps(t *testing.T) {
	// The model printed "SDNBHD" with no space; Tesseract saw two words
	// with a gap at x 30..40, between the third and fourth character.
	a := stepsOf(t, "S", "D", "N", "", "B", "H", "D")
	crop := image.Rect(0, 0, 70, 20)
	line := ocr.Line{Words: []ocr.Word{
		{Text: "SDN", Left: 0, Top: 2, Width: 30, Height: 16},
		{Text: "EHD", Left: 40, Top: 2, Width: 30, Height: 16},
	}}
	words := decodeLine(a, testDict, crop, line)
	if got := texts(words); !slices.Equal(got, []string{"SDN", "BHD"}) {
		t.Fatalf("got %q, want [SDN BHD]", got)
	}
	// Boxes follow the characters' steps (10 px each) and stay apart.
	if w := words[0]; w.Left != 0 || w.Left+w.Width > 40 {
		t.Errorf("first word box %+v, want within 0..40", w)
	}
	if w := words[1]; w.Left < 30 || w.Left+w.Width != 70 {
		t.Errorf("second word box %+v, want within 30..70", w)
	}
	for _, w := range words {
		if w.Top != 2 || w.Height != 16 {
			t.Errorf("word %q spans %d+%d, want the line's 2+16", w.Text, w.Top, w.Height)
		}
	}
}

func TestDecodeLineSplitsAtModelSpacesAndNormalisesWidth(t *testing.T) {
	// A space class ends a word; the full-width colon becomes ":".
	a := stepsOf(t, "N", "：", " ", "1", "2")
	crop := image.Rect(100, 0, 150, 20)
	line := ocr.Line{Words: []ocr.Word{{Text: "N:12", Left: 100, Top: 0, Width: 50, Height: 20}}}
	got := texts(decodeLine(a, testDict, crop, line))
	if !slices.Equal(got, []string{"N:", "12"}) {
		t.Fatalf("got %q, want [N: 12]", got)
	}
}

func TestDecodeLineRefusesMalformedAnswers(t *testing.T) {
	crop := image.Rect(0, 0, 10, 10)
	line := ocr.Line{Words: []ocr.Word{{Text: "x", Width: 10, Height: 10}}}
	cases := map[string]steps{
		"empty":              {},
		"probs short":        {Idx: []int{1, 2}, Prob: []float64{0.5}},
		"class out of range": {Idx: []int{len(testDict) + 5}, Prob: []float64{0.9}},
	}
	for name, a := range cases {
		if got := decodeLine(a, testDict, crop, line); len(got) != 0 {
			t.Errorf("%s: got words %q, want none", name, texts(got))
		}
	}
	if got := decodeLine(stepsOf(t, "S"), testDict, image.Rectangle{}, line); len(got) != 0 {
		t.Errorf("empty crop: got %q, want none", texts(got))
	}
}

func TestDecodeLineConfidenceIsMeanProbability(t *testing.T) {
	a := steps{Idx: []int{1, 0, 2}, Prob: []float64{0.8, 0.99, 0.6}}
	crop := image.Rect(0, 0, 30, 10)
	line := ocr.Line{Words: []ocr.Word{{Text: "SD", Width: 30, Height: 10}}}
	words := decodeLine(a, testDict, crop, line)
	if len(words) != 1 {
		t.Fatalf("got %d words, want 1", len(words))
	}
	if c := words[0].Conf; c < 0.699 || c > 0.701 {
		t.Fatalf("conf %v, want 0.7 (the printed characters' mean, blanks left out)", c)
	}
}

func TestDigitsMendedReadsOAsZeroInNumbersOnly(t *testing.T) {
	cases := map[string]string{
		"32.0O":    "32.00",
		"4750O":    "47500",
		"1o/1o":    "10/10",
		"11:14:O0": "11:14:00",
		"O.0O":     "0.00",
		"CO04":     "CO04",    // a code with a letter stays
		"Seaf0od":  "Seaf0od", // a word stays
		"OO":       "OO",      // no digit: not a number
		"TOTAL":    "TOTAL",
		"":         "",
	}
	for in, want := range cases {
		if got := digitsMended(in); got != want {
			t.Errorf("digitsMended(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLettersMendedReadsZeroAsOInWordsOnly(t *testing.T) {
	cases := map[string]string{
		"B0OK.":   "BOOK.",
		"Seaf0od": "Seafood",
		"FL0OR,":  "FLOOR,",
		"SO05":    "SO05", // a code: another digit stays a digit
		"BCO01":   "BCO01",
		"A0":      "A0", // one letter is no word
		"100":     "100",
		"TOTAL":   "TOTAL",
	}
	for in, want := range cases {
		if got := lettersMended(in); got != want {
			t.Errorf("lettersMended(%q) = %q, want %q", in, got, want)
		}
	}
}
