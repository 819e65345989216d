// Package split finds the documents inside one multi-page file (a PDF
// holding an invoice, an identity card and a utility bill; a batch scan of
// receipts). It reads each page on its own (page numbering, the title and
// header band, the classifier's verdict, the document number, issuer,
// addressee and closing total) and weighs, before every page, the evidence
// that the page opens a new document against the evidence that it carries
// on. Pure text and box work over a doc.Layout: no OCR, no model, and the
// same answer every time. docs/splitting.md describes the signals and
// their weights.
package split

import (
	"context"
	"fmt"
	"math"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/classify"
	"github.com/quarrydev/quarry/internal/doc"
	"github.com/quarrydev/quarry/internal/fields"
)

// DefaultMaxPages bounds the pages one file is split over. Each page is
// read on its own, so the work is linear, but a file past the bound is
// left whole: thousands of pages are a book or a log, not a stack of
// business documents.
const DefaultMaxPages = 500

// Options tune a split.
type Options struct {
	// Types are the caller's declared document types; empty means the
	// built-in types (the same choice the classifier makes).
	Types []api.DocumentTypeSpec
	// MaxPages bounds the pages examined; 0 means DefaultMaxPages.
	MaxPages int
}

// Segment is one document found in the file.
type Segment struct {
	First, Last int // file page numbers, 1-based, inclusive
	// Type is the classifier's verdict on the segment's pages ("general"
	// or "unmatched" when none convinces), with its confidence.
	Type           string
	TypeConfidence float64
	// Confidence is how sure the split is about this segment's edges: the
	// least certain of the decisions that opened it, kept it together and
	// closed it (0.5 is a coin toss, 1 is certain).
	Confidence float64
	// Reasons are the votes of the boundary that opened the segment.
	Reasons []string
}

// Pages lists the segment's file page numbers.
func (s Segment) Pages() []int {
	out := make([]int, 0, s.Last-s.First+1)
	for p := s.First; p <= s.Last; p++ {
		out = append(out, p)
	}
	return out
}

// Result is a split: the segments in page order, and the decision taken
// before every page from the second on (for traces and measurement).
type Result struct {
	Segments   []Segment
	Boundaries []Boundary
}

// Split finds the documents in l. A layout with one page, or past the
// page bound, comes back as one segment. The context stops the work
// between pages.
func Split(ctx context.Context, l *doc.Layout, opts Options) (Result, error) {
	n := len(l.Pages)
	if n == 0 {
		return Result{}, fmt.Errorf("split: the layout has no pages")
	}
	maxPages := opts.MaxPages
	if maxPages <= 0 {
		maxPages = DefaultMaxPages
	}
	if n == 1 || n > maxPages {
		reason := "one page"
		if n > 1 {
			reason = fmt.Sprintf("left whole: %d pages exceed the %d-page bound", n, maxPages)
		}
		seg := Segment{First: 1, Last: n, Confidence: 1, Reasons: []string{reason}}
		classifySegment(l, &seg, opts.Types)
		return Result{Segments: []Segment{seg}}, nil
	}
	pages := make([]page, n)
	for i := range pages {
		if err := ctx.Err(); err != nil {
			return Result{}, err
		}
		p, err := readPage(ctx, l, i+1, opts.Types)
		if err != nil {
			return Result{}, err
		}
		pages[i] = p
	}
	bounds := decide(pages)
	return Result{Segments: segments(l, bounds, opts.Types), Boundaries: bounds}, nil
}

// decide scores the boundary before every page from the second on. A
// blank page never opens a document and is skipped when comparing: the
// page after it is compared with the last page that had words.
func decide(pages []page) []Boundary {
	out := make([]Boundary, 0, len(pages)-1)
	last := 0 // index of the last non-blank page
	for i := 1; i < len(pages); i++ {
		cur := &pages[i]
		if cur.words < blankWords || pages[last].words < blankWords {
			b := Boundary{Page: cur.number, Score: 0, Reasons: []string{"blank page: compared past"}}
			if cur.words < blankWords {
				b.Score = -Threshold // nothing on it can open a document
			}
			out = append(out, b)
			if cur.words >= blankWords {
				last = i
			}
			continue
		}
		out = append(out, scoreBoundary(&pages[last], cur))
		last = i
	}
	return out
}

// segments cuts the pages at the boundaries that split and classifies
// each piece.
func segments(l *doc.Layout, bounds []Boundary, types []api.DocumentTypeSpec) []Segment {
	var out []Segment
	cur := Segment{First: 1, Confidence: 1, Reasons: []string{"first page"}}
	for _, b := range bounds {
		c := certainty(b.Score)
		if !b.Split {
			cur.Confidence = math.Min(cur.Confidence, c)
			continue
		}
		cur.Last = b.Page - 1
		cur.Confidence = math.Min(cur.Confidence, c)
		out = append(out, cur)
		cur = Segment{First: b.Page, Confidence: c, Reasons: b.Reasons}
	}
	cur.Last = len(l.Pages)
	out = append(out, cur)
	for i := range out {
		out[i].Confidence = math.Round(out[i].Confidence*1000) / 1000
		classifySegment(l, &out[i], types)
	}
	return out
}

// classifySegment names the segment's type the way the classify stage
// would for a file holding only those pages.
func classifySegment(l *doc.Layout, s *Segment, types []api.DocumentTypeSpec) {
	sub := l
	if s.First != 1 || s.Last != len(l.Pages) {
		sub = l.Slice(s.First, s.Last)
	}
	var v classify.Verdict
	if len(types) == 0 {
		v = classify.ClassifyBuiltin(sub)
	} else {
		v = classify.ClassifyIndexed(fields.NewIndex(sub), types)
	}
	s.Type, s.TypeConfidence = v.Type, v.Confidence
}
