package ingest

import (
	"context"
	"errors"
	"io"
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
	path, cleanup, err := toolInput(in, ".pdf")
	if err != nil {
		return nil, err
	}
	defer cleanup()
	upto := env.Limits.MaxPages
	if upto <= 0 {
		upto = 1 << 20
	}
	pages, turns, ok := pdfPageInfo(ctx, env, path, upto)
	if lim := env.Limits.MaxPages; ok && lim > 0 && pages > lim {
		return nil, pageLimitProblem(in.Name, pages, lim)
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
	name := env.Engines.PDFToText
	if env.Engines.Stdbuf != "" {
		// pdftotext writes through stdio, which on a pipe flushes every
		// 4 KiB: a long PDF's rows took thousands of writes, each waking
		// Quarry for one read. With 64 KiB buffers both sides make a
		// sixteenth of the calls (CPU ratio to a bare pdftotext 1.30x ->
		// 1.25x on the 600-page bench). Without stdbuf, or for a
		// pdftotext not using glibc's stdio, nothing changes.
		name, args = env.Engines.Stdbuf, append([]string{"-o", "64K", name}, args...)
	}
	stderr, err := RunToolStream(ctx, env.Limits.ToolTimeout, name, args, func(r io.Reader) error {
		layout, parseErr = readPDFTextTSV(r, turns)
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
