package pipeline

import (
	"context"
	"testing"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/ingest"
)

// FuzzRunText runs the whole pipeline (built-in classification and
// schema, extraction, validation, PII with masking, quality) over arbitrary
// text. The engine turns a stage panic into a partial result, so the
// process survives; this target makes sure no stage panics at all.
func FuzzRunText(f *testing.F) {
	for _, s := range []string{
		"Invoice No: INV-1\nDate: 15.05.2025\nTotal: 1.234,56 EUR\nIBAN TR33 0006 1005 1978 6457 8413 26",
		"Fatura Tarihi: 15 Mayıs 2025\nKDV %20\nGenel Toplam 1 234,56 ₺\nTC Kimlik No 10000000146",
		"Description Qty Unit price Amount\nWidget 2 4.50 9.00\nGadget x 1,0 -\n",
		"\xff\xfe\x00garbage\u0000\u200b\u202e",
	} {
		f.Add(s)
	}
	e := New(ingest.DefaultLimits(), Capabilities{})
	e.PIIKey = []byte("fuzz")
	f.Fuzz(func(t *testing.T, text string) {
		res, err := e.Run(context.Background(), "ext_fuzz", &api.ExtractRequest{
			Files:   []api.FileInput{{Filename: "doc.txt", Data: []byte(text)}},
			Options: &api.Options{PII: &api.PIIOptions{Mask: "token"}},
		})
		if err != nil {
			return // refused input (for example, bytes that are not text)
		}
		for _, pe := range res.Pipeline.Errors {
			if pe.Code == CodeStagePanic {
				t.Fatalf("stage %s panicked: %s", pe.Node, pe.Message)
			}
		}
	})
}
