package redact

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/fixture"
)

// BenchmarkRedactTextPDF measures whole redactions of a generated 4-page
// statement (render, paint, encode, write; the read is done once before)
// and reports pages per second at the default resolution.
func BenchmarkRedactTextPDF(b *testing.B) {
	needTools(b, "pdftotext", "pdftoppm")
	var pages [][]string
	for range 4 {
		pages = append(pages, statement[0])
	}
	in, _ := fixture.TextPDF(pages)
	f := load(b, "statement.pdf", in)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Pages(context.Background(), f, in, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(4*b.N)/b.Elapsed().Seconds(), "pages/s")
}

// TestCorpusPDFsRedact redacts every PDF of the shared invoice corpus
// (real files from third parties) and checks that each answer is a PDF
// with the same number of pages whose text holds none of the values that
// were found. It logs pages per second; run with -v to see it.
func TestCorpusPDFsRedact(t *testing.T) {
	needTools(t, "pdftotext", "pdftoppm")
	if testing.Short() {
		t.Skip("reads the corpus")
	}
	paths, _ := filepath.Glob("../../../shared/corpus/invoices/*.pdf")
	if len(paths) == 0 {
		t.Skip("no corpus")
	}
	if len(paths) > 8 {
		paths = paths[:8] // the machine is shared: a sample is enough
	}
	total, spent := 0, time.Duration(0)
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		f := load(t, filepath.Base(p), data)
		start := time.Now()
		res, err := Pages(context.Background(), f, data, Options{})
		spent += time.Since(start)
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(p), err)
			continue
		}
		if res.Pages != len(f.Layout.Pages) {
			t.Errorf("%s: %d pages out, %d in", filepath.Base(p), res.Pages, len(f.Layout.Pages))
		}
		text := pdfText(t, res.Data)
		for _, fd := range withCopies(f.Layout.Text, detectFor(f.Layout.Text)) {
			v := f.Layout.Text[fd.Start:fd.End]
			if len(v) >= 6 && containsFold(text, v) {
				t.Errorf("%s: %s value still in the output text", filepath.Base(p), fd.Type)
			}
		}
		total += res.Pages
	}
	t.Logf("%d PDFs, %d pages, redaction alone %.1f pages/s", len(paths), total, float64(total)/spent.Seconds())
}
