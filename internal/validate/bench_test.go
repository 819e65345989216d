package validate

import (
	"fmt"
	"testing"

	"github.com/quarrydev/quarry/internal/api"
)

// invoiceFixture is a typical invoice: a dozen flat fields with patterns,
// formats and validators, and 50 line items of 4 members.
func invoiceFixture() ([]api.Field, []api.ExtractedField) {
	specs := []api.Field{
		{Name: "number", Required: true, Pattern: ptr(`[A-Z]{2}-\d{4,8}`)},
		{Name: "date", Format: ptr("date")},
		{Name: "currency", Format: ptr("currency")},
		{Name: "iban", Validators: []api.ValidatorSpec{{Name: "iban"}}},
		{Name: "vat", Validators: []api.ValidatorSpec{{Name: "vat_id"}}},
		{Name: "seller_nif", Validators: []api.ValidatorSpec{{Name: "nif", Severity: "warning"}, {Name: "cif", Severity: "warning"}}},
		{Name: "email", Format: ptr("email")},
		{Name: "total", Type: "number", Minimum: ptr(0.0), Required: true},
		{Name: "status", Enum: []any{"paid", "due", "overdue"}},
		{Name: "line_items", Type: "array", Items: &api.Field{Name: "line", Type: "object", Fields: []api.Field{
			{Name: "description", Required: true},
			{Name: "quantity", Type: "number", Minimum: ptr(0.0)},
			{Name: "unit_price", Type: "number", Minimum: ptr(0.0)},
			{Name: "amount", Validators: []api.ValidatorSpec{{Name: "amount"}}},
		}}},
	}
	var rows []api.ExtractedField
	for i := 0; i < 50; i++ {
		rows = append(rows, api.ExtractedField{Name: "line", Value: []api.ExtractedField{
			{Name: "description", Value: fmt.Sprintf("Item %d", i)},
			{Name: "quantity", Value: int64(i + 1)},
			{Name: "unit_price", Value: 9.99},
			{Name: "amount", Value: "1.234,50"},
		}})
	}
	got := []api.ExtractedField{
		{Name: "number", Value: "FV-2025001"},
		{Name: "date", Value: "2025-05-15"},
		{Name: "currency", Value: "EUR"},
		{Name: "iban", Value: "ES91 2100 0418 4502 0005 1332"},
		{Name: "vat", Value: "ESB12345674"},
		{Name: "seller_nif", Value: "B12345674"},
		{Name: "email", Value: "billing@example.es"},
		{Name: "total", Value: 1234.5},
		{Name: "status", Value: "paid"},
		{Name: "line_items", Value: rows},
	}
	return specs, got
}

func BenchmarkValidateFields(b *testing.B) {
	specs, got := invoiceFixture()
	b.ReportAllocs()
	for b.Loop() {
		ValidateFields(specs, got)
	}
}

func BenchmarkSemantic(b *testing.B) {
	req := hugeRequest()
	b.ReportAllocs()
	for b.Loop() {
		Semantic(req)
	}
}

func BenchmarkStructure(b *testing.B) {
	req := hugeRequest()
	b.ReportAllocs()
	for b.Loop() {
		Structure(req)
	}
}

func TestInvoiceFixtureIsValid(t *testing.T) {
	t.Parallel()
	specs, got := invoiceFixture()
	ValidateFields(specs, got)
	for _, f := range got {
		if f.Validation == nil || !f.Validation.Valid {
			t.Errorf("%s: %+v", f.Name, f.Validation)
		}
	}
	// A company id warns as a NIF and passes as a CIF: one warning.
	if errs := got[5].Validation.Errors; len(errs) != 1 || errs[0].Severity != SeverityWarning {
		t.Errorf("seller_nif: %+v", errs)
	}
	for _, r := range got[9].Value.([]api.ExtractedField) {
		if r.Validation == nil || !r.Validation.Valid {
			t.Fatalf("row %+v", r.Validation)
		}
	}
}
