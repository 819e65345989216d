package fields

import (
	"context"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/doc"
	"github.com/quarrydev/quarry/internal/fixture"
	"github.com/quarrydev/quarry/internal/ingest"
)

func loadPDF(t *testing.T, lines []string) *doc.Layout {
	t.Helper()
	data, _ := fixture.TextPDF([][]string{lines})
	files, err := ingest.NewLoader(ingest.DefaultLimits(), ingest.FindEngines()).Load(context.Background(), ingest.Input{Name: "t.pdf", Data: data})
	if err != nil {
		t.Skipf("PDF reading unavailable: %v", err)
	}
	return files[0].Layout
}

func str(s string) *string { return &s }

var invoiceSpec = api.DocumentTypeSpec{ID: "invoice", FieldGroups: []api.FieldGroup{{Name: "main", Fields: []api.Field{
	{Name: "invoice_number"}, {Name: "issue_date", Format: str("date")}, {Name: "due_date", Format: str("date")},
	{Name: "total_amount", Type: "number"}, {Name: "tax_amount", Type: "number"}, {Name: "iban", Validators: []api.ValidatorSpec{{Name: "iban"}}},
	{Name: "currency", Validators: []api.ValidatorSpec{{Name: "currency_code"}}},
	{Name: "line_items", Type: "array", Items: &api.Field{Name: "line_item", Type: "object", Fields: []api.Field{
		{Name: "description"}, {Name: "quantity", Type: "number"}, {Name: "unit_price", Type: "number"}, {Name: "amount", Type: "number"}}}},
}}}}

func values(r Result) map[string]any {
	m := map[string]any{}
	for _, g := range r.Groups {
		for _, f := range g.Fields {
			m[f.Name] = f.Value
		}
	}
	return m
}

func TestExtractLabelLayouts(t *testing.T) {
	cases := []struct {
		name  string
		lines []string
		want  map[string]any
	}{
		{"english label left", []string{"ACME Ltd", "Invoice No: INV-2025-001", "Invoice Date: 03/04/2025", "Due Date: 15 May 2025", "VAT: 20.00", "Total: 1,234.56 EUR", "IBAN: DE89 3704 0044 0532 0130 00"},
			map[string]any{"invoice_number": "INV-2025-001", "issue_date": "2025-04-03", "due_date": "2025-05-15", "total_amount": 1234.56, "tax_amount": 20.0, "iban": "DE89370400440532013000", "currency": "EUR"}},
		{"german", []string{"Rechnungsnummer: R-77", "Rechnungsdatum: 15. Mai 2025", "MwSt: 19,00 €", "Gesamtbetrag: 1.234,56 €"},
			map[string]any{"invoice_number": "R-77", "issue_date": "2025-05-15", "tax_amount": 19.0, "total_amount": 1234.56, "currency": "EUR"}},
		{"turkish", []string{"Fatura No: TR2025000123", "Fatura Tarihi: 15 Haziran 2025", "KDV: 200,00 TL", "Genel Toplam: 1.200,00 TL"},
			map[string]any{"invoice_number": "TR2025000123", "issue_date": "2025-06-15", "tax_amount": 200.0, "total_amount": 1200.0, "currency": "TRY"}},
		{"spanish label above", []string{"Número de factura", "F-2025-9", "Fecha", "15 de mayo de 2025"},
			map[string]any{"invoice_number": "F-2025-9", "issue_date": "2025-05-15", "total_amount": nil}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := Extract(loadPDF(t, tc.lines), invoiceSpec, Options{})
			got := values(r)
			for k, v := range tc.want {
				if got[k] != v {
					t.Errorf("%s = %#v, want %#v", k, got[k], v)
				}
			}
		})
	}
}

// gridLayout builds a one-page layout from rows of cells placed at given x
// positions, as a PDF reader would report an aligned table.
func gridLayout(rows [][]string, xs []float64) *doc.Layout {
	b := doc.NewBuilder()
	b.StartPage(doc.Page{Width: 595, Height: 842, Source: doc.SourcePDFText})
	for ri, cells := range rows {
		y := 0.1 + 0.03*float64(ri)
		var ws []doc.Word
		for ci, c := range cells {
			x := xs[ci]
			for _, w := range splitSpaces(c) {
				wd := 0.012 * float64(len(w))
				ws = append(ws, doc.Word{Text: w, Box: doc.Box{X0: x, Y0: y, X1: x + wd, Y1: y + 0.014}})
				x += wd + 0.006
			}
		}
		b.AddLine(ws)
	}
	return b.Layout()
}

