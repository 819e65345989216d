package split

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/classify"
	"github.com/quarrydev/quarry/internal/doc"
	"github.com/quarrydev/quarry/internal/fields"
)

// page is what one page says about where it belongs, read from the page
// alone (as a one-page layout, so "the top of the first page" means the
// top of this page for the classifier and the extractor).
type page struct {
	number int // 1-based, in the file
	words  int

	num      pageNumber
	title    string // a document title in the top zone, "" when none
	contTop  bool   // a "continued" cue in the top zone
	contFoot bool   // a "continued on next page" / carried-forward cue at the bottom
	header   []string
	// letterhead: the header band carries a sender's contact or
	// registration lines; letterTokens are those lines' words, to tell a
	// repeated letterhead from a new one.
	letterhead   bool
	letterTokens []string

	typ     string // the classifier's verdict on this page alone
	typConf float64

	docNo    string // invoice or receipt number, normalised
	vendor   []string
	customer []string
	total    bool // a closing total block (label and amount)

	width, height float64
	source        doc.Source

	// The page's typography, compared between text-layer pages (OCR boxes
	// wobble too much): the median word height (the body font size) and
	// where lines start (the left margin), in page units. A display title
	// is a top-band line set well above the body size.
	bodyHeight, leftMargin float64
	displayTitle           bool
}

// blankWords is how few words make a page blank (a separator sheet, an
// empty back side): it never opens a document and is compared past.
const blankWords = 3

// topZone and footZone bound the header and footer bands, in page
// heights; without geometry the first and last lines stand in.
const (
	topZone      = 0.30
	titleZone    = 0.40 // a receipt's title often sits under its address block
	footZone     = 0.80
	topLinesNoGe = 10
	footLinesNoG = 5
)

// probe is the small schema read from each page: the values whose change
// marks a new document. Names reach fields' concepts, so their labels are
// known in every language the extractor reads.
var probe = api.DocumentTypeSpec{ID: "split_probe", FieldGroups: []api.FieldGroup{{Name: "probe", Fields: []api.Field{
	{Name: "invoice_number"}, {Name: "receipt_number"}, {Name: "vendor_name"}, {Name: "customer_name"},
	{Name: "total_amount", Type: api.TypeNumber},
}}}}

// minValueConfidence keeps values found next to a label and drops the
// extractor's label-free guesses (confidence 0.6 and below), which differ
// from page to page for no reason.
const minValueConfidence = 0.65

func readPage(ctx context.Context, l *doc.Layout, n int, types []api.DocumentTypeSpec) (page, error) {
	src := &l.Pages[n-1]
	p := page{number: n, words: src.WordCount(), width: src.Width, height: src.Height, source: src.Source}
	if p.words < blankWords {
		return p, nil
	}
	pl := l.Slice(n, n)
	pg := &pl.Pages[0]
	p.num = readPageNumber(pl, pg)
	readBands(pl, pg, &p)
	readStyle(pl, pg, &p)

	x, err := fields.NewIndexContext(ctx, pl)
	if err != nil {
		return p, err
	}
	var v classify.Verdict
	if len(types) == 0 {
		v = classify.ClassifyBuiltin(pl)
	} else {
		v = classify.ClassifyIndexed(x, types)
	}
	if v.Matched && v.Type != "general" {
		p.typ, p.typConf = v.Type, v.Confidence
	}
	res, err := fields.ExtractContext(ctx, pl, probe, fields.Options{Index: x})
	if err != nil || len(res.Groups) == 0 {
		return p, err
	}
	for _, f := range res.Groups[0].Fields {
		if f.Value == nil || f.Confidence < minValueConfidence {
			continue
		}
		s := strings.TrimSpace(fmt.Sprint(f.Value))
		switch f.Name {
		case "invoice_number", "receipt_number":
			if p.docNo == "" {
				p.docNo = normaliseNumber(s)
			}
		case "vendor_name":
			p.vendor = fields.Tokens(s)
		case "customer_name":
			p.customer = fields.Tokens(s)
		case "total_amount":
			p.total = p.total || hasTotalLabel(pl, f)
		}
	}
	return p, nil
}

