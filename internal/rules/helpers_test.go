package rules

import (
	"strings"
	"time"

	"github.com/quarrydev/quarry/internal/api"
)

// invoiceType is a small invoice schema of the shape callers declare:
// header fields with validators, and line items as object rows.
func invoiceType() api.DocumentTypeSpec {
	num := func(n string) api.Field { return api.Field{Name: n, Type: api.TypeNumber} }
	str := func(n string, validators ...string) api.Field {
		f := api.Field{Name: n}
		for _, v := range validators {
			f.Validators = append(f.Validators, api.ValidatorSpec{Name: v})
		}
		return f
	}
	return api.DocumentTypeSpec{ID: "invoice", FieldGroups: []api.FieldGroup{
		{Name: "header", Fields: []api.Field{
			str("invoice_number"), str("issue_date", "date"), str("vendor_tax_id", "vat_id"), str("iban", "iban"),
			num("subtotal"), num("total_amount"), {Name: "paid", Type: api.TypeBoolean}, {Name: "line_count", Type: api.TypeInteger},
			{Name: "seller", Type: api.TypeObject, Fields: []api.Field{str("name"), str("country")}},
		}},
		{Name: "items", Fields: []api.Field{{Name: "line_items", Type: api.TypeArray,
			Items: &api.Field{Name: "line_item", Type: api.TypeObject, Fields: []api.Field{str("description"), num("amount")}}}}},
	}, VisualChecks: []api.VisualCheck{{Name: "signature"}}}
}

func field(name string, v any) api.ExtractedField {
	return api.ExtractedField{Name: name, Value: v, Pages: []int{1}, Confidence: 0.9}
}

func lineItems(amounts ...float64) api.ExtractedField {
	rows := make([]api.ExtractedField, 0, len(amounts))
	for _, a := range amounts {
		rows = append(rows, api.ExtractedField{Name: "line_item", Value: []api.ExtractedField{field("description", "item"), field("amount", a)}})
	}
	return field("line_items", rows)
}

// invoiceDoc is an extracted invoice; edit tweaks its header fields.
func invoiceDoc(edit map[string]any) api.Document {
	header := map[string]any{
		"invoice_number": "INV-7", "issue_date": "2026-10-15", "vendor_tax_id": "DE 123456789",
		"iban": "DE89 3704 0044 0532 0130 00", "subtotal": 300.3, "total_amount": 357.36, "paid": false, "line_count": int64(3),
	}
	for k, v := range edit {
		header[k] = v
	}
	var fields []api.ExtractedField
	for _, k := range []string{"invoice_number", "issue_date", "vendor_tax_id", "iban", "subtotal", "total_amount", "paid", "line_count"} {
		fields = append(fields, field(k, header[k]))
	}
	fields = append(fields, field("seller", []api.ExtractedField{field("name", "Nordlicht GmbH"), field("country", "DE")}))
	return api.Document{Type: "invoice", SourceFile: "a.pdf", Pages: []int{1},
		FieldGroups: []api.ExtractedGroup{{Name: "header", Fields: fields}, {Name: "items", Fields: []api.ExtractedField{lineItems(100.1, 100.1, 100.1)}}}}
}

// fakeValidate passes every value except those starting with "BAD", so
// tests steer validator results without the validate package.
func fakeValidate(name string, value any, params map[string]any) bool {
	s, _ := value.(string)
	return !strings.HasPrefix(s, "BAD")
}

var testNow = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

func input(docs ...api.Document) Input {
	return Input{DocumentTypes: []api.DocumentTypeSpec{invoiceType()}, Documents: docs, Validate: fakeValidate, Now: testNow,
		NoLLM: "needs an LLM and none is configured"}
}

func rule(id, predicate string, parents ...api.RuleParent) api.RuleSpec {
	return api.RuleSpec{ID: id, Predicate: predicate, Parents: parents, Output: &api.RuleOutput{Type: "boolean", ValidOutputs: []string{"true", "false"}}}
}
