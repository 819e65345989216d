package forensics

import (
	"fmt"
	"math"
	"regexp"
	"strings"

	"github.com/quarrydev/quarry/internal/doc"
)

// Thresholds of the text checks (docs/forensics.md explains each).
const (
	// backgroundCover: a white run counts as on a background when a
	// non-white fill or image painted before it covers this share of it.
	backgroundCover = 0.5
	// imageUnderCover: invisible text counts as an OCR layer when an image
	// covers this share of it.
	imageUnderCover = 0.5
	// hiddenCover: a run counts as painted over when a later opaque
	// paint covers this share of it.
	hiddenCover = 0.9
	// scanPaintShare: a paint covering this share of the page is a
	// scan's image or a page background, not a patch over one value.
	scanPaintShare = 0.8
	// sizeRatio: two runs differ in size when their sizes differ by more
	// than this factor.
	sizeRatio = 1.08
	// slugMargin: text just outside the page edge, within this share of
	// the page's size, is where printers' slugs and OCR overspill sit.
	slugMargin = 0.1
	// maxNumbersPerPage bounds the numbers compared with the runs of one
	// page (the comparison costs numbers x runs).
	maxNumbersPerPage = 2000
	// maxExamples bounds the examples quoted in one piece of evidence.
	maxExamples = 5
)

// pageView maps user space onto the layout's normalised, upright boxes.
type pageView struct {
	p     *PageContent
	words []doc.Word
}

// norm maps a point of user space to [0,1] page coordinates from the
// top-left corner of the upright page, as layouts store boxes.
func (v pageView) norm(x, y float64) (float64, float64) {
	b := v.p.Box
	w, h := b.w(), b.h()
	if w <= 0 || h <= 0 {
		return 0, 0
	}
	switch v.p.Rotate {
	case 90:
		return (y - b.Y0) / h, (x - b.X0) / w
	case 180:
		return (b.X1 - x) / w, (y - b.Y0) / h
	case 270:
		return (b.Y1 - y) / h, (b.X1 - x) / w
	}
	return (x - b.X0) / w, (b.Y1 - y) / h
}

func (v pageView) normBox(r Rect) doc.Box {
	x0, y0 := v.norm(r.X0, r.Y0)
	x1, y1 := v.norm(r.X1, r.Y1)
	return doc.Box{X0: math.Min(x0, x1), Y0: math.Min(y0, y1), X1: math.Max(x0, x1), Y1: math.Max(y0, y1)}
}

// wordsUnder returns the layout words a run overlaps, joined.
func (v pageView) wordsUnder(r Rect) string {
	nb := v.normBox(r)
	var out []string
	for _, w := range v.words {
		in := w.Box.Intersect(nb).Area()
		if in > 0 && in >= 0.3*math.Min(w.Box.Area(), nb.Area()) {
			out = append(out, w.Text)
			if len(out) == 8 {
				break
			}
		}
	}
	return strings.Join(out, " ")
}

func (v pageView) pageArea() float64 { return v.p.Box.area() }

// examples collects a few findings for evidence and counts them all.
type examples struct {
	n    int
	list []string
}

func (e *examples) add(s string) {
	e.n++
	if len(e.list) < maxExamples {
		e.list = append(e.list, s)
	}
}

func (e *examples) String() string {
	s := strings.Join(e.list, "; ")
	if e.n > len(e.list) {
		s += fmt.Sprintf("; and %d more", e.n-len(e.list))
	}
	return s
}

func at(p *PageContent, r Rect, words string) string {
	return fmt.Sprintf("page %d at (%.0f, %.0f) pt: %q", p.Number, r.X0, r.Y0, words)
}

// textChecks runs the checks that read the pages' drawing: white text,
// invisible text, text outside the page, text painted over, and a font
// change inside one number.
func textChecks(pages []PageContent, layout *doc.Layout) []Check {
	var white, invisible, outside, nearOutside, covered, fonts examples
	truncated := 0
	for i := range pages {
		p := &pages[i]
		if p.Truncated {
			truncated++
		}
		v := pageView{p: p}
		if layout != nil {
			v.words = layout.PageWords(p.Number)
		}
		for _, r := range p.Runs {
			if !r.Printing || r.Size <= 0 {
				continue
			}
			if r.Box.intersect(p.Box).area() == 0 && !p.Box.contains(r.X, r.Y) {
				ex := &outside
				if r.Box.intersect(p.Box.grow(slugMargin)).area() > 0 {
					ex = &nearOutside
				}
				ex.add(fmt.Sprintf("page %d at (%.0f, %.0f) pt, %d glyphs, while the page spans (%.0f, %.0f)-(%.0f, %.0f)",
					p.Number, r.X, r.Y, r.Glyphs, p.Box.X0, p.Box.Y0, p.Box.X1, p.Box.Y1))
				continue
			}
			words := v.wordsUnder(r.Box)
			if words == "" {
				continue // nothing a reader would extract sits there
			}
			switch {
			case r.Invisible():
				if !paintedUnder(p, r, true) {
					invisible.add(at(p, r.Box, words))
				}
			case r.White && r.Mode != 1 && r.Mode != 5:
				if !paintedUnder(p, r, false) {
					white.add(at(p, r.Box, words))
				}
			default:
				if paintedOver(p, r, v.pageArea()) {
					covered.add(at(p, r.Box, words))
				}
			}
		}
		fontChanges(v, &fonts)
	}
	checks := []Check{
		textCheck("white_text", "Whether text is drawn in white where no dark background lies under it (white on white).",
			&white, "White text on a white page is invisible to a reader but read by machines: it plants values only software sees."),
		textCheck("invisible_text", "Whether text is drawn in an invisible render mode without a scanned image under it.",
			&invisible, "Invisible text over a scan is the normal searchable-PDF layer; invisible text with no image under it hides content from the reader."),
		outsideCheck(&outside, &nearOutside),
		textCheck("text_covered_by_paint", "Whether an opaque image or filled area is painted over text after it was drawn (a patch pasted over a value).",
			&covered, "Painting an opaque box or image over existing text is how values are blanked out and replaced without editing the text layer; the old text stays in the file under the patch."),
		textCheck("font_change_in_value", "Whether one number is drawn in more than one font or size.",
			&fonts, "Generators draw a number in one font; a digit in another font or size is the trace of a value edited in place."),
	}
	if truncated > 0 {
		for i := range checks {
			if checks[i].Status == Pass {
				checks[i].Status = Uncertain
				checks[i].Reasoning = fmt.Sprintf("%d page(s) had more drawing operators than the limit; the rest of those pages was not inspected.", truncated)
			}
		}
	}
	return checks
}

