package forensics

import (
	"fmt"
	"image"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/quarrydev/quarry/internal/doc"
)

// A declared visual check ("firma_notario: the notary's signature is
// present") asks whether a mark drawn by hand or by a stamp sits on the
// page. Without a vision model the question is narrowed to ink: near the
// words the check names (or, failing them, in the lower part of the last
// page, where signatures and seals go), is there a mark that is not
// printed text, large enough and made of strokes rather than a solid
// block? That is what a signature, a stamp or a seal looks like to a
// pixel counter, and also what a logo or a scribble looks like, so the
// verdict carries low confidence and a note saying so.

// Thresholds of the presence check (docs/forensics.md).
const (
	inkLuma       = 140   // darker pixels are ink
	colourInkLuma = 220   // coloured pixels up to this light are ink (blue pens, red stamps)
	colourInkSat  = 60    // spread between channels (0-255) that makes a pixel coloured
	markMinW      = 0.025 // a mark spans at least this share of the page width
	markMinH      = 0.012 // and of its height
	markMinPixels = 30
	markMaxFill   = 0.45 // ink share of the mark's box; above it is a solid block (logo, bar)
	maxRegionPix  = 4_000_000
	// Confidences: found near the named words, found only in the fallback
	// region, or not found. All low on purpose (see above).
	confNearWords = 0.4
	confFallback  = 0.3
	confAbsent    = 0.3
)

// VisualRequest is one declared visual check.
type VisualRequest struct{ Name, Description string }

// VisualVerdict answers one visual check.
type VisualVerdict struct {
	Name       string
	Passed     bool
	Confidence float64
	Note       string
}

// PageImage is a rendered page, upright, covering the same area as the
// layout's normalised boxes.
type PageImage struct {
	Number int
	Image  image.Image
}

// signatureWords and stampWords name the two kinds of mark in the
// languages of the documents Quarry reads (accent-folded, lower case).
var (
	signatureWords = []string{"firma", "signature", "signed", "signatur", "unterschrift", "imza", "assinatura", "handtekening", "podpis", "signe"}
	stampWords     = []string{"sello", "stamp", "seal", "stempel", "kase", "muhur", "timbro", "cachet", "selo", "carimbo"}
	anchorStop     = map[string]bool{"present": true, "presence": true, "document": true, "there": true, "with": true, "that": true, "this": true, "page": true, "must": true, "have": true, "should": true, "visible": true}
)

// fold lower-cases and strips accents ("Mühür" -> "muhur").
func fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, strings.ToLower(s))
	if err != nil {
		return strings.ToLower(s)
	}
	return out
}

