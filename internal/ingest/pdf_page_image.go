package ingest

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/quarrydev/quarry/internal/problem"
)

// PageImageLimits bound one rendered PDF page.
type PageImageLimits struct {
	MaxPages  int // pages past this are refused (0: no limit)
	MinDPI    int // the resolution is lowered, not below this, to fit MaxPixels
	MaxPixels int // width × height of the rendered page
	Timeout   time.Duration
}

// RenderPDFPage renders page (from 1) of a PDF as PNG at dpi, lowered in
// steps of 8 while the page would exceed lim.MaxPixels. On failure it
// returns a problem code and a message a caller can show.
func RenderPDFPage(ctx context.Context, data []byte, page, dpi int, lim PageImageLimits) ([]byte, string, string) {
	timeout := lim.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	path, cleanup, err := TempFile(data, ".pdf")
	if err != nil {
		return nil, problem.Internal, "The file could not be staged for rendering."
	}
	defer cleanup()
	// pdfinfo refuses a page range past the end, so the count comes
	// first and the page's size second.
	info, _, err := RunTool(ctx, timeout, nil, "pdfinfo", path)
	if err != nil {
		return nil, problem.UnsupportedFile, "The PDF could not be read (pdfinfo needs poppler-utils; see scripts/deps.sh)."
	}
	pages, _ := parsePDFInfoPages(info)
	wPts, hPts := parsePDFInfoSize(info, 1)
	if lim.MaxPages > 0 && page > lim.MaxPages {
		return nil, problem.LimitExceeded, fmt.Sprintf("Pages past %d are not rendered.", lim.MaxPages)
	}
	if page > pages {
		return nil, problem.NotFound, fmt.Sprintf("The PDF has %d page(s).", pages)
	}
	if page > 1 {
		if info, _, err = RunTool(ctx, timeout, nil, "pdfinfo", "-f", strconv.Itoa(page), "-l", strconv.Itoa(page), path); err == nil {
			wPts, hPts = parsePDFInfoSize(info, page)
		}
	}
	if wPts > 0 && hPts > 0 {
		for dpi > lim.MinDPI && wPts*hPts*float64(dpi*dpi)/(72*72) > float64(lim.MaxPixels) {
			dpi -= 8
		}
	}
	out, _, err := RunTool(ctx, timeout, nil, "pdftoppm", "-r", strconv.Itoa(dpi), "-png", "-singlefile",
		"-f", strconv.Itoa(page), "-l", strconv.Itoa(page), path)
	if err != nil || len(out) == 0 {
		return nil, problem.UnsupportedFile, "The page could not be rendered."
	}
	return out, "", ""
}

// parsePDFInfoSize reads one page's size in points from pdfinfo's output:
// "Page N size:" when a page range was asked for, else "Page size:"
// (the first page's).
func parsePDFInfoSize(out []byte, page int) (w, h float64) {
	prefix := []byte(fmt.Sprintf("Page %d size:", page))
	for _, line := range bytes.Split(out, []byte{'\n'}) {
		line = bytes.Join(bytes.Fields(line), []byte{' '})
		if v, ok := bytes.CutPrefix(line, prefix); ok {
			_, _ = fmt.Sscanf(string(v), "%g x %g", &w, &h)
			return w, h
		}
		if v, ok := bytes.CutPrefix(line, []byte("Page size:")); ok && w == 0 {
			_, _ = fmt.Sscanf(string(v), "%g x %g", &w, &h)
		}
	}
	return w, h
}