func textCheck(name, desc string, ex *examples, meaning string) Check {
	c := Check{Name: name, Description: desc}
	if ex.n == 0 {
		c.Status = Pass
		c.Evidence = "No such text found on the inspected pages."
		c.Reasoning = "Nothing of this kind was drawn. " + meaning
		return c
	}
	c.Status = Fail
	c.Evidence = fmt.Sprintf("%d occurrence(s): %s.", ex.n, ex.String())
	c.Reasoning = meaning
	return c
}

// outsideCheck reports text placed off the page: far off is planted or
// hidden text; just past the edge is more often a print slug (file name,
// date, plate marks) or OCR overspill, so it only raises a doubt.
func outsideCheck(far, near *examples) Check {
	const meaning = "Text outside the page is never shown but is extracted by software, a way to plant or hide values."
	c := textCheck("text_outside_page", "Whether text is placed entirely outside the visible page area.", far, meaning)
	if far.n == 0 && near.n > 0 {
		c.Status = Uncertain
		c.Evidence = fmt.Sprintf("%d occurrence(s) just past the page edge: %s.", near.n, near.String())
		c.Reasoning = "Text sits just outside the page, where print slugs and OCR overspill also land; it is not shown. " + meaning
	} else if far.n > 0 && near.n > 0 {
		c.Evidence += fmt.Sprintf(" Also %d just past the edge: %s.", near.n, near.String())
	}
	return c
}

// paintedUnder reports whether something non-white was painted under run
// r before it (for white text) or an image lies under it in any order
// (for invisible text, the OCR layer of a scan).
func paintedUnder(p *PageContent, r TextRun, imagesOnly bool) bool {
	for _, pt := range p.Paints {
		if imagesOnly {
			if pt.Image && r.Box.coveredBy(pt.Box) >= imageUnderCover {
				return true
			}
			continue
		}
		if pt.Order < r.Order && !pt.White && r.Box.coveredBy(pt.Box) >= backgroundCover {
			return true
		}
	}
	return false
}

// paintedOver reports whether an opaque paint smaller than the page was
// laid over run r after it was drawn.
func paintedOver(p *PageContent, r TextRun, pageArea float64) bool {
	for _, pt := range p.Paints {
		if pt.Order <= r.Order || pt.Masked || (pageArea > 0 && pt.Box.area() >= scanPaintShare*pageArea) {
			continue
		}
		if r.Box.coveredBy(pt.Box) >= hiddenCover {
			return true
		}
	}
	return false
}

// numberWord is a word that is a number: at least two digits, no letters.
var numberWord = regexp.MustCompile(`^[^\pL]*\d[\d.,' /:-]*\d[^\pL]*$`)

// fontChanges finds numbers where a text run starts inside the number in
// another font or size than the run that starts it. Run starts are exact,
// so this does not depend on estimated glyph widths.
func fontChanges(v pageView, ex *examples) {
	seen := 0
	for _, w := range v.words {
		if !numberWord.MatchString(w.Text) || w.Box.Width() <= 0 {
			continue
		}
		if seen++; seen > maxNumbersPerPage {
			return
		}
		eps := w.Box.Width() * 0.05
		var owner *TextRun
		ownerX := math.Inf(-1)
		var inside []TextRun
		for i := range v.p.Runs {
			r := &v.p.Runs[i]
			if r.Invisible() || r.Rise || !r.Printing {
				continue
			}
			x, y := v.norm(r.X, r.Y)
			if y < w.Box.Y0 || y > w.Box.Y1+w.Box.Height()*0.5 {
				continue // not on the word's baseline
			}
			switch {
			case x <= w.Box.X0+eps && x > ownerX && x > w.Box.X0-0.5:
				owner, ownerX = r, x
			case x > w.Box.X0+eps && x < w.Box.X1-eps:
				inside = append(inside, *r)
			}
		}
		if owner == nil {
			continue
		}
		for _, r := range inside {
			if r.Font != owner.Font || sizeDiffers(r.Size, owner.Size) {
				ex.add(fmt.Sprintf("page %d, %q: starts in %s %.1f pt, continues in %s %.1f pt",
					v.p.Number, w.Text, owner.Font, owner.Size, r.Font, r.Size))
				break
			}
		}
	}
}

func sizeDiffers(a, b float64) bool {
	if a <= 0 || b <= 0 {
		return false
	}
	return math.Max(a, b)/math.Min(a, b) > sizeRatio
}
