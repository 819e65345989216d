package ingest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode"

	"github.com/quarrydev/quarry/internal/doc"
	"github.com/quarrydev/quarry/internal/problem"
)

func init() {
	RegisterReader("reader.pdf", pdfReader{}, "application/pdf")
}

type pdfReader struct{}

// Read takes words and boxes from the PDF's text layer with Poppler's
// `pdftotext -tsv` (page, line and word rows with boxes in points).
func (pdfReader) Read(ctx context.Context, env *Env, in Input) (*Read, error) {
	if env.Engines.PDFToText == "" {
		return nil, problem.New(problem.UnsupportedFile, "PDF support needs Poppler's pdftotext; run scripts/deps.sh.")
	}
	path, cleanup, err := TempFile(in.Data, ".pdf")
	if err != nil {
		return nil, err
	}
	defer cleanup()
	if lim := env.Limits.MaxPages; lim > 0 {
		if pages, ok := pdfPageCount(ctx, env, path); ok && pages > lim {
			return nil, pageLimitProblem(in.Name, pages, lim)
		}
	}
	args := []string{"-tsv", "-enc", "UTF-8"}
	if env.Limits.MaxPages > 0 {
		// Read one page past the limit so that the loader can refuse it.
		args = append(args, "-l", strconv.Itoa(env.Limits.MaxPages+1))
	}
	args = append(args, path, "-")
	// The rows are parsed while pdftotext writes them: on a long PDF the
	// parse then costs next to no time beyond the program's own.
	var (
		layout   *doc.Layout
		parseErr error
	)
	stderr, err := RunToolStream(ctx, env.Limits.ToolTimeout, env.Engines.PDFToText, args, func(r io.Reader) error {
		layout, parseErr = readPDFTextTSV(r)
		return parseErr
	})
	if parseErr != nil && ctx.Err() == nil && !errors.Is(err, ErrToolTimeout) {
		return nil, problem.New(problem.CorruptPDF, "%q: %v", in.Name, parseErr)
	}
	if err != nil {
		return nil, pdfProblem(err, stderr, in.Name)
	}
	if len(layout.Pages) == 0 {
		return nil, problem.New(problem.CorruptPDF, "%q has no pages.", in.Name)
	}
	rd, err := ocrPDFPages(ctx, env, in, path, layout)
	if err == nil {
		// After OCR: form words must neither keep a scanned page from being
		// read nor be dropped when OCR replaces its words.
		rd.Layout = addPDFFormButtons(in.Data, rd.Layout)
		rd.EInvoice = readEInvoicePDF(env, in)
	}
	return rd, err
}

func pdfProblem(err error, stderr, name string) error {
	switch {
	case errors.Is(err, ErrToolTimeout):
		return problem.New(problem.CorruptPDF, "Reading %q took too long.", name)
	case strings.Contains(stderr, "Incorrect password"):
		return problem.New(problem.EncryptedPDF, "%q is password-protected.", name)
	default:
		return problem.New(problem.CorruptPDF, "%q is not a readable PDF.", name)
	}
}

// ParsePDFTextTSV turns pdftotext's TSV (the same columns as Tesseract's:
// level page par block line word left top width height conf text) into a
// layout. Level 1 rows open pages and carry their size; level 4 rows open
// lines; level 5 rows are words.
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
	return p.layout(), nil
}

// tsvParser builds a layout from pdftotext's TSV one row at a time, so
// that rows can be parsed as the program writes them (readPDFTextTSV).
type tsvParser struct {
	b            *doc.Builder
	pageW, pageH float64
	line         []doc.Word
	inPage       bool
	first        bool
	cols         [12][]byte
	// words counts the words added and reserved the room made for them
	// (Builder.Grow).
	words, reserved int
}

func newTSVParser() *tsvParser { return &tsvParser{b: doc.NewBuilder(), first: true} }

func (p *tsvParser) flush() {
	if len(p.line) == 0 {
		return
	}
	if n := p.words + len(p.line); n > p.reserved {
		// Doubling the room ahead: append alone grows a large slice by a
		// quarter at a time, which on a 600-page PDF allocated five times
		// the final word list and copied it as often.
		more := max(p.reserved, n-p.reserved, 4096)
		p.b.Grow(more, more*8) // about 8 bytes of text per word
		p.reserved += more
	}
	p.words += len(p.line)
	p.b.AddLine(p.line)
	p.line = p.line[:0]
}

func tsvNum(c []byte) float64 {
	v, _ := strconv.ParseFloat(string(c), 64) // no allocation: the string does not escape
	return v
}

// row parses one row (without its newline). Rows are split in place,
// without a string per row or per column: this runs once per word of
// every page.
func (p *tsvParser) row(row []byte) error {
	row = bytes.TrimSuffix(row, []byte{'\r'})
	if p.first {
		p.first = false
		if bytes.HasPrefix(row, []byte("level")) {
			return nil
		}
	}
	cols := &p.cols
	n := 0
	for n < 11 {
		i := bytes.IndexByte(row, '\t')
		if i < 0 {
			break
		}
		cols[n], row = row[:i], row[i+1:]
		n++
	}
	if n < 11 {
		return nil
	}
	cols[11] = row
	switch string(cols[0]) {
	case "1":
		p.flush()
		p.pageW, p.pageH = tsvNum(cols[8]), tsvNum(cols[9])
		p.b.StartPage(doc.Page{Width: p.pageW, Height: p.pageH, Source: doc.SourcePDFText})
		p.inPage = true
	case "4":
		p.flush()
	case "5":
		if !p.inPage {
			return errors.New("word before any page")
		}
		text := bytes.TrimSpace(cols[11])
		if len(text) == 0 {
			return nil
		}
		left, top, width, height := tsvNum(cols[6]), tsvNum(cols[7]), tsvNum(cols[8]), tsvNum(cols[9])
		box := doc.Normalize(left, top, left+width, top+height, p.pageW, p.pageH)
		if bytes.IndexFunc(text, unicode.IsSpace) < 0 {
			p.line = append(p.line, doc.Word{Text: string(text), Box: box, Conf: 1})
			return nil
		}
		for _, part := range strings.Fields(string(text)) {
			p.line = append(p.line, doc.Word{Text: part, Box: box, Conf: 1})
		}
	}
	return nil
}

func (p *tsvParser) layout() *doc.Layout {
	p.flush()
	return p.b.Layout()
}

// readPDFTextTSV parses TSV rows from r as they arrive.
func readPDFTextTSV(r io.Reader) (*doc.Layout, error) {
	p := newTSVParser()
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
		row = bytes.TrimSuffix(row, []byte{'\n'})
		if len(row) > 0 {
			if perr := p.row(row); perr != nil {
				return nil, perr
			}
		}
		if err == io.EOF {
			return p.layout(), nil
		}
		if err != nil {
			return nil, err
		}
	}
}
