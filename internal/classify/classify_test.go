package classify

import (
	"testing"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/doc"
)

func textLayout(lines ...string) *doc.Layout {
	b := doc.NewBuilder()
	b.StartPage(doc.Page{Source: doc.SourceNative})
	for _, l := range lines {
		b.AddTextLine(l)
	}
	return b.Layout()
}

func TestClassifyBuiltin(t *testing.T) {
	cases := []struct {
		name  string
		lines []string
		want  string
	}{
		{"english invoice", []string{"INVOICE", "Invoice No: 12", "Total due 100.00"}, "invoice"},
		{"turkish payslip", []string{"ÜCRET BORDROSU", "Brüt Ücret 10.000,00", "Net Ödenen 8.000,00"}, "payroll"},
		{"german statement", []string{"Kontoauszug", "Alter Kontostand 100,00", "Neuer Kontostand 50,00"}, "bank_statement"},
		{"french order", []string{"BON DE COMMANDE", "N° de commande : 42"}, "purchase_order"},
		{"spanish receipt", []string{"TICKET DE COMPRA", "Gracias por su compra"}, "receipt"},
		{"nothing known", []string{"Meeting notes", "We talked about the weather"}, "general"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := ClassifyBuiltin(textLayout(tc.lines...))
			if v.Type != tc.want {
				t.Errorf("type = %s, want %s", v.Type, tc.want)
			}
		})
	}
}

func TestClassifyDeclared(t *testing.T) {
	types := []api.DocumentTypeSpec{
		{ID: "factura", Description: "Spanish invoice", Country: "ES", FieldGroups: []api.FieldGroup{{Name: "g", Fields: []api.Field{{Name: "numero_factura"}, {Name: "iban"}}}}},
		{ID: "escritura_poderes", Description: "Spanish notarial power of attorney", FieldGroups: []api.FieldGroup{{Name: "g", Fields: []api.Field{{Name: "notario"}}}}},
	}
	v := Classify(textLayout("FACTURA", "Número de factura: F-1", "IBAN: ES91 2100 0418 4502 0005 1332", "Total factura 100,00 €"), types)
	if v.Type != "factura" || !v.Matched || v.Confidence < 0.8 {
		t.Errorf("verdict = %+v, want a confident factura", v)
	}
	u := Classify(textLayout("Meeting notes", "We talked about the weather"), types)
	if u.Matched || u.Type != Unmatched {
		t.Errorf("verdict = %+v, want unmatched", u)
	}
}

func TestBuiltinSchemas(t *testing.T) {
	if len(BuiltinTypes()) != 14 {
		t.Fatalf("built-in types = %d, want 14", len(BuiltinTypes()))
	}
	inv, ok := BuiltinSchema("invoice")
	if !ok || len(inv.FieldGroups) == 0 {
		t.Fatal("invoice schema missing")
	}
	for _, id := range []string{"receipt", "payroll", "bank_statement", "purchase_order", "general"} {
		if _, ok := BuiltinSchema(id); !ok {
			t.Errorf("schema %s missing", id)
		}
	}
}

func TestConfidenceCalibration(t *testing.T) {
	clear := ClassifyBuiltin(textLayout("RECHNUNG", "Rechnungsnummer: 1", "Rechnungsdatum: 1.1.2025", "Gesamtbetrag 10,00 €", "MwSt 1,90 €"))
	if clear.Type != "invoice" || clear.Confidence < 0.85 {
		t.Errorf("clear invoice = %+v, want confidence >= 0.85", clear)
	}
	mixed := ClassifyBuiltin(textLayout("Invoice / Receipt", "Receipt for invoice"))
	if mixed.Confidence > 0.7 {
		t.Errorf("ambiguous document = %+v, want confidence <= 0.7", mixed)
	}
}
