package ingest

import (
	"bytes"
	"context"
	"strconv"

	"github.com/quarrydev/quarry/internal/problem"
)

// pdfPageInfo asks Poppler's pdfinfo how many pages the PDF at path has
// and how each of the first `upto` is turned. pdfinfo reads only the page
// tree, so it answers in milliseconds where pdftotext on thousands of
// pages takes minutes: a file over the page limit is refused before any
// text is read. The turns matter because pdftotext gives a turned page's
// word boxes in the page as shown, whose width is the unturned height.
// ok is false when pdfinfo is missing or cannot read the file; pdftotext
// then runs and reports the problem.
func pdfPageInfo(ctx context.Context, env *Env, path string, upto int) (pages int, turns []int, ok bool) {
	if env.Engines.PDFInfo == "" {
		return 0, nil, false
	}
	out, _, err := RunTool(ctx, env.Limits.ToolTimeout, nil, env.Engines.PDFInfo, "-f", "1", "-l", strconv.Itoa(max(upto, 1)), path)
	if err != nil {
		return 0, nil, false
	}
	pages, ok = parsePDFInfoPages(out)
	return pages, parsePDFInfoTurns(out), ok
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

// parsePDFInfoTurns reads the "Page N rot: D" lines of `pdfinfo -f -l`:
// turns[N-1] is page N's rotation in degrees (0, 90, 180 or 270).
func parsePDFInfoTurns(out []byte) []int {
	var turns []int
	for _, line := range bytes.Split(out, []byte{'\n'}) {
		rest, found := bytes.CutPrefix(line, []byte("Page "))
		if !found {
			continue
		}
		f := bytes.Fields(rest)
		if len(f) != 3 || string(f[1]) != "rot:" {
			continue
		}
		n, err1 := strconv.Atoi(string(f[0]))
		d, err2 := strconv.Atoi(string(f[2]))
		if err1 != nil || err2 != nil || n < 1 || n > 1<<20 {
			continue
		}
		for len(turns) < n {
			turns = append(turns, 0)
		}
		turns[n-1] = ((d % 360) + 360) % 360
	}
	return turns
}

// pageLimitProblem is the 413 of a file with more pages than
// Limits.MaxPages; it names the setting so that an operator knows which
// limit to raise.
func pageLimitProblem(name string, pages, limit int) *problem.Problem {
	return problem.New(problem.LimitExceeded,
		"%q has %d pages; the page limit (QUARRY_MAX_PAGES) is %d.", name, pages, limit).
		With("filename", name).With("limit", "max_pages")
}