// anchorTerms are the words to look for on the page: the check's own
// words of four letters or more, and the words for its kind of mark.
func anchorTerms(req VisualRequest) []string {
	seen := map[string]bool{}
	var out []string
	add := func(w string) {
		if len(w) >= 4 && !anchorStop[w] && !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	words := strings.FieldsFunc(fold(req.Name+" "+req.Description), func(r rune) bool { return !unicode.IsLetter(r) })
	for _, w := range words {
		add(w)
		for _, family := range [][]string{signatureWords, stampWords} {
			for _, f := range family {
				if strings.HasPrefix(w, f) || strings.HasPrefix(f, w) {
					for _, g := range family {
						add(g)
					}
				}
			}
		}
	}
	return out
}

// VisualPresence answers one check on the rendered pages.
func VisualPresence(req VisualRequest, layout *doc.Layout, pages []PageImage) VisualVerdict {
	v := VisualVerdict{Name: req.Name, Confidence: confAbsent}
	const later = " Deterministic ink check, no vision model: a vision model would confirm the mark and raise the confidence."
	if len(pages) == 0 {
		v.Note = "No page image to inspect." + later
		return v
	}
	terms := anchorTerms(req)
	anchored := false
	var best mark
	for _, p := range pages {
		var words []doc.Word
		if layout != nil {
			words = layout.PageWords(p.Number)
		}
		for _, a := range anchorRegions(words, terms) {
			anchored = true
			if m := findMark(p, a.box, words); m.pixels > best.pixels {
				best, best.near, best.anchor = m, true, a.word
			}
		}
	}
	if !anchored {
		last := pages[len(pages)-1]
		var words []doc.Word
		if layout != nil {
			words = layout.PageWords(last.Number)
		}
		best = findMark(last, doc.Box{X0: 0, Y0: 0.55, X1: 1, Y1: 1}, words)
	}
	switch {
	case best.pixels > 0 && best.near:
		v.Passed, v.Confidence = true, confNearWords
		v.Note = fmt.Sprintf("A hand-drawn or stamped mark (%dx%d px, %d ink pixels) lies on page %d near %q.", best.w, best.h, best.pixels, best.page, best.anchor) + later
	case best.pixels > 0:
		v.Passed, v.Confidence = true, confFallback
		v.Note = fmt.Sprintf("None of the check's words is printed; a mark (%dx%d px) lies in the lower part of page %d, where signatures and seals usually go.", best.w, best.h, best.page) + later
	case anchored:
		v.Note = "The check's words are printed, but no mark other than printed text lies near them." + later
	default:
		v.Note = "None of the check's words is printed and no mark lies in the lower part of the last page." + later
	}
	return v
}

// anchor is an area around a printed word matching a term.
type anchor struct {
	box  doc.Box
	word string
}

// anchorRegions are the areas around words matching a term: a signature
// or stamp sits beside, above or below its label.
func anchorRegions(words []doc.Word, terms []string) []anchor {
	var out []anchor
	for _, w := range words {
		fw := fold(w.Text)
		for _, t := range terms {
			if len(fw) >= 4 && (strings.HasPrefix(fw, t) || strings.HasPrefix(t, strings.TrimRight(fw, ":."))) {
				out = append(out, anchor{word: w.Text,
					box: clampBox(doc.Box{X0: w.Box.X0 - 0.15, Y0: w.Box.Y0 - 0.12, X1: w.Box.X1 + 0.35, Y1: w.Box.Y1 + 0.15})})
				break
			}
		}
		if len(out) >= 8 {
			break
		}
	}
	return out
}

func clampBox(b doc.Box) doc.Box {
	c := func(v float64) float64 { return min(1, max(0, v)) }
	return doc.Box{X0: c(b.X0), Y0: c(b.Y0), X1: c(b.X1), Y1: c(b.Y1)}
}

// mark is the largest stroke-like ink component found.
type mark struct {
	page, w, h, pixels int
	near               bool
	anchor             string
}

// findMark looks for a stroke-like ink component in region of page p,
// ignoring ink inside the layout's word boxes (printed text).
func findMark(p PageImage, region doc.Box, words []doc.Word) mark {
	b := p.Image.Bounds()
	W, H := b.Dx(), b.Dy()
	x0, y0 := int(region.X0*float64(W)), int(region.Y0*float64(H))
	x1, y1 := int(region.X1*float64(W)), int(region.Y1*float64(H))
	rw, rh := x1-x0, y1-y0
	if rw <= 0 || rh <= 0 || rw*rh > maxRegionPix {
		return mark{}
	}
	ink := make([]bool, rw*rh)
	for y := 0; y < rh; y++ {
		for x := 0; x < rw; x++ {
			ink[y*rw+x] = isInk(p.Image, b.Min.X+x0+x, b.Min.Y+y0+y)
		}
	}
	// Printed words are not marks; their boxes (a little enlarged) are
	// cleared before components are counted.
	for _, w := range words {
		pad := w.Box.Height() * 0.15
		cx0, cy0 := int((w.Box.X0-pad)*float64(W))-x0, int((w.Box.Y0-pad)*float64(H))-y0
		cx1, cy1 := int((w.Box.X1+pad)*float64(W))-x0, int((w.Box.Y1+pad)*float64(H))-y0
		for y := max(0, cy0); y < min(rh, cy1+1); y++ {
			for x := max(0, cx0); x < min(rw, cx1+1); x++ {
				ink[y*rw+x] = false
			}
		}
	}
	best := mark{page: p.Number}
	minW, minH := int(markMinW*float64(W)), int(markMinH*float64(H))
	seen := make([]bool, len(ink))
	var queue []int
	for i := range ink {
		if !ink[i] || seen[i] {
			continue
		}
		queue = append(queue[:0], i)
		seen[i] = true
		n, bx0, by0, bx1, by1 := 0, rw, rh, 0, 0
		for len(queue) > 0 {
			j := queue[len(queue)-1]
			queue = queue[:len(queue)-1]
			n++
			x, y := j%rw, j/rw
			bx0, by0, bx1, by1 = min(bx0, x), min(by0, y), max(bx1, x), max(by1, y)
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					nx, ny := x+dx, y+dy
					if nx < 0 || ny < 0 || nx >= rw || ny >= rh {
						continue
					}
					k := ny*rw + nx
					if ink[k] && !seen[k] {
						seen[k] = true
						queue = append(queue, k)
					}
				}
			}
		}
		cw, ch := bx1-bx0+1, by1-by0+1
		fill := float64(n) / float64(cw*ch)
		if cw >= max(minW, 4) && ch >= max(minH, 4) && n >= markMinPixels && fill <= markMaxFill && n > best.pixels {
			best.w, best.h, best.pixels = cw, ch, n
		}
	}
	return best
}

// isInk reports whether a pixel is dark, or clearly coloured (blue ink,
// red or violet stamps) and not pale.
func isInk(img image.Image, x, y int) bool {
	r, g, b, _ := img.At(x, y).RGBA()
	r8, g8, b8 := int(r>>8), int(g>>8), int(b>>8)
	luma := (299*r8 + 587*g8 + 114*b8) / 1000
	if luma < inkLuma {
		return true
	}
	hi, lo := max(r8, g8, b8), min(r8, g8, b8)
	return hi-lo >= colourInkSat && luma < colourInkLuma
}

// PagesToInspect chooses the pages worth rendering for reqs: those where
// a check's words are printed, in page order, else the last page; at
// most limit pages.
func PagesToInspect(reqs []VisualRequest, layout *doc.Layout, pageCount, limit int) []int {
	var out []int
	if layout != nil {
		var terms []string
		for _, r := range reqs {
			terms = append(terms, anchorTerms(r)...)
		}
		for _, p := range layout.Pages {
			if len(out) == limit {
				break
			}
			if len(anchorRegions(layout.PageWords(p.Number), terms)) > 0 {
				out = append(out, p.Number)
			}
		}
	}
	if len(out) == 0 && pageCount > 0 {
		out = append(out, pageCount)
	}
	return out
}
