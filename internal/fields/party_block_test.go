package fields

import (
	"testing"

	"github.com/quarrydev/quarry/internal/api"
)

// TestPartyBlock reads a party's name from the block under its role
// heading when key-value lines come first: the value of a name key, or
// the first line that is no key-value line.
func TestPartyBlock(t *testing.T) {
	t.Parallel()
	spec := api.DocumentTypeSpec{ID: "invoice", FieldGroups: []api.FieldGroup{{Name: "main", Fields: []api.Field{
		{Name: "issuer", Description: "Company that issued the invoice", Type: api.TypeString},
		{Name: "buyer", Description: "Customer name", Type: api.TypeString},
	}}}}
	cases := []struct {
		name  string
		lines []string
		want  map[string]any
	}{
		{"a name key under the heading", []string{
			"Lesbarmachung der XML-Daten von elektronischen Rechnungen",
			"Handelsrechnung Nr. 47110815 vom 01.12.2025",
			"Verkäufer",
			"Nummer: 12345676",
			"Name: Rohstoff AG Salzgitter",
			"Anschrift: Marktstr. 153",
			"Käufer",
			"Nummer: 75969813",
			"Name: Metallbau Leipzig GmbH & Co. KG",
		}, map[string]any{"issuer": "Rohstoff AG Salzgitter", "buyer": "Metallbau Leipzig GmbH & Co. KG"}},
		{"the first plain line under the number lines", []string{
			"Stylesheet rendering of the XML data",
			"Seller:",
			"Number: 549910",
			"Global number: 4333741000005 (GTIN)",
			"MUSTERLIEFERANT GMBH",
			"BAHNHOFSTRASSE 99",
			"Buyer:",
			"Number: 009420",
			"MUSTER-KUNDE GMBH",
		}, map[string]any{"issuer": "MUSTERLIEFERANT GMBH", "buyer": "MUSTER-KUNDE GMBH"}},
		{"a name right under the heading is read as before", []string{
			"Invoice 2024-17",
			"Seller:",
			"Beispiel AG",
			"Feldstrasse 34",
		}, map[string]any{"issuer": "Beispiel AG"}},
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