// readBands reads the header band (title, continuation cue, letterhead,
// its words for comparison), the footer band (a "continued" cue) and
// whether a total line closes the page.
func readBands(l *doc.Layout, p *doc.Page, out *page) {
	geo := l.HasGeometry()
	cues := map[string]bool{}
	for li := range p.Lines {
		ln := &p.Lines[li]
		boxed := geo && !ln.Box.IsZero()
		top := (boxed && ln.Box.Y1 <= topZone) || (!geo && li < topLinesNoGe)
		titleBand := top || (boxed && ln.Box.Y1 <= titleZone)
		foot := (boxed && ln.Box.Y0 >= footZone) || (!geo && li >= len(p.Lines)-footLinesNoG)
		toks := tokensOf(lineText(l, ln))
		if titleBand && out.title == "" {
			out.title = lineTitle(toks)
		}
		if top {
			out.header = append(out.header, toks...)
			out.contTop = out.contTop || continuations.find(toks) != ""
			cued := false
			for i := range toks {
				if ph := letterheadCues.longestAt(toks, i); ph != nil {
					cues[strings.Join(ph, " ")] = true
					cued = true
				}
			}
			if cued {
				out.letterTokens = append(out.letterTokens, toks...)
			}
		}
		if foot {
			out.contFoot = out.contFoot || continuations.find(toks) != ""
		}
		if !top && totalLine(toks) {
			out.total = true
		}
	}
	out.letterhead = len(cues) >= 2
}

// totalLine says whether a line is a closing total: it opens with a
// total label ("TOTAL", "Amount due", "Gesamtbetrag") and carries an
// amount. "Sub-total" does not open with one.
func totalLine(toks []string) bool {
	if len(toks) < 2 || len(toks) > 8 {
		return false
	}
	ph := totalLabels.longestAt(toks, 0)
	if ph == nil {
		return false
	}
	for _, t := range toks[len(ph):] {
		if _, _, ok := fields.ParseAmount(t); ok && strings.ContainsAny(t, "0123456789") {
			return true
		}
	}
	return false
}

// lineTitle returns the title a line announces: a title phrase opening
// the line ("INVOICE", "Tax invoice No. 12") or filling most of a short
// line ("Original - Receipt"). A title word inside a sentence or a label
// ("the invoice amount") does not count.
func lineTitle(toks []string) string {
	for i := range toks {
		ph := titles.longestAt(toks, i)
		if ph == nil {
			continue
		}
		if i == 0 || len(toks) <= len(ph)+2 {
			return strings.Join(ph, " ")
		}
	}
	return ""
}

// hasTotalLabel says whether the total the extractor found sits next to
// a closing-total label on its page (not a carried-forward subtotal).
func hasTotalLabel(l *doc.Layout, f api.ExtractedField) bool {
	if f.BBox == nil {
		return true // geometry-free text: the label was found by the extractor
	}
	ws := l.Words
	for i := range ws {
		w := &ws[i]
		if w.Box.Y1 < f.BBox.YMin-0.02 || w.Box.Y0 > f.BBox.YMax+0.02 {
			continue
		}
		toks := fields.Tokens(w.Text)
		if len(toks) == 0 {
			continue
		}
		// Labels are short: look at the word and its right neighbours on
		// the same visual row.
		row := []string{toks[0]}
		for k := i + 1; k < len(ws) && k < i+4 && ws[k].Line == w.Line; k++ {
			row = append(row, fields.Tokens(ws[k].Text)...)
		}
		if totalLabels.longestAt(row, 0) != nil {
			return true
		}
	}
	return false
}

// normaliseNumber keeps the letters and digits of a document number, so
// "INV-2024/001" and "INV 2024 001" compare equal.
func normaliseNumber(s string) string {
	var b strings.Builder
	for _, r := range fields.Fold(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	out := b.String()
	if len(out) < 2 || !strings.ContainsAny(out, "0123456789") {
		return "" // a one-character or digit-free "number" is a misread label
	}
	return out
}

// tokensOf folds a line as the header band does.
func tokensOf(s string) []string { return fields.Tokens(strings.ReplaceAll(s, "-", " ")) }

// displayRatio is how much taller than the body text a top-band line must
// be to read as a document's display title.
const displayRatio = 1.6

// readStyle measures the page's body font size and left margin and looks
// for a display title. Geometry-free pages leave them zero.
func readStyle(l *doc.Layout, p *doc.Page, out *page) {
	var heights, lefts []float64
	for _, w := range l.Words[p.FirstWord:p.EndWord] {
		if !w.Box.IsZero() {
			heights = append(heights, w.Box.Height())
		}
	}
	for _, ln := range p.Lines {
		if !ln.Box.IsZero() {
			lefts = append(lefts, ln.Box.X0)
		}
	}
	if len(heights) < blankWords || len(lefts) == 0 {
		return
	}
	out.bodyHeight = quantile(heights, 0.5)
	out.leftMargin = quantile(lefts, 0.1)
	for li := range p.Lines {
		ln := &p.Lines[li]
		if ln.Box.IsZero() || ln.Box.Y1 > topZone || ln.Box.Height() < displayRatio*out.bodyHeight {
			continue
		}
		for _, t := range tokensOf(lineText(l, ln)) {
			if letters(t) >= 3 {
				out.displayTitle = true
				return
			}
		}
	}
}

// quantile returns the q-th quantile of xs (sorted in place).
func quantile(xs []float64, q float64) float64 {
	sort.Float64s(xs)
	return xs[int(q*float64(len(xs)-1))]
}

func letters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}