func splitSpaces(s string) []string { return strings.Fields(s) }

func TestExtractTable(t *testing.T) {
	l := gridLayout([][]string{{"Invoice No: 42"}, {"Description", "Qty", "Unit Price", "Amount"}, {"Blue widget", "2", "10.00", "20.00"},
		{"Gadget", "1", "5.50", "5.50"}, {"Subtotal", "", "", "25.50"}}, []float64{0.08, 0.5, 0.62, 0.8})
	r := Extract(l, invoiceSpec, Options{})
	GradeFields(r.Groups) // what the bbox_validation stage does next
	rows, _ := values(r)["line_items"].([]api.ExtractedField)
	if len(rows) != 2 {
		t.Fatalf("rows = %d, want 2", len(rows))
	}
	m := rows[0].Value.([]api.ExtractedField)
	if m[0].Value != "Blue widget" || m[1].Value != 2.0 || m[2].Value != 10.0 || m[3].Value != 20.0 {
		t.Errorf("row 1 = %#v %#v %#v %#v", m[0].Value, m[1].Value, m[2].Value, m[3].Value)
	}
	if m[0].BBox == nil || m[0].BBox.Source != api.BoxSourcePDFText || m[0].BBox.Quality != api.BoxGood {
		t.Errorf("row member box = %+v", m[0].BBox)
	}
}

func TestExtractTypesAndLists(t *testing.T) {
	l := gridLayout([][]string{{"Paid:", "yes"}, {"Quantity:", "12"}, {"Reference:", "12345"}, {"Email:", "billing@example.com"}, {"Email:", "ops@example.com"}, {"Status:", "Overdue"}},
		[]float64{0.1, 0.4})
	spec := api.DocumentTypeSpec{ID: "x", FieldGroups: []api.FieldGroup{{Name: "g", Fields: []api.Field{
		{Name: "paid", Type: api.TypeBoolean},
		{Name: "quantity", Type: api.TypeInteger},
		{Name: "reference"},
		{Name: "emails", Description: "Email", Type: api.TypeArray, Items: &api.Field{Name: "email", Format: str("email")}},
		{Name: "status", Enum: []any{"Paid", "Overdue"}},
		{Name: "contact", Type: api.TypeObject, Fields: []api.Field{{Name: "reference"}, {Name: "fax"}}},
	}}}}
	got := values(Extract(l, spec, Options{}))
	if got["paid"] != true || got["quantity"] != int64(12) || got["reference"] != "12345" || got["status"] != "Overdue" {
		t.Errorf("typed values = %#v", got)
	}
	emails, _ := got["emails"].([]api.ExtractedField)
	if len(emails) != 2 || emails[1].Value != "ops@example.com" {
		t.Errorf("emails = %#v", got["emails"])
	}
	members, _ := got["contact"].([]api.ExtractedField)
	if len(members) != 2 || members[0].Value != "12345" || members[1].Value != nil || members[1].Pages == nil {
		t.Errorf("object members = %#v", got["contact"])
	}
}

func TestExtractTwoColumnsAndLabelAbove(t *testing.T) {
	cases := []struct {
		name string
		rows [][]string
		xs   []float64
		want map[string]any
	}{
		{"two columns french", [][]string{{"N° de facture :", "F-88", "Date d'échéance :", "30/06/2025"}, {"Date de facture :", "01/06/2025", "Devise :", "EUR"}},
			[]float64{0.08, 0.3, 0.55, 0.78}, map[string]any{"invoice_number": "F-88", "issue_date": "2025-06-01", "due_date": "2025-06-30", "currency": "EUR"}},
		{"label above grid", [][]string{{"Rechnungsnummer", "Datum", "Fällig am"}, {"R-2025-17", "3. März 2025", "17.03.2025"}},
			[]float64{0.08, 0.4, 0.7}, map[string]any{"invoice_number": "R-2025-17", "issue_date": "2025-03-03", "due_date": "2025-03-17"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := values(Extract(gridLayout(tc.rows, tc.xs), invoiceSpec, Options{}))
			for k, v := range tc.want {
				if got[k] != v {
					t.Errorf("%s = %#v, want %#v", k, got[k], v)
				}
			}
		})
	}
}
