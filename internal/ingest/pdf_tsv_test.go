package ingest

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"

	"github.com/quarrydev/quarry/internal/doc"
	"github.com/quarrydev/quarry/internal/fixture"
	"github.com/quarrydev/quarry/internal/problem"
)

// pdftotextTSV writes TSV shaped as `pdftotext -tsv` writes it for pages
// of 40 lines of 10 words: a header, page, flow, block and line rows with
// six decimals, word rows with two, and a price closing every line.
func pdftotextTSV(pages int) []byte {
	vocab := []string{"invoice", "total", "amount", "due", "payment", "terms", "customer", "account", "number", "order", "Müller", "straße"}
	var b bytes.Buffer
	b.WriteString("level\tpage_num\tpar_num\tblock_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n")
	for p := 1; p <= pages; p++ {
		fmt.Fprintf(&b, "1\t%d\t0\t0\t0\t0\t0.000000\t0.000000\t595.280000\t841.890000\t-1\t###PAGE###\n", p)
		fmt.Fprintf(&b, "3\t%d\t0\t0\t0\t0\t72.000000\t63.384000\t408.864000\t713.100000\t-1\t###FLOW###\n", p)
		for l := 0; l < 40; l++ {
			top := 63.384 + float64(l)*18
			fmt.Fprintf(&b, "4\t%d\t0\t0\t%d\t0\t72.000000\t%.6f\t342.172000\t11.100000\t-1\t###LINE###\n", p, l, top)
			x := 72.0
			for w := 0; w < 10; w++ {
				text := vocab[(p*31+l*7+w*3)%len(vocab)]
				if w == 9 {
					text = fmt.Sprintf("%d.%02d", p*100+l, (l*13)%100)
				}
				width := 6.67 * float64(len(text))
				fmt.Fprintf(&b, "5\t%d\t0\t0\t%d\t%d\t%.2f\t%.2f\t%.2f\t11.10\t100\t%s\n", p, l, w, x, top, width, text)
				x += width + 3.34
			}
		}
	}
	return b.Bytes()
}

// BenchmarkReadPDFTextTSV: the parse of pdftotext's rows into a layout,
// which runs once per word of every text PDF (50 pages, 20,000 words).
func BenchmarkReadPDFTextTSV(b *testing.B) {
	tsv := pdftotextTSV(50)
	b.SetBytes(int64(len(tsv)))
	b.ReportAllocs()
	for b.Loop() {
		l, err := readPDFTextTSV(bytes.NewReader(tsv), nil)
		if err != nil || len(l.Words) != 50*400 {
			b.Fatalf("%v, %d words", err, len(l.Words))
		}
	}
}

// TestTSVNumMatchesParseFloat: the decimal fast path gives ParseFloat's
// value to the bit, and everything else falls back to it.
func TestTSVNumMatchesParseFloat(t *testing.T) {
	t.Parallel()
	in := []string{"0", "0.00", "72.00", "841.890000", "595.280000", "1.", ".5", "007.10",
		"123456789012345", "1234567890.12345", "0.000000000000001", "9007199254740993", "12345678901234567890123",
		"-1", "-0.00", "+3.5", "1e3", "1E-2", "", ".", "..1", "1.2.3", "x", "NaN", "inf", "0x1p3", "1_000", "1e400", " 1"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		whole := r.Uint64N(100000)
		switch r.IntN(3) {
		case 0:
			in = append(in, strconv.FormatUint(whole, 10)+"."+fmt.Sprintf("%02d", r.IntN(100)))
		case 1:
			in = append(in, strconv.FormatUint(whole, 10)+"."+fmt.Sprintf("%06d", r.IntN(1000000)))
		default:
			in = append(in, strconv.FormatFloat(r.Float64()*1000, 'f', r.IntN(12), 64))
		}
	}
	for _, s := range in {
		want, _ := strconv.ParseFloat(s, 64)
		got := tsvNum([]byte(s))
		if math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Fatalf("tsvNum(%q) = %v (%#x), ParseFloat gives %v (%#x)", s, got, math.Float64bits(got), want, math.Float64bits(want))
		}
	}
}

