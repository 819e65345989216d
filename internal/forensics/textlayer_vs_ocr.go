package forensics

import (
	"fmt"
	"math"
	"strings"
	"unicode"

	"github.com/quarrydev/quarry/internal/doc"
)

// A searchable scan is a page image with a text layer laid over it, so the
// text a machine reads and the picture a person sees can be changed apart:
// editing the layer after OCR (or pasting a new layer on an old scan) is a
// classic forgery. Reading the picture again with OCR and comparing it
// word by word with the layer shows it. This file chooses the pages and
// compares; the pipeline renders them and runs the OCR.

// Thresholds of the comparison (docs/forensics.md).
const (
	scanImageShare = 0.8  // an image covering this share of the page makes it a scan
	wordAgree      = 0.75 // similarity at which two readings of a word agree
	ocrNumberConf  = 0.8  // OCR confidence needed to contradict a number
	minComparable  = 5    // words needed before a low agreement means anything
	lowAgreement   = 0.5
)

// ScannedTextPages lists the pages (at most limit) that are an image
// covering most of the page and also carry a text layer, the pages where
// the layer can disagree with the picture.
func ScannedTextPages(r *Report, layout *doc.Layout, limit int) []int {
	if r == nil || layout == nil {
		return nil
	}
	var out []int
	for _, p := range r.Pages {
		if len(out) == limit {
			break
		}
		area := p.Box.area()
		scan := false
		for _, pt := range p.Paints {
			if pt.Image && area > 0 && pt.Box.intersect(p.Box).area() >= scanImageShare*area {
				scan = true
				break
			}
		}
		if scan && len(layout.PageWords(p.Number)) > 0 {
			out = append(out, p.Number)
		}
	}
	return out
}

// OCRPage is what OCR read on one rendered page, boxes normalised like
// the layout's.
type OCRPage struct {
	Number int
	Words  []doc.Word
}

// TextLayerUnchecked is the check when scanned pages with a text layer
// exist but could not be read again (no OCR engine, rendering failed).
func TextLayerUnchecked(pages []int, why string) Check {
	return Check{Name: "text_layer_vs_ocr", Status: Uncertain,
		Description: "Whether the text layer of a scanned page says what the page image shows.",
		Evidence:    fmt.Sprintf("Scanned page(s) %v carry a text layer; they were not read again: %s.", pages, why),
		Reasoning:   "Without reading the image again, a text layer edited after OCR cannot be told from a faithful one."}
}

// TextLayerVsOCR compares the layout's words with what OCR read on the
// same pages.
func TextLayerVsOCR(layout *doc.Layout, pages []OCRPage) Check {
	c := Check{Name: "text_layer_vs_ocr", Description: "Whether the text layer of a scanned page says what the page image shows."}
	agree, disagree, unseen := 0, 0, 0
	var conflicts examples
	for _, p := range pages {
		for _, w := range layout.PageWords(p.Number) {
			lw := normWord(w.Text)
			if len([]rune(lw)) < 2 {
				continue
			}
			o, ok := bestOverlap(w.Box, p.Words)
			if !ok {
				unseen++
				continue
			}
			ow := normWord(o.Text)
			// Numbers agree digit for digit or not at all: one changed
			// digit is the whole point of an edit.
			ld, od := digitsOf(lw), digitsOf(ow)
			number := len(ld) >= 2 || len(od) >= 2
			if number && ld == od || !number && similarity(lw, ow) >= wordAgree {
				agree++
				continue
			}
			disagree++
			if len(ld) >= 2 && len(ld) == len(od) && o.Conf >= ocrNumberConf {
				conflicts.add(fmt.Sprintf("page %d: the text layer reads %q where the image reads %q (OCR confidence %.2f)", p.Number, w.Text, o.Text, o.Conf))
			}
		}
	}
	total := agree + disagree + unseen
	c.Evidence = fmt.Sprintf("%d scanned page(s) read again; of %d text-layer words, %d agree with OCR, %d disagree, %d have no OCR word at their place.", len(pages), total, agree, disagree, unseen)
	switch {
	case conflicts.n > 0:
		c.Status = Fail
		c.Evidence += " Numbers that differ: " + conflicts.String() + "."
		c.Reasoning = "The text layer states numbers the page image does not show: the layer was edited after the scan was read, or laid over another scan. Software reads the layer; people read the image."
	case total >= minComparable && float64(agree) < lowAgreement*float64(total):
		c.Status = Uncertain
		c.Reasoning = "The text layer and the image disagree on most words. A poor scan or a weak OCR does this too, but so does a layer that belongs to another page."
	default:
		c.Status = Pass
		c.Reasoning = "The text layer says what the image shows, as far as OCR can read it."
	}
	return c
}

// bestOverlap finds the OCR word that overlaps box most.
func bestOverlap(box doc.Box, words []doc.Word) (doc.Word, bool) {
	best, bestArea := doc.Word{}, 0.0
	for _, w := range words {
		a := box.Intersect(w.Box).Area()
		if a > bestArea {
			best, bestArea = w, a
		}
	}
	if bestArea == 0 || bestArea < 0.3*math.Min(box.Area(), best.Box.Area()) {
		return doc.Word{}, false
	}
	return best, true
}

// normWord keeps a word's letters and digits, lower case.
func normWord(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}

func digitsOf(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// similarity is 1 minus the edit distance over the longer length.
func similarity(a, b string) float64 {
	ra, rb := []rune(a), []rune(b)
	if len(ra) == 0 && len(rb) == 0 {
		return 1
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return 1 - float64(prev[len(rb)])/float64(max(len(ra), len(rb)))
}
