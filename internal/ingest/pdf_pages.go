package ingest

import (
	"bytes"
	"context"
	"strconv"

	"github.com/quarrydev/quarry/internal/problem"
)

// pdfPageCount asks Poppler's pdfinfo how many pages the PDF at path has.
// pdfinfo reads only the page tree, so it answers in milliseconds where
// pdftotext on thousands of pages takes minutes: a file over the page limit
// is refused before any text is read. ok is false when pdfinfo is missing
// or cannot read the file; pdftotext then runs and reports the problem.
func pdfPageCount(ctx context.Context, env *Env, path string) (pages int, ok bool) {
	if env.Engines.PDFInfo == "" {
		return 0, false
	}
	out, _, err := RunTool(ctx, env.Limits.ToolTimeout, nil, env.Engines.PDFInfo, path)
	if err != nil {
		return 0, false
	}
	return parsePDFInfoPages(out)
}

// parsePDFInfoPages reads the "Pages:" line of pdfinfo's output.
func parsePDFInfoPages(out []byte) (int, bool) {
	for _, line := range bytes.Split(out, []byte{'\n'}) {
		v, found := bytes.CutPrefix(line, []byte("Pages:"))
		if !found {
			continue
		}
		n, err := strconv.Atoi(string(bytes.TrimSpace(v)))
		return n, err == nil && n >= 0
	}
	return 0, false
}

// pageLimitProblem is the 413 of a file with more pages than
// Limits.MaxPages; it names the setting so that an operator knows which
// limit to raise.
func pageLimitProblem(name string, pages, limit int) *problem.Problem {
	return problem.New(problem.LimitExceeded,
		"%q has %d pages; the page limit (QUARRY_MAX_PAGES) is %d.", name, pages, limit).
		With("filename", name).With("limit", "max_pages")
}
