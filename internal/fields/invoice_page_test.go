package fields

import (
	"testing"

	"github.com/quarrydev/quarry/internal/api"
)

// TestInvoicePageConventions reads what European invoice pages print
// around their values: a credit note's own number beside the invoice it
// refers to, the customer's VAT number under the seller's, the German
// "Endsumme" under the net lines, a name that holds a word which is
// also a document title, and the sender's return-address line a letter
// prints over the recipient's window.
func TestInvoicePageConventions(t *testing.T) {
	t.Parallel()
	spec := api.DocumentTypeSpec{ID: "invoice", FieldGroups: []api.FieldGroup{{Name: "main", Fields: []api.Field{
		{Name: "issuer", Description: "Company that issued the invoice", Type: api.TypeString},
		{Name: "invoice_number", Type: api.TypeString},
		{Name: "vat", Type: api.TypeString},
		{Name: "amount", Description: "Total amount of the invoice", Type: api.TypeNumber},
		{Name: "address", Type: api.TypeString},
	}}}}
	cases := []struct {
		name  string
		lines []string
		want  map[string]any
	}{
		{"French credit note", []string{
			"Au bon moulin SARL - 1242 chemin de l'olive - 84340 Malaucene",
			"TVA : FR11999999998 - SIRET : 99999999800010",
			"Avoir AV-2017-0005",
			"Ma jolie boutique",
			"Date de facture 16/11/2017",
			"Facture liee FA-2017-0010",
			"N° TVA client FR19787878784",
			"Total TTC -233,47 EUR",
		}, map[string]any{"issuer": "Au bon moulin SARL", "invoice_number": "AV-2017-0005", "vat": "FR11999999998", "amount": -233.47}},
		{"only the customer's VAT number printed", []string{
			"Au bon moulin SARL",
			"Facture FA-2017-0010",
			"N° TVA client FR19787878784",
			"Total TTC 233,47 EUR",
		}, map[string]any{"issuer": "Au bon moulin SARL", "invoice_number": "FA-2017-0010", "vat": nil}},
		{"English credit note", []string{
			"ACME Trading Ltd",
			"Original invoice: INV-2041",
			"Credit note CN-0042",
			"Total -50.00 GBP",
		}, map[string]any{"invoice_number": "CN-0042", "amount": -50.0}},
		{"the sender line over the window names the issuer, not the buyer in it", []string{
			"weclapp.com | Somestreet 42 | 08155 Some city",
			"Beispiel AG",
			"Feldstrasse 34",
			"54321 Hithausen",
			"Rechnung RE1001",
			"Endsumme 963,12 EUR",
		}, map[string]any{"issuer": "weclapp.com", "address": "Somestreet 42, 08155 Some city"}},
		{"a line of address parts under the name is no sender line", []string{
			"Beispiel AG",
			"Feldstrasse 34 | 54321 Hithausen | Deutschland",
			"Rechnung RE1001",
			"Endsumme 963,12 EUR",
		}, map[string]any{"issuer": "Beispiel AG"}},
		{"a contact line with numbers between separators is no sender line", []string{
			"Tel - 03-1234 - 5678",
			"Beispiel AG",
			"Feldstrasse 34",
			"54321 Hithausen",
		}, map[string]any{"issuer": "Beispiel AG"}},
		{"a type code in brackets inside the number's label", []string{
			"Rohstoff AG",
			"Handelsrechnung (380) Nr. 47110815 vom 01.12.2025",
		}, map[string]any{"invoice_number": "47110815"}},
		{"a qualifier in brackets inside the number's label", []string{
			"ACME Trading Ltd",
			"Tax Invoice (Duplicate) No. INV-4711",
		}, map[string]any{"invoice_number": "INV-4711"}},
		{"German totals", []string{
			"Beispiel GmbH",
			"Rechnung RE1001",
			"Positionen netto 804,35 EUR",
			"Positionen USt. 19,00% auf 804,35 EUR 152,83 EUR",
			"Endsumme 963,12 EUR",
		}, map[string]any{"invoice_number": "RE1001", "amount": 963.12}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := values(Extract(loadPDF(t, c.lines), spec, Options{}))
			for k, want := range c.want {
				if got[k] != want {
					t.Errorf("%s = %v, want %v", k, got[k], want)
				}
			}
		})
	}
}

// TestTitleDate: with no date label, the date the title line gives after
// the number is the issue date, not the first date printed.
func TestTitleDate(t *testing.T) {
	t.Parallel()
	spec := api.DocumentTypeSpec{ID: "invoice", FieldGroups: []api.FieldGroup{{Name: "main", Fields: []api.Field{
		{Name: "date", Description: "Invoice date", Type: api.TypeString, Format: str("date")},
	}}}}
	cases := []struct {
		lines []string
		want  any
	}{
		{[]string{"Muster GmbH", "Lieferdatum 01.03.2024", "Rechnung Nr. 2024-001 vom 15.03.2024", "Gesamtbetrag 119,00 EUR"}, "2024-03-15"},
		{[]string{"Stylesheet-Version: 2.0 vom 18.10.2018", "Handelsrechnung Nr. R87654321012345 vom 06.08.2018"}, "2018-08-06"},
		{[]string{"Au bon moulin SARL", "Livraison le 02/03/2024", "Facture n° FA-123 du 15/03/2024"}, "2024-03-15"},
		{[]string{"ACME Ltd", "Invoice No. 77 dated 15 March 2024", "Invoice date: 16 March 2024"}, "2024-03-16"},
	}
	for _, c := range cases {
		got := values(Extract(loadPDF(t, c.lines), spec, Options{}))
		if got["date"] != c.want {
			t.Errorf("%q: date = %v, want %v", c.lines, got["date"], c.want)
		}
	}
}
