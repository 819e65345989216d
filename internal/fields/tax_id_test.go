package fields

import (
	"testing"

	"github.com/quarrydev/quarry/internal/api"
)

// TestSellerTaxID reads the seller's VAT or tax number where an invoice
// prints it: under its own label mid-line or in a footer, with the
// country prefix set apart and the digits grouped, and under a field
// named by the tax word alone ("vat" as invoice2data names the VAT
// number), which a string type makes the number and a number type the
// amount.
func TestSellerTaxID(t *testing.T) {
	t.Parallel()
	spec := api.DocumentTypeSpec{ID: "invoice", FieldGroups: []api.FieldGroup{{Name: "main", Fields: []api.Field{
		{Name: "seller_tax_id", Type: api.TypeString},
		{Name: "vat", Type: api.TypeString},
		{Name: "tax", Type: api.TypeNumber},
	}}}}
	cases := []struct {
		name  string
		lines []string
		id    string
		tax   any
	}{
		{"French footer, prefix and digit groups apart", []string{"Facture n 562044387", "TVA 20% 5.00", "Montant TTC 29.99",
			"Free SAS - RCS Paris - N° de TVA intra communautaire: FR 604 219 388 61"}, "FR60421938861", 5.0},
		{"Dutch BTW beside the chamber number", []string{"Coolblue B.V.", "KvK Rotterdam 24330087", "BTW NL810433941B01", "BTW 21% 124,61", "Totaal 717,97"},
			"NL810433941B01", 124.61},
		{"Indian VAT/TIN", []string{"Sold By : WS Retail Services Pvt. Ltd.,", "VAT/TIN: 29670869006", "Tax 40.39", "Grand Total 319.00"}, "29670869006", 40.39},
		{"an amount under a VAT label is no VAT number", []string{"Amazon Web Services", "VAT ** $0.00", "Total $4.11"}, "", 0.0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := values(Extract(loadPDF(t, c.lines), spec, Options{}))
			for _, name := range []string{"seller_tax_id", "vat"} {
				want := any(c.id)
				if c.id == "" {
					want = nil
				}
				if got[name] != want {
					t.Errorf("%s = %v, want %v", name, got[name], want)
				}
			}
			if got["tax"] != c.tax {
				t.Errorf("tax = %v, want %v", got["tax"], c.tax)
			}
		})
	}
}
