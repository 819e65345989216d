package linerec

import (
	"image"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/quarrydev/quarry/internal/ocr"
)

// glyph is one character the network printed, at the step it printed it.
type glyph struct {
	text string
	x    float64 // centre, in page pixels
	prob float64
}

// decodeLine turns one line's answer into words. The network's output is
// CTC: class 0 is "no character", and a class repeated over neighbouring
// steps is one character. Each step covers an equal slice of the crop, so
// a character's step gives its place on the page.
//
// The model seldom prints a space between English words, so a word also
// ends where Tesseract saw a gap between two words of the line (the gap's
// middle lies between two characters). Each word's box spans its
// characters' steps and the line's height. Text is NFKC-normalised: the
// model prints full-width punctuation (",", ":") in Chinese style.
func decodeLine(a steps, dict []string, crop image.Rectangle, l ocr.Line) []ocr.Word {
	n := len(a.Idx)
	if n == 0 || len(a.Prob) != n || crop.Empty() {
		return nil
	}
	step := float64(crop.Dx()) / float64(n)
	var glyphs []glyph
	prev := 0
	for s, id := range a.Idx {
		if id != 0 && id != prev && id-1 < len(dict) {
			glyphs = append(glyphs, glyph{text: dict[id-1], x: float64(crop.Min.X) + (float64(s)+0.5)*step, prob: a.Prob[s]})
		}
		prev = id
	}
	gaps := wordGaps(l)
	top, bottom := lineSpan(l)
	var words []ocr.Word
	var cur []glyph
	flush := func() {
		if w, ok := makeWord(cur, step, top, bottom, crop); ok {
			words = append(words, w)
		}
		cur = cur[:0]
	}
	for i, g := range glyphs {
		if strings.TrimSpace(g.text) == "" {
			flush()
			continue
		}
		if i > 0 && gapBetween(gaps, glyphs[i-1].x, g.x) {
			flush()
		}
		cur = append(cur, g)
	}
	flush()
	return words
}

// wordGaps returns the middles of the gaps between a line's words.
func wordGaps(l ocr.Line) []float64 {
	var gaps []float64
	for i := 1; i < len(l.Words); i++ {
		a, b := l.Words[i-1], l.Words[i]
		gaps = append(gaps, float64(a.Left+a.Width+b.Left)/2)
	}
	return gaps
}

func gapBetween(gaps []float64, x0, x1 float64) bool {
	for _, g := range gaps {
		if g > x0 && g < x1 {
			return true
		}
	}
	return false
}

// lineSpan is the top and bottom of a line's words.
func lineSpan(l ocr.Line) (top, bottom int) {
	for i, w := range l.Words {
		if i == 0 || w.Top < top {
			top = w.Top
		}
		if i == 0 || w.Top+w.Height > bottom {
			bottom = w.Top + w.Height
		}
	}
	return top, bottom
}

// makeWord joins glyphs into a word whose box spans their steps (a step
// to each side of the outer two's centres), inside the crop.
func makeWord(gs []glyph, step float64, top, bottom int, crop image.Rectangle) (ocr.Word, bool) {
	if len(gs) == 0 {
		return ocr.Word{}, false
	}
	var sb strings.Builder
	var conf float64
	for _, g := range gs {
		sb.WriteString(g.text)
		conf += g.prob
	}
	text := lettersMended(digitsMended(strings.Join(strings.Fields(norm.NFKC.String(sb.String())), "")))
	if text == "" {
		return ocr.Word{}, false
	}
	left := max(crop.Min.X, int(gs[0].x-step))
	right := min(crop.Max.X, int(gs[len(gs)-1].x+step+0.5))
	return ocr.Word{
		Text: text, Left: left, Top: top,
		Width: max(1, right-left), Height: max(1, bottom-top),
		Conf: conf / float64(len(gs)),
	}, true
}

// digitsMended reads the letter O in a number as the digit 0. The model
// confuses the two (its training text mixes Chinese, English and digits),
// printing "32.0O", "4750O" and "1o/1o". A word of digits, O's and the
// marks numbers carry (. , : / -), with at least one digit, is a number,
// a date or a time, so its O's are zeros; a word with any other letter
// ("CO04", "Seaf0od") is left alone.
func digitsMended(s string) string {
	digit := false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digit = true
		case r == 'O' || r == 'o' || strings.ContainsRune(".,:/-", r):
		default:
			return s
		}
	}
	if !digit {
		return s
	}
	return strings.NewReplacer("O", "0", "o", "0").Replace(s)
}

// lettersMended is the other side of the same confusion: a zero in a word
// of letters ("B0OK.", "Seaf0od", "FL0OR,") is the letter O. Only a word
// of at least two letters whose one digit is 0 qualifies, so codes with
// other digits ("SO05", "BCO01") keep their zeros.
func lettersMended(s string) string {
	letters, upper := 0, 0
	for _, r := range s {
		switch {
		case r == '0':
		case r >= '1' && r <= '9':
			return s
		case unicode.IsLetter(r):
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	if letters < 2 || !strings.ContainsRune(s, '0') {
		return s
	}
	o := "o"
	if 2*upper >= letters {
		o = "O"
	}
	return strings.ReplaceAll(s, "0", o)
}
