package pipeline

import (
	"fmt"
	"strings"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/einvoice"
)

// invoiceWords are what a declared type's id or description says when it
// is the caller's invoice type, in the languages Quarry reads.
var invoiceWords = []string{"invoice", "credit note", "credit_note", "fatura", "rechnung", "gutschrift", "facture", "avoir", "factura", "fattura", "faktura", "e-invoice", "einvoice"}

// classifyEInvoice decides the type of a file that carries a structured
// e-invoice: its XML says what it is, so no scoring is needed. With
// declared types it picks the one that names invoices; it reports false
// when none does (the classifier then decides as for any file).
func classifyEInvoice(inv *einvoice.Invoice, declared []api.DocumentTypeSpec) (*api.Classification, bool) {
	note := fmt.Sprintf("structured e-invoice: %s", inv.Format)
	if inv.Kind == einvoice.KindCreditNote {
		note = fmt.Sprintf("structured e-invoice, a credit note: %s", inv.Format)
	}
	if len(declared) == 0 {
		return &api.Classification{DocumentType: "invoice", Matched: true, Confidence: 1, Notes: &note}, true
	}
	for _, t := range declared {
		text := strings.ToLower(t.ID + " " + t.Description)
		for _, w := range invoiceWords {
			if strings.Contains(text, w) {
				c := &api.Classification{DocumentType: t.ID, Matched: true, Confidence: 1, Notes: &note}
				if t.Description != "" {
					d := t.Description
					c.Description = &d
				}
				return c, true
			}
		}
	}
	return nil, false
}
