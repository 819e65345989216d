package fields

import (
	"testing"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/doc"
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
			"Number : 549910",
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

// TestPartyBlockColonCell: the colon that closes a key may open the
// value's cell ("Nummer" | ": 549910"), as stylesheet renderings align
// their values in a column.
func TestPartyBlockColonCell(t *testing.T) {
	t.Parallel()
	type word struct {
		text   string
		x0, x1 float64
	}
	rows := [][]word{
		{{"Lesbarmachung", 0.07, 0.20}, {"der", 0.21, 0.24}, {"Daten", 0.25, 0.30}},
		{{"Käufer", 0.074, 0.124}, {":", 0.127, 0.131}},
		{{"Nummer", 0.074, 0.130}, {":", 0.165, 0.169}, {"009420", 0.173, 0.220}},
		{{"Globale", 0.074, 0.127}, {"Nummer:", 0.130, 0.193}, {"4304171000002", 0.197, 0.300}},
		{{"MUSTER-KUNDE", 0.074, 0.209}, {"GMBH", 0.213, 0.255}},
		{{"KUNDENWEG", 0.074, 0.180}, {"88", 0.184, 0.200}},
	}
	b := doc.NewBuilder()
	b.StartPage(doc.Page{Width: 595, Height: 842, Source: doc.SourcePDFText})
	for i, r := range rows {
		y := 0.3 + 0.0135*float64(i)
		for _, w := range r {
			b.AddWordBytes([]byte(w.text), doc.Box{X0: w.x0, Y0: y, X1: w.x1, Y1: y + 0.0105}, 1)
		}
		b.EndLine()
	}
	spec := api.DocumentTypeSpec{ID: "invoice", FieldGroups: []api.FieldGroup{{Name: "main", Fields: []api.Field{
		{Name: "buyer", Description: "Customer name", Type: api.TypeString},
	}}}}
	if got := values(Extract(b.Layout(), spec, Options{}))["buyer"]; got != "MUSTER-KUNDE GMBH" {
		t.Errorf("buyer = %v, want MUSTER-KUNDE GMBH", got)
	}
}
