package main

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/quarrydev/quarry/internal/doc"
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
	for _, v := range vals {
		var fast, slow layoutEncoder
		fast.coord(v)
		slow.float(pipeline.RoundCoord(v))
		want, _ := json.Marshal(pipeline.RoundCoord(v))
		if string(fast.buf) != string(want) || string(slow.buf) != string(want) {
			t.Fatalf("coord(%v) = %s, float = %s, encoding/json = %s", v, fast.buf, slow.buf, want)
		}
	}
}
