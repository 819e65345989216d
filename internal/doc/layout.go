// Package doc holds Layout, the one model every reader produces and every
// later stage reads: pages, words with normalised boxes, lines in reading
// order, tables, and the plain text with a map from text offsets to words.
//
// Conventions (everyone relies on them, so they are fixed here):
//   - Boxes are normalised to [0,1] with the origin at the page's top-left.
//   - Text offsets (Word.Start/End, spans) are byte offsets into Layout.Text.
//     Wire formats that promise character offsets convert with RuneOffset.
//   - Page numbers are 1-based.
//   - In Layout.Text, words of a line are joined by one space, lines by "\n",
//     and pages by "\f" (form feed), like pdftotext.
package doc

import (
	"sort"
	"unicode/utf8"
)

// Source says where a page's words came from.
type Source string

const (
	SourcePDFText Source = "pdf_text" // a PDF's text layer
	SourceOCR     Source = "ocr"      // optical character recognition
	SourceNative  Source = "native"   // a format that carries text (DOCX, HTML, TXT...)
)

// Layout is a document's text and geometry.
type Layout struct {
	Pages []Page
	Words []Word // all words of all pages, in reading order
	Text  string // the words joined as described in the package comment
}

// Page is one page (or sheet, slide, e-mail body...).
type Page struct {
	Number   int     // 1-based
	Width    float64 // in the reader's unit (PDF points, image pixels); 0 when unknown
	Height   float64
	Rotation int // degrees the page was turned to be upright: 0, 90, 180, 270
	Source   Source
	// FirstWord and EndWord delimit this page's words in Layout.Words.
	FirstWord, EndWord int
	Lines              []Line
	Tables             []Table
	// Start and End delimit the page's text in Layout.Text.
	Start, End int
}

// Word is one token with its box. Geometry-free formats leave Box zero.
type Word struct {
	Text  string
	Box   Box
	Conf  float64 // 0..1; 1 for text layers and native formats
	Page  int     // 1-based
	Line  int     // index into the page's Lines
	Start int     // byte offset of the word in Layout.Text
	End   int
}

// Line is a run of words read left to right.
type Line struct {
	FirstWord, EndWord int // indices into Layout.Words
	Box                Box
}

// Table is a grid of cells found on one page.
type Table struct {
	Page  int
	Box   Box
	Cells []Cell
	Rows  int
	Cols  int
}

// Cell is one table cell.
type Cell struct {
	Row, Col  int
	Text      string
	Box       Box
	FirstWord int // -1 when the cell has no words in Layout.Words
	EndWord   int
}

// WordCount returns the number of words on the page.
func (p *Page) WordCount() int { return p.EndWord - p.FirstWord }

// PageWords returns the words of page n (1-based), or nil.
func (l *Layout) PageWords(n int) []Word {
	if n < 1 || n > len(l.Pages) {
		return nil
	}
	p := &l.Pages[n-1]
	return l.Words[p.FirstWord:p.EndWord]
}

// WordAt returns the index of the word covering byte offset off, or -1 when
// the offset falls on a separator or outside the text.
func (l *Layout) WordAt(off int) int {
	i := sort.Search(len(l.Words), func(i int) bool { return l.Words[i].End > off })
	if i < len(l.Words) && l.Words[i].Start <= off {
		return i
	}
	return -1
}

// WordsInSpan returns the half-open index range [first,end) of the words
// that overlap the byte span [start,end) of Layout.Text.
func (l *Layout) WordsInSpan(start, end int) (int, int) {
	first := sort.Search(len(l.Words), func(i int) bool { return l.Words[i].End > start })
	last := first
	for last < len(l.Words) && l.Words[last].Start < end {
		last++
	}
	return first, last
}

// PageBox is a box on one page.
type PageBox struct {
	Page int
	Box  Box
}

// SpanBoxes returns one box per page covering the words of the byte span
// [start,end). Words without geometry are ignored, so a span in a
// geometry-free document yields no boxes.
func (l *Layout) SpanBoxes(start, end int) []PageBox {
	first, last := l.WordsInSpan(start, end)
	var out []PageBox
	for i := first; i < last; i++ {
		w := l.Words[i]
		if w.Box.IsZero() {
			continue
		}
		if n := len(out); n > 0 && out[n-1].Page == w.Page {
			out[n-1].Box = out[n-1].Box.Union(w.Box)
			continue
		}
		out = append(out, PageBox{Page: w.Page, Box: w.Box})
	}
	return out
}

// PageOf returns the 1-based page holding byte offset off, or 0.
func (l *Layout) PageOf(off int) int {
	i := sort.Search(len(l.Pages), func(i int) bool { return l.Pages[i].End >= off })
	if i < len(l.Pages) {
		return l.Pages[i].Number
	}
	return 0
}

// HasGeometry reports whether any word carries a box.
func (l *Layout) HasGeometry() bool {
	for i := range l.Words {
		if !l.Words[i].Box.IsZero() {
			return true
		}
	}
	return false
}

// RuneOffset converts a byte offset in s to a Unicode code point offset.
func RuneOffset(s string, byteOff int) int {
	if byteOff > len(s) {
		byteOff = len(s)
	}
	return utf8.RuneCountInString(s[:byteOff])
}
