package ingest

import "math"

// pdftotext breaks a word where the gap between two glyphs passes a tenth
// of the font size. Some PDF writers kern past that inside words (Apache
// FOP's renderings of e-invoices print "Ver käufer", "Br uttosumme" and
// "Zahlbetr ag", with gaps of 0.12 of the line's height), which hides
// labels and totals from extraction. A gap is read as kerning when it is
// under kernGap of the height and under half the median gap between words
// in the document so far (its typical space): tight fonts space words at
// 0.16-0.17 of the height, so a fixed threshold alone would glue their
// words together. The median pools the pages read so far because a page
// of totals has few gaps, and kerned words can be half of them; until
// kernMinGaps gaps are counted nothing is joined.
const (
	kernGap       = 0.16
	kernOfSpace   = 0.5
	kernTolerance = 0.05 // same baseline and size: tops and heights within this share of the height
	kernMinGaps   = 20
)

// kernState follows the words of the current line as they are parsed.
type kernState struct {
	prev struct {
		right, top, height float64
		ok                 bool // a word of this line came before
		colon              bool // it ends in a colon: a label, whose value follows ("Téléphone : 32 44")
	}
	gaps gapHistogram
	// limit caches kernOfSpace * median for the count it was taken at.
	limit   float64
	limitAt int
}

// lineStart forgets the last word: a new line (or page) begins.
func (k *kernState) lineStart() { k.prev.ok = false }

// joins records the word text at left, top (width, height in page units)
// and reports whether it continues the line's last word.
func (k *kernState) joins(text []byte, left, top, width, height float64) bool {
	q := &k.prev
	join := false
	if q.ok && height > 0 && math.Abs(height-q.height) <= kernTolerance*height && math.Abs(top-q.top) <= kernTolerance*height {
		if g := (left - q.right) / height; g >= 0 {
			k.gaps.add(g)
			join = !q.colon && g < kernGap && k.gaps.n >= kernMinGaps && g < k.spaceLimit()
		}
	}
	last := text[len(text)-1]
	q.right, q.top, q.height, q.ok, q.colon = left+width, top, height, true, last == ':' || last == ';'
	return join
}

// spaceLimit is kernOfSpace times the median gap, recomputed when the
// count has grown by a sixteenth since it was last taken: it is asked for
// only at gaps narrow enough to be kerning, but a tight font makes every
// gap one.
func (k *kernState) spaceLimit() float64 {
	if n := k.gaps.n; k.limitAt == 0 || n-k.limitAt > k.limitAt/16 {
		k.limit, k.limitAt = kernOfSpace*k.gaps.median(), n
	}
	return k.limit
}

// gapHistogram counts gaps between words in steps of gapStep of the
// height, so that a median over a whole document costs a fixed amount.
type gapHistogram struct {
	counts [gapBins + 1]int // the last bin holds every wider gap
	n      int
}

const (
	gapStep = 0.01
	gapBins = 200
)

func (h *gapHistogram) add(g float64) {
	h.counts[min(gapBins, int(g/gapStep))]++
	h.n++
}

// median returns the median gap (a bin's middle), 0 with none counted.
func (h *gapHistogram) median() float64 {
	if h.n == 0 {
		return 0
	}
	seen := 0
	for b, c := range h.counts {
		if seen += c; 2*seen > h.n {
			return (float64(b) + 0.5) * gapStep
		}
	}
	return gapBins * gapStep
}
