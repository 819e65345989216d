package ingest

import (
	"bytes"
	"context"
	"errors"
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
	out, stderr, err := RunTool(ctx, env.Limits.ToolTimeout, nil, env.Engines.PDFToText, args...)
	if err != nil {
		return nil, pdfProblem(err, stderr, in.Name)
	}
	layout, err := ParsePDFTextTSV(out)
	if err != nil {
		return nil, problem.New(problem.CorruptPDF, "%q: %v", in.Name, err)
	}
	if len(layout.Pages) == 0 {
		return nil, problem.New(problem.CorruptPDF, "%q has no pages.", in.Name)
	}
	rd, err := ocrPDFPages(ctx, env, in, path, layout)
	if err == nil {
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
	b := doc.NewBuilder()
	var (
		pageW, pageH float64
		line         []doc.Word
		inPage       bool
		cols         [12][]byte
	)
	flush := func() {
		if len(line) > 0 {
			b.AddLine(line)
			line = line[:0]
		}
	}
	num := func(c []byte) float64 {
		v, _ := strconv.ParseFloat(string(c), 64) // no allocation: the string does not escape
		return v
	}
	// Rows are split in place, without a string per row or per column:
	// this loop runs once per word of every page.
	for first := true; len(tsv) > 0; first = false {
		row := tsv
		if i := bytes.IndexByte(tsv, '\n'); i >= 0 {
			row, tsv = tsv[:i], tsv[i+1:]
		} else {
			tsv = nil
		}
		row = bytes.TrimSuffix(row, []byte{'\r'})
		if first && bytes.HasPrefix(row, []byte("level")) {
			continue
		}
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
			continue
		}
		cols[11] = row
		switch string(cols[0]) {
		case "1":
			flush()
			pageW, pageH = num(cols[8]), num(cols[9])
			b.StartPage(doc.Page{Width: pageW, Height: pageH, Source: doc.SourcePDFText})
			inPage = true
		case "4":
			flush()
		case "5":
			if !inPage {
				return nil, errors.New("word before any page")
			}
			text := bytes.TrimSpace(cols[11])
			if len(text) == 0 {
				continue
			}
			left, top, width, height := num(cols[6]), num(cols[7]), num(cols[8]), num(cols[9])
			box := doc.Normalize(left, top, left+width, top+height, pageW, pageH)
			if bytes.IndexFunc(text, unicode.IsSpace) < 0 {
				line = append(line, doc.Word{Text: string(text), Box: box, Conf: 1})
				continue
			}
			for _, part := range strings.Fields(string(text)) {
				line = append(line, doc.Word{Text: part, Box: box, Conf: 1})
			}
		}
	}
	flush()
	return b.Layout(), nil
}
