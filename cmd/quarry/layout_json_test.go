package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"math"
	"math/rand/v2"
	"testing"
	"unicode/utf8"

	"github.com/quarrydev/quarry/internal/doc"
	"github.com/quarrydev/quarry/internal/fixture"
	"github.com/quarrydev/quarry/internal/ingest"
	"github.com/quarrydev/quarry/internal/pipeline"
)

// layoutFile is the value `quarry layout --json` printed with
// json.Encoder before the output was streamed; the streamed bytes must
// stay the same.
type layoutFile struct {
	Filename   string           `json:"filename"`
	MediaType  string           `json:"media_type"`
	PageCount  int              `json:"page_count"`
	Language   string           `json:"language"`
	TextSource string           `json:"text_source"`
	OCR        *ingest.OCRStats `json:"ocr,omitempty"`
	Pages      any              `json:"pages"`
}

func encoderJSON(t *testing.T, files []*ingest.File) []byte {
	t.Helper()
	out := make([]layoutFile, 0, len(files))
	for _, f := range files {
		out = append(out, layoutFile{Filename: f.Name, MediaType: f.MediaType, PageCount: f.PageCount,
			Language: f.Language, TextSource: f.TextSource, OCR: f.OCR, Pages: pipeline.LayoutPages(f.Layout)})
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestLayoutJSONMatchesEncoder(t *testing.T) {
	t.Parallel()
	tricky := func() *doc.Layout {
		b := doc.NewBuilder()
		b.StartPage(doc.Page{Width: 595.28, Height: 841.89, Source: doc.SourcePDFText})
		b.AddLine([]doc.Word{
			{Text: "Fatura", Box: doc.Box{X0: 0.1, Y0: 0.123456789, X1: 0.3, Y1: 0.99999}, Conf: 1},
			{Text: `"<Ünïcödé> & \back\slash"`, Box: doc.Box{X0: 0.0000001, Y0: 0, X1: 1, Y1: 0.5}, Conf: 0.87654321},
			{Text: "tab\there\u2028sep", Box: doc.Box{X0: 0.00004, Y0: 0.00005, X1: 0.2, Y1: 0.3}, Conf: 1e-7},
		})
		b.StartPage(doc.Page{Width: 2480, Height: 3508, Source: doc.SourceOCR}) // a page without words
		b.StartPage(doc.Page{Width: 1e22, Height: 0.5, Source: doc.SourceNative})
		b.AddLine([]doc.Word{{Text: "last", Box: doc.Box{X0: 0.5, Y0: 0.5, X1: 0.6, Y1: 0.6}, Conf: 1}})
		return b.Layout()
	}
	cases := []struct {
		name  string
		files []*ingest.File
	}{
		{"NoFiles", nil},
		{"EmptyLayout", []*ingest.File{{Name: "empty.txt", MediaType: "text/plain", Layout: doc.NewBuilder().Layout()}}},
		{"TrickyTextAndNumbers", []*ingest.File{{Name: "a&b <1>.pdf", MediaType: "application/pdf", PageCount: 3,
			Language: "tr", TextSource: "mixed", OCR: &ingest.OCRStats{Pages: 1, MeanConfidence: 0.91}, Layout: tricky()}}},
		{"ManyPagesAcrossWrites", []*ingest.File{{Name: "long.pdf", MediaType: "application/pdf", PageCount: 30,
			TextSource: "pdf_text", Layout: benchLayout(30)}}}, // several times spillAt
		{"TwoFiles", []*ingest.File{
			{Name: "x.zip/one.txt", MediaType: "text/plain", PageCount: 1, Language: "en", TextSource: "native", Layout: tricky()},
			{Name: "x.zip/two.txt", MediaType: "text/plain", Layout: doc.NewBuilder().Layout()},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			var got bytes.Buffer
			if err := writeLayoutJSON(&got, c.files); err != nil {
				t.Fatal(err)
			}
			want := encoderJSON(t, c.files)
			if !bytes.Equal(got.Bytes(), want) {
				t.Fatalf("streamed JSON differs from json.Encoder's:\n got: %s\nwant: %s", got.Bytes(), want)
			}
		})
	}
}

// TestCoordMatchesFloat: the integer path for box coordinates writes what
// encoding/json writes for the rounded value.
func TestCoordMatchesFloat(t *testing.T) {
	t.Parallel()
	vals := []float64{0, 1, 0.5, 0.00004, 0.00005, 0.99995, 0.123456789, 1.0001, 12.5, 1e-9, 0.1 + 0.2, 7.00001}
	for k := 0; k <= 30000; k++ {
		vals = append(vals, float64(k)/10000, float64(k)/10000+0.00003, float64(k)*0.0001)
	}
	r := rand.New(rand.NewPCG(3, 4))
	for range 300000 {
		vals = append(vals, r.Float64(), r.Float64()*1e9, math.Nextafter(float64(r.IntN(1e6))/10000, 0), 1e9-r.Float64()*1e3)
	}
	for _, v := range vals {
		fast := appendCoord(nil, v)
		slow := appendFloat(nil, pipeline.RoundCoord(v))
		want, _ := json.Marshal(pipeline.RoundCoord(v))
		if string(fast) != string(want) || string(slow) != string(want) {
			t.Fatalf("appendCoord(%v) = %s, appendFloat = %s, encoding/json = %s", v, fast, slow, want)
		}
	}
}

// benchLayout is a text PDF's layout of pages of 40 lines of 10 words.
func benchLayout(pages int) *doc.Layout {
	b := doc.NewBuilder()
	for p := 0; p < pages; p++ {
		b.StartPage(doc.Page{Width: 595.28, Height: 841.89, Source: doc.SourcePDFText})
		for l := 0; l < 40; l++ {
			for w := 0; w < 10; w++ {
				x, y := 72+float64(w)*47.3, 63.384+float64(l)*18
				b.AddWordBytes([]byte("amount"), doc.Normalize(x, y, x+37.34, y+11.1, 595.28, 841.89), 1)
			}
			b.EndLine()
		}
	}
	return b.Layout()
}

// BenchmarkWriteLayoutJSON: `quarry layout --json` of 50 pages (20,000
// words).
func BenchmarkWriteLayoutJSON(b *testing.B) {
	files := []*ingest.File{{Name: "long.pdf", MediaType: "application/pdf", PageCount: 50, Language: "en",
		TextSource: "pdf_text", Layout: benchLayout(50)}}
	b.ReportAllocs()
	for b.Loop() {
		if err := writeLayoutJSON(io.Discard, files); err != nil {
			b.Fatal(err)
		}
	}
}

// TestAppendFloatMatchesEncoder: numbers are written as encoding/json
// writes them, whole numbers through the integer path included.
func TestAppendFloatMatchesEncoder(t *testing.T) {
	t.Parallel()
	vals := []float64{0, math.Copysign(0, -1), 1, -1, 2, 595.28, 841.89, 1e-7, 1.5e-6, 123456789012345, 1e15, 1e15 + 2,
		-1e16, 1e20, 1e21, 1e22, 0.87654321, math.MaxFloat64, math.SmallestNonzeroFloat64, -3.0000001}
	r := rand.New(rand.NewPCG(5, 6))
	for range 100000 {
		vals = append(vals, r.NormFloat64()*math.Pow(10, float64(r.IntN(40)-20)), math.Trunc(r.NormFloat64()*1e6))
	}
	for _, v := range vals {
		want, _ := json.Marshal(v)
		if got := appendFloat(nil, v); string(got) != string(want) {
			t.Fatalf("appendFloat(%v) = %s, encoding/json = %s", v, got, want)
		}
	}
}

// TestLayoutJSONOfAReadPDF: a multi-page PDF read as the CLI reads it
// prints the bytes json.Encoder gives for it.
func TestLayoutJSONOfAReadPDF(t *testing.T) {
	t.Parallel()
	engines := ingest.FindEngines()
	if engines.PDFToText == "" {
		t.Skip("needs pdftotext")
	}
	pdf, _ := fixture.TextPDF([][]string{
		{"Invoice No. 2025-0042 <draft> & co", "Müller GmbH Straße 5"},
		{"Total 1.234,56 EUR", `"quoted" \ back`},
		{"page three"},
	})
	files, err := ingest.NewLoader(ingest.DefaultLimits(), engines).Load(context.Background(), ingest.Input{Name: "three.pdf", Data: pdf})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || files[0].PageCount != 3 || len(files[0].Layout.Words) < 15 {
		t.Fatalf("read %d files, %+v", len(files), files[0])
	}
	var got bytes.Buffer
	if err := writeLayoutJSON(&got, files); err != nil {
		t.Fatal(err)
	}
	if want := encoderJSON(t, files); !bytes.Equal(got.Bytes(), want) {
		t.Fatalf("streamed JSON differs from json.Encoder's:\n got: %s\nwant: %s", got.Bytes(), want)
	}
}

// TestAppendStringMatchesEncoder: strings are quoted byte for byte as
// encoding/json quotes them, control characters, HTML characters, line
// separators and broken UTF-8 included.
func TestAppendStringMatchesEncoder(t *testing.T) {
	t.Parallel()
	vals := []string{"", "plain", "Straße", "a\nb\tc\rd\be\ff\x00\x1f\x7f", `"<x> & \y"`, "\u2028\u2029\u2027", "\xff\xfe ok \xe2\x82", "€𝄞"}
	for c := 0; c < 256; c++ {
		vals = append(vals, string([]byte{'a', byte(c), 'z'}))
	}
	r := rand.New(rand.NewPCG(7, 8))
	alphabet := []rune{'a', ' ', '\n', '"', '\\', '<', '&', 0x01, 0x7f, 'ß', '€', '\u2028', 0x1F600, utf8.RuneError}
	for range 20000 {
		var sb []byte
		for n := r.IntN(20); n > 0; n-- {
			if r.IntN(8) == 0 {
				sb = append(sb, byte(r.IntN(256))) // any byte, UTF-8 or not
			} else {
				sb = utf8.AppendRune(sb, alphabet[r.IntN(len(alphabet))])
			}
		}
		vals = append(vals, string(sb))
	}
	for _, s := range vals {
		want, _ := json.Marshal(s)
		if got := appendString(nil, s); string(got) != string(want) {
			t.Fatalf("appendString(%q) = %s, encoding/json = %s", s, got, want)
		}
	}
}

// failingWriter takes n bytes, then fails every write.
type failingWriter struct{ n int }

var errFull = errors.New("disk full")

func (f *failingWriter) Write(p []byte) (int, error) {
	if len(p) > f.n {
		k := f.n
		f.n = 0
		return k, errFull
	}
	f.n -= len(p)
	return len(p), nil
}

// TestLayoutJSONReportsWriteErrors: a write that fails in the middle of
// a long output, written on the writer goroutine, is the call's error.
func TestLayoutJSONReportsWriteErrors(t *testing.T) {
	t.Parallel()
	files := []*ingest.File{{Name: "long.pdf", MediaType: "application/pdf", PageCount: 30, Layout: benchLayout(30)}}
	for _, n := range []int{0, 1000, spillAt + 10} {
		if err := writeLayoutJSON(&failingWriter{n: n}, files); !errors.Is(err, errFull) {
			t.Fatalf("write failing after %d bytes: err = %v", n, err)
		}
	}
}
