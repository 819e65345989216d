package ingest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/fixture"
	"github.com/quarrydev/quarry/internal/problem"
)

// textPDF is a PDF of n pages, each with enough text that no page is
// sent to OCR.
func textPDF(n int) []byte {
	pages := make([][]string, n)
	for i := range pages {
		pages[i] = []string{"Statement of account for Acme Trading Ltd", "Opening balance and the payments received this month", "Closing balance carried to the next page"}
	}
	data, _ := fixture.TextPDF(pages)
	return data
}

func TestPDFOverPageLimitIsRefusedBeforeReading(t *testing.T) {
	t.Parallel()
	engines := FindEngines()
	if engines.PDFInfo == "" || engines.PDFToText == "" {
		t.Skip("needs Poppler's pdfinfo and pdftotext")
	}
	cases := []struct {
		name     string
		pages    int
		maxPages int
		// textTool replaces pdftotext: a program that always fails proves
		// that the refusal came from the page count alone.
		textTool string
		code     string
	}{
		{name: "OverLimitNeverRunsPdftotext", pages: 6, maxPages: 5, textTool: "/bin/false", code: problem.LimitExceeded},
		{name: "AtLimitIsRead", pages: 5, maxPages: 5, textTool: engines.PDFToText},
		{name: "NoLimitIsRead", pages: 6, maxPages: 0, textTool: engines.PDFToText},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			lim := DefaultLimits()
			lim.MaxPages = c.maxPages
			eng := engines
			eng.PDFToText = c.textTool
			files, err := NewLoader(lim, eng).Load(context.Background(), Input{Name: "doc.pdf", Data: textPDF(c.pages)})
			if c.code == "" {
				if err != nil || len(files) != 1 || files[0].PageCount != c.pages {
					t.Fatalf("files = %v, err = %v; want one file of %d pages", files, err, c.pages)
				}
				return
			}
			var p *problem.Problem
			if !errors.As(err, &p) || p.Code != c.code {
				t.Fatalf("err = %v, want %s", err, c.code)
			}
			if p.Status != 413 || !strings.Contains(p.Detail, "QUARRY_MAX_PAGES") || !strings.Contains(p.Detail, "is 5") {
				t.Fatalf("problem = %d %q, want 413 naming the page limit", p.Status, p.Detail)
			}
		})
	}
}

// A 10,000-page PDF under the default limit of 2,000 pages is refused in
// about the time pdfinfo takes, not after pdftotext read 2,001 pages.
func TestTenThousandPagePDFIsRefusedFast(t *testing.T) {
	t.Parallel()
	engines := FindEngines()
	if engines.PDFInfo == "" || engines.PDFToText == "" {
		t.Skip("needs Poppler's pdfinfo and pdftotext")
	}
	if testing.Short() {
		t.Skip("builds a 10,000-page PDF")
	}
	data := textPDF(10_000)
	start := time.Now()
	_, err := NewLoader(DefaultLimits(), engines).Load(context.Background(), Input{Name: "huge.pdf", Data: data})
	took := time.Since(start)
	p, ok := problem.As(err)
	if !ok || p.Code != problem.LimitExceeded || !strings.Contains(p.Detail, "10000 pages") || !strings.Contains(p.Detail, "is 2000") {
		t.Fatalf("err = %v, want limit_exceeded naming 10000 pages and the limit 2000", err)
	}
	// Generous for a shared machine: pdftotext on 2,001 pages takes
	// several times this.
	if took > 3*time.Second {
		t.Fatalf("refusal took %s", took)
	}
}

func TestParsePDFInfoPages(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		out   string
		pages int
		ok    bool
	}{
		{"Normal", "Producer:       fpdf\nPages:          12\nEncrypted:      no\n", 12, true},
		{"Missing", "Producer: x\n", 0, false},
		{"Garbage", "Pages: many\n", 0, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			n, ok := parsePDFInfoPages([]byte(c.out))
			if n != c.pages || ok != c.ok {
				t.Fatalf("got %d %v, want %d %v", n, ok, c.pages, c.ok)
			}
		})
	}
}
