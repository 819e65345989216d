package fields

import (
	"testing"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/einvoice"
)

// A caller's field names in its own language reach the e-invoice's terms
// through the concept table, as English ones do through the aliases; a
// tax's name alone is its amount as a number and the seller's number as
// a string.
func TestFillFromEInvoiceNamesInManyLanguages(t *testing.T) {
	t.Parallel()
	inv := &einvoice.Invoice{Number: "F-9", IssueDate: "2025-01-31", Currency: "TRY",
		Seller: einvoice.Party{Name: "Ornek Ticaret A.S.", VATID: "1234567890"},
		Totals: einvoice.Totals{WithVAT: einvoice.Amount{Raw: "118.00", Value: "118.00"}, VAT: einvoice.Amount{Raw: "18.00", Value: "18.00"},
			Due: einvoice.Amount{Raw: "100.00", Value: "100.00"}}}
	spec := api.DocumentTypeSpec{ID: "fatura", FieldGroups: []api.FieldGroup{{Name: "g", Fields: []api.Field{
		{Name: "fatura_no"}, {Name: "rechnungsdatum"}, {Name: "satici_adi"}, {Name: "vkn"},
		{Name: "payable_amount", Type: api.TypeNumber}, {Name: "genel_toplam", Type: api.TypeNumber}, {Name: "unrelated"},
		{Name: "vat", Type: api.TypeString}, {Name: "kdv", Type: api.TypeNumber},
	}}}}
	groups := []api.ExtractedGroup{{Name: "g"}}
	for _, f := range spec.FieldGroups[0].Fields {
		groups[0].Fields = append(groups[0].Fields, missing(f.Name))
	}
	FillFromEInvoice(groups, spec, inv, true)
	want := map[string]any{"fatura_no": "F-9", "rechnungsdatum": "2025-01-31", "satici_adi": "Ornek Ticaret A.S.", "vkn": "1234567890",
		"payable_amount": 100.0, "genel_toplam": 118.0, "unrelated": nil, "vat": "1234567890", "kdv": 18.0}
	for _, f := range groups[0].Fields {
		if f.Value != want[f.Name] {
			t.Errorf("%s = %v, want %v", f.Name, f.Value, want[f.Name])
		}
		if f.Value != nil && (f.Confidence != 1 || f.BBox != nil) {
			t.Errorf("%s: confidence %v box %v, want 1 and none", f.Name, f.Confidence, f.BBox)
		}
	}
}

// A term the XML leaves out is empty when the XML is the whole document,
// and keeps the printed page's reading on a hybrid PDF.
func TestFillFromEInvoiceTermTheXMLLeavesOut(t *testing.T) {
	t.Parallel()
	inv := &einvoice.Invoice{Number: "7", Totals: einvoice.Totals{WithVAT: einvoice.Amount{Raw: "50.00", Value: "50.00"}}}
	spec := api.DocumentTypeSpec{ID: "x", FieldGroups: []api.FieldGroup{{Name: "g", Fields: []api.Field{
		{Name: "amount_due", Type: api.TypeNumber}, {Name: "note"},
	}}}}
	for _, xmlOnly := range []bool{true, false} {
		read := 50.0
		groups := []api.ExtractedGroup{{Name: "g", Fields: []api.ExtractedField{
			{Name: "amount_due", Value: read, Confidence: 0.7}, {Name: "note", Value: "as read", Confidence: 0.6},
		}}}
		FillFromEInvoice(groups, spec, inv, xmlOnly)
		due, note := groups[0].Fields[0], groups[0].Fields[1]
		if xmlOnly && due.Value != nil {
			t.Errorf("xml only: amount_due = %v, want empty (the XML states none)", due.Value)
		}
		if !xmlOnly && due.Value != read {
			t.Errorf("hybrid: amount_due = %v, want the page's %v", due.Value, read)
		}
		if note.Value != "as read" {
			t.Errorf("xmlOnly=%v: a field naming no e-invoice term changed to %v", xmlOnly, note.Value)
		}
	}
}
