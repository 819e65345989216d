package ingest

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
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

func TestParsePDFInfoTurns(t *testing.T) {
	t.Parallel()
	out := "Pages:          3\nPage    1 size: 595 x 842 pts (A4)\nPage    1 rot:  0\nPage    2 rot:  90\nPage    3 rot:  -90\n"
	if got := parsePDFInfoTurns([]byte(out)); len(got) != 3 || got[0] != 0 || got[1] != 90 || got[2] != 270 {
		t.Fatalf("turns = %v, want [0 90 270]", got)
	}
}

// TestTurnedPDFPageKeepsItsWordBoxes: pdftotext measures a page turned a
// quarter as shown, so its width is the unturned height; the boxes must
// land inside the shown page with their real widths, and in the same
// order along the line as on the unturned page (they once came back
// squashed to zero width at the right edge).
func TestTurnedPDFPageKeepsItsWordBoxes(t *testing.T) {
	t.Parallel()
	engines := FindEngines()
	qpdf, err := exec.LookPath("qpdf")
	if engines.PDFInfo == "" || engines.PDFToText == "" || err != nil {
		t.Skip("needs Poppler and qpdf (scripts/deps.sh installs them)")
	}
	dir := t.TempDir()
	plain, _ := fixture.TextPDF([][]string{{"Invoice INV-7 total 10.00 EUR"}})
	in, out := filepath.Join(dir, "in.pdf"), filepath.Join(dir, "turned.pdf")
	if err := os.WriteFile(in, plain, 0o600); err != nil {
		t.Fatal(err)
	}
	if b, err := exec.Command(qpdf, "--rotate=+90", in, out).CombinedOutput(); err != nil {
		t.Fatalf("qpdf: %v %s", err, b)
	}
	turned, _ := os.ReadFile(out)
	files, err := NewLoader(DefaultLimits(), engines).Load(context.Background(), Input{Name: "turned.pdf", Data: turned})
	if err != nil {
		t.Fatal(err)
	}
	l := files[0].Layout
	if p := l.Pages[0]; p.Width < p.Height {
		t.Fatalf("a page turned a quarter is shown landscape: %v x %v", p.Width, p.Height)
	}
	if len(l.Words) < 4 {
		t.Fatalf("words = %d", len(l.Words))
	}
	for _, w := range l.Words {
		b := w.Box
		if b.X1-b.X0 <= 0.001 || b.Y1-b.Y0 <= 0.001 || b.X1 >= 1 || b.Y1 > 1 || b.X0 < 0 || b.Y0 < 0 {
			t.Fatalf("word %q has box %+v", w.Text, b)
		}
	}
}