// TestParsePDFTextTSVWords: rows become pages, lines and words with
// boxes normalised to the page; a text column holding spaces becomes
// several words sharing the row's box; rows of other levels, short rows
// and blank words are skipped.
func TestParsePDFTextTSVWords(t *testing.T) {
	t.Parallel()
	tsv := "level\tpage_num\tpar_num\tblock_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n" +
		"1\t1\t0\t0\t0\t0\t0.000000\t0.000000\t200.000000\t100.000000\t-1\t###PAGE###\n" +
		"3\t1\t0\t0\t0\t0\t10.000000\t10.000000\t100.000000\t50.000000\t-1\t###FLOW###\n" +
		"4\t1\t0\t0\t0\t0\t10.000000\t10.000000\t100.000000\t10.000000\t-1\t###LINE###\n" +
		"5\t1\t0\t0\t0\t0\t10.00\t10.00\t40.00\t10.00\t100\tInvoice\n" +
		"5\t1\t0\t0\t0\t1\t60.00\t12.50\t50.00\t10.00\t100\tno.\u00a042 \n" +
		"5\t1\t0\t0\t0\t2\t1\t2\n" +
		"4\t1\t0\t0\t1\t0\t10.000000\t30.000000\t100.000000\t10.000000\t-1\t###LINE###\n" +
		"5\t1\t0\t0\t1\t0\t-20.00\t30.00\t30.00\t10.00\t100\tTotal\r\n" +
		"5\t1\t0\t0\t1\t1\t100.00\t30.00\t10.00\t10.00\t100\t   \n" +
		"1\t2\t0\t0\t0\t0\t0.000000\t0.000000\t100.000000\t100.000000\t-1\t###PAGE###\n"
	l, err := ParsePDFTextTSV([]byte(tsv))
	if err != nil {
		t.Fatal(err)
	}
	if want := "Invoice no. 42\nTotal\f"; l.Text != want {
		t.Fatalf("text = %q, want %q", l.Text, want)
	}
	if len(l.Pages) != 2 || l.Pages[0].Width != 200 || l.Pages[0].Height != 100 || len(l.Pages[0].Lines) != 2 || l.Pages[1].WordCount() != 0 {
		t.Fatalf("pages = %+v", l.Pages)
	}
	want := []struct {
		text string
		box  doc.Box
	}{
		{"Invoice", doc.Box{X0: 0.05, Y0: 0.1, X1: 0.25, Y1: 0.2}},
		{"no.", doc.Box{X0: 0.3, Y0: 0.125, X1: 0.55, Y1: 0.225}},
		{"42", doc.Box{X0: 0.3, Y0: 0.125, X1: 0.55, Y1: 0.225}},
		{"Total", doc.Box{X0: 0, Y0: 0.3, X1: 0.05, Y1: 0.4}},
	}
	if len(l.Words) != len(want) {
		t.Fatalf("%d words, want %d: %+v", len(l.Words), len(want), l.Words)
	}
	for i, w := range want {
		if got := l.Words[i]; got.Text != w.text || got.Box != w.box || got.Conf != 1 || got.Page != 1 {
			t.Fatalf("word %d = %+v, want %q at %+v", i, got, w.text, w.box)
		}
	}
	if got := l.Pages[0].Lines[0].Box; got != (doc.Box{X0: 0.05, Y0: 0.1, X1: 0.55, Y1: 0.225}) {
		t.Fatalf("line box = %+v", got)
	}
}

// TestPDFUnderStdbufReadsTheSame: running pdftotext under stdbuf (larger
// output buffers) reads a multi-page PDF into the same layout as running
// it bare, and a password-protected PDF is still named as such.
func TestPDFUnderStdbufReadsTheSame(t *testing.T) {
	t.Parallel()
	engines := FindEngines()
	if engines.PDFToText == "" || engines.Stdbuf == "" {
		t.Skip("needs pdftotext and stdbuf")
	}
	var pages [][]string
	for p := 0; p < 40; p++ {
		pages = append(pages, []string{fmt.Sprintf("Page %d invoice total 1.234,56 EUR", p+1), "Müller GmbH Straße 5 <draft> & co"})
	}
	pdf, _ := fixture.TextPDF(pages)
	read := func(e Engines) *doc.Layout {
		files, err := NewLoader(DefaultLimits(), e).Load(context.Background(), Input{Name: "a.pdf", Data: pdf})
		if err != nil {
			t.Fatal(err)
		}
		return files[0].Layout
	}
	bare := engines
	bare.Stdbuf = ""
	withBuffers, without := read(engines), read(bare)
	if len(without.Pages) != 40 || len(without.Words) < 40*10 {
		t.Fatalf("bare read: %d pages, %d words", len(without.Pages), len(without.Words))
	}
	if !reflect.DeepEqual(withBuffers, without) {
		t.Fatal("the layout read under stdbuf differs from the bare read")
	}
	if engines.QPDF == "" {
		return
	}
	dir := t.TempDir()
	plain, locked := filepath.Join(dir, "plain.pdf"), filepath.Join(dir, "locked.pdf")
	if err := os.WriteFile(plain, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(engines.QPDF, "--encrypt", "user-pw", "owner-pw", "256", "--", plain, locked).CombinedOutput(); err != nil {
		t.Fatalf("qpdf: %v: %s", err, out)
	}
	data, err := os.ReadFile(locked)
	if err != nil {
		t.Fatal(err)
	}
	_, err = NewLoader(DefaultLimits(), engines).Load(context.Background(), Input{Name: "locked.pdf", Data: data})
	if p, ok := problem.As(err); !ok || p.Code != problem.EncryptedPDF {
		t.Fatalf("password-protected PDF under stdbuf: %v", err)
	}
}
