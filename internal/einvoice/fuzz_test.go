package einvoice

import (
	"bytes"
	"errors"
	"testing"

	"github.com/quarrydev/quarry/internal/fixture"
)

// FuzzParse: no input panics, every refusal is one of the package's
// errors, and an accepted document is internally consistent.
func FuzzParse(f *testing.F) {
	for _, s := range []string{ublInvoice, ublCreditNote, ublTR, ciiInvoice, zugferd1Invoice, fatturaPA1252, "<a/>", ""} {
		f.Add([]byte(s))
	}
	f.Add(fixture.P7MBER([]byte(ublCreditNote), 200))
	f.Add(armour(fixture.P7MDER([]byte(ublCreditNote))))
	f.Fuzz(func(t *testing.T, data []byte) {
		inv, err := Parse(bytes.NewReader(data), Limits{MaxBytes: 1 << 20, MaxAttachmentBytes: 1 << 16})
		if err != nil {
			if inv != nil {
				t.Fatal("an error must come without an invoice")
			}
			if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrNotInvoice) && !errors.Is(err, ErrTooLarge) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		if inv.Syntax == "" || inv.Format == "" || (inv.Kind != KindInvoice && inv.Kind != KindCreditNote) {
			t.Fatalf("accepted document without syntax, format or kind: %+v", inv)
		}
		// Detect reads a .p7m only as far as its first chunk, so it is
		// held to agree on plain XML.
		if s, ok := Detect(data); inv.Envelope == "" && (!ok || s != inv.Syntax) {
			t.Fatalf("Detect = %q, %v but Parse read %q", s, ok, inv.Syntax)
		}
		for _, a := range inv.Attachments {
			if a.Omitted != "" && a.Data != nil {
				t.Fatalf("attachment with both data and an omission reason: %+v", a)
			}
		}
		_ = inv.Fields()
	})
}
