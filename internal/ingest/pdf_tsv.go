package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/quarrydev/quarry/internal/doc"
)

// This file parses pdftotext's TSV (the same columns as Tesseract's:
// level page par block line word left top width height conf text).
// Level 1 rows open pages and carry their size; level 4 rows open lines;
// level 5 rows are words. It runs once per word of every text PDF, so
// rows are split in place and words go into the layout from the bytes
// read, with no string per row, column or word.

// ParsePDFTextTSV turns pdftotext's TSV into a layout.
func ParsePDFTextTSV(tsv []byte) (*doc.Layout, error) {
	p := newTSVParser()
	for len(tsv) > 0 {
		row := tsv
		if i := bytes.IndexByte(tsv, '\n'); i >= 0 {
			row, tsv = tsv[:i], tsv[i+1:]
		} else {
			tsv = nil
		}
		if err := p.row(row); err != nil {
			return nil, err
		}
	}
	return p.b.Layout(), nil
}

// readPDFTextTSV parses TSV rows from r as they arrive, so that the parse
// overlaps the program writing them.
//
// turns[i] is page i+1's rotation (from pdfinfo; nil: none known): a page
// turned a quarter is shown, and measured by pdftotext, with width and
// height swapped.
func readPDFTextTSV(r io.Reader, turns []int) (*doc.Layout, error) {
	p := newTSVParser()
	p.turns = turns
	br := bufio.NewReaderSize(r, 64<<10)
	var long []byte // a row longer than the buffer, gathered in pieces
	for {
		row, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			long = append(long, row...)
			continue
		}
		if long != nil {
			row, long = append(long, row...), nil
		}
		if n := len(row); n > 0 && row[n-1] == '\n' {
			row = row[:n-1]
		}
		if len(row) > 0 {
			if perr := p.row(row); perr != nil {
				return nil, perr
			}
		}
		if err == io.EOF {
			return p.b.Layout(), nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// tsvParser builds a layout from TSV one row at a time.
type tsvParser struct {
	b            *doc.Builder
	pageW, pageH float64
	turns        []int // per page rotation in degrees
	page         int   // pages started
	inPage       bool
	first        bool
	cols         [12][]byte
	kern         kernState // joins the pieces of words kerning split (pdf_tsv_kern.go)
}

func newTSVParser() *tsvParser { return &tsvParser{b: doc.NewBuilder(), first: true} }

// row parses one row (without its newline).
func (p *tsvParser) row(row []byte) error {
	if n := len(row); n > 0 && row[n-1] == '\r' {
		row = row[:n-1]
	}
	if p.first {
		p.first = false
		if bytes.HasPrefix(row, []byte("level")) {
			return nil
		}
	}
	// A byte loop, not bytes.IndexByte: columns are a few bytes long, too
	// short for its vector search to pay for the call.
	cols := &p.cols
	n, start := 0, 0
	for i := 0; i < len(row) && n < 11; i++ {
		if row[i] == '\t' {
			cols[n] = row[start:i]
			n, start = n+1, i+1
		}
	}
	if n < 11 {
		return nil
	}
	cols[11] = row[start:]
	if len(cols[0]) != 1 {
		return nil
	}
	switch cols[0][0] {
	case '1':
		p.pageW, p.pageH = tsvNum(cols[8]), tsvNum(cols[9])
		if p.page < len(p.turns) && p.turns[p.page]%180 == 90 {
			p.pageW, p.pageH = p.pageH, p.pageW
		}
		p.page++
		p.b.StartPage(doc.Page{Width: p.pageW, Height: p.pageH, Source: doc.SourcePDFText})
		p.inPage = true
		p.kern.lineStart()
	case '4':
		p.b.EndLine()
		p.kern.lineStart()
	case '5':
		if !p.inPage {
			return errors.New("word before any page")
		}
		text := bytes.TrimSpace(cols[11])
		if len(text) == 0 {
			return nil
		}
		left, top, width, height := tsvNum(cols[6]), tsvNum(cols[7]), tsvNum(cols[8]), tsvNum(cols[9])
		box := doc.Normalize(left, top, left+width, top+height, p.pageW, p.pageH)
		if !hasSpace(text) {
			if p.kern.joins(text, left, top, width, height) {
				p.b.JoinWordBytes(text, box)
			} else {
				p.b.AddWordBytes(text, box, 1)
			}
			return nil
		}
		for _, part := range bytes.Fields(text) {
			p.b.AddWordBytes(part, box, 1)
		}
		p.kern.lineStart() // the pieces share one box: no gap to measure
	}
	return nil
}

// hasSpace reports whether text holds any Unicode white space, with a
// fast path for ASCII, which nearly every word is.
func hasSpace(text []byte) bool {
	for i, c := range text {
		if c >= utf8.RuneSelf {
			return bytes.IndexFunc(text[i:], unicode.IsSpace) >= 0
		}
		if asciiSpace[c] {
			return true
		}
	}
	return false
}

// tsvNum reads a number column. pdftotext writes plain decimals ("72.00",
// "841.890000"); those with at most 15 digits are read exactly as
// strconv.ParseFloat reads them, in a fraction of the time: the digits
// make an integer below 2^53 and the power of ten is exact, so the one
// division is correctly rounded, which is ParseFloat's own fast path.
// Anything else (signs, exponents, long or malformed numbers) goes to
// ParseFloat, whose value on error (0, or ±Inf when out of range) stands.
func tsvNum(c []byte) float64 {
	var mant uint64
	digits, frac := 0, -1
	for i, ch := range c {
		switch {
		case ch >= '0' && ch <= '9':
			mant = mant*10 + uint64(ch-'0')
			digits++
		case ch == '.' && frac < 0:
			frac = i
		default:
			return tsvNumSlow(c)
		}
	}
	if digits == 0 || digits > 15 {
		return tsvNumSlow(c)
	}
	if frac < 0 {
		return float64(mant)
	}
	return float64(mant) / pow10[len(c)-frac-1]
}

// pow10 holds the powers of ten a float64 represents exactly that tsvNum
// divides by (a number has at most 15 digits after its point there).
var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

func tsvNumSlow(c []byte) float64 {
	v, _ := strconv.ParseFloat(string(c), 64) // no allocation: the string does not escape
	return v
}
