package forensics

import (
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/doc"
)

func TestTextLayerVsOCR(t *testing.T) {
	t.Parallel()
	words := func(texts ...string) []doc.Word {
		var out []doc.Word
		for i, s := range texts {
			x := 0.1 + 0.2*float64(i)
			out = append(out, doc.Word{Text: s, Page: 1, Conf: 0.95, Box: doc.Box{X0: x, Y0: 0.1, X1: x + 0.15, Y1: 0.12}})
		}
		return out
	}
	layout := func(texts ...string) *doc.Layout {
		b := doc.NewBuilder()
		b.StartPage(doc.Page{Number: 1, Width: 612, Height: 792, Source: doc.SourcePDFText})
		for _, w := range words(texts...) {
			b.AddWordBytes([]byte(w.Text), w.Box, 1)
		}
		b.EndLine()
		b.EndPage()
		return b.Layout()
	}
	cases := []struct {
		name        string
		layer, seen []string
		status      string
	}{
		{"agree", []string{"Total", "1234.56", "EUR"}, []string{"Total", "1234,56", "EUR"}, Pass},
		{"a digit changed in the layer", []string{"Total", "9234.56", "EUR"}, []string{"Total", "1234.56", "EUR"}, Fail},
		{"another page's layer", []string{"alpha", "beta", "gamma", "delta", "omega"}, []string{"Rechnung", "Summe", "Datum", "Kunde", "Steuer"}, Uncertain},
	}
	for _, tc := range cases {
		c := TextLayerVsOCR(layout(tc.layer...), []OCRPage{{Number: 1, Words: words(tc.seen...)}})
		if c.Status != tc.status {
			t.Errorf("%s: %s, want %s (%s)", tc.name, c.Status, tc.status, c.Evidence)
		}
	}
	if c := TextLayerUnchecked([]int{2}, "no OCR"); c.Status != Uncertain || !strings.Contains(c.Evidence, "no OCR") {
		t.Errorf("unchecked: %+v", c)
	}
}
