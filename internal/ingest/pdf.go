package ingest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"strconv"
	"strings"

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
	return &Read{Layout: layout}, nil
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
	sc := bufio.NewScanner(bytes.NewReader(tsv))
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	var (
		pageW, pageH float64
		line         []doc.Word
		inPage       bool
	)
	flush := func() {
		if len(line) > 0 {
			b.AddLine(line)
			line = line[:0]
		}
	}
	first := true
	for sc.Scan() {
		row := sc.Text()
		if first {
			first = false
			if strings.HasPrefix(row, "level") {
				continue
			}
		}
		cols := strings.SplitN(row, "\t", 12)
		if len(cols) < 12 {
			continue
		}
		level := cols[0]
		left, _ := strconv.ParseFloat(cols[6], 64)
		top, _ := strconv.ParseFloat(cols[7], 64)
		width, _ := strconv.ParseFloat(cols[8], 64)
		height, _ := strconv.ParseFloat(cols[9], 64)
		switch level {
		case "1":
			flush()
			pageW, pageH = width, height
			b.StartPage(doc.Page{Width: width, Height: height, Source: doc.SourcePDFText})
			inPage = true
		case "4":
			flush()
		case "5":
			if !inPage {
				return nil, errors.New("word before any page")
			}
			text := strings.TrimSpace(cols[11])
			if text == "" {
				continue
			}
			box := doc.Normalize(left, top, left+width, top+height, pageW, pageH)
			for _, part := range strings.Fields(text) {
				line = append(line, doc.Word{Text: part, Box: box, Conf: 1})
			}
		}
	}
	flush()
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return b.Layout(), nil
}
