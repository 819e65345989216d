package fields

import (
	"testing"

	"github.com/quarrydev/quarry/internal/api"
)

// TestConceptFor pins the caller-name table: field names as users write
// them, with and without a description, reach Quarry's concepts.
func TestConceptFor(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, desc, want string
	}{
		{"company", "", "vendor_name"},
		{"company", "Name of the company that issued the receipt", "vendor_name"},
		{"issuer", "", "vendor_name"},
		{"seller_name", "", "vendor_name"},
		{"vendorName", "", "vendor_name"},
		{"store_name", "", "merchant_name"},
		{"shop", "", "merchant_name"},
		{"supplier_name", "", "supplier_name"},
		{"address", "", "vendor_address"},
		{"address", "Address of the company", "vendor_address"},
		{"address", "Billing address of the customer", "customer_address"},
		{"bill_to_address", "", "customer_address"},
		{"total", "", "total_amount"},
		{"total", "Total amount paid", "total_amount"},
		{"payable_amount", "", "total_amount"},
		{"amountDue", "", "total_amount"},
		{"amount", "", "amount"},
		{"amount", "Total amount of the invoice", "total_amount"},
		{"amount", "Line total of the item", "amount"},
		{"amount", "Amount before tax", "subtotal"},
		{"gst_amount", "", "tax_amount"},
		{"vat_number", "", "vendor_tax_id"},
		{"nip", "", "vendor_tax_id"},
		{"VKN", "", "vendor_tax_id"},
		{"invoice_no", "", "invoice_number"},
		{"document_number", "", "invoice_number"},
		{"receipt_no", "", "receipt_number"},
		{"date", "Date of the receipt", "date"},
		{"date", "Payment due date", "due_date"},
		{"invoice_date", "", "issue_date"},
		{"currency", "Currency of the invoice", "currency"},
		{"iban", "", "iban"},
		{"favourite_colour", "", ""},
		{"notes", "Free text the cashier wrote", ""},
	}
	for _, c := range cases {
		t.Run(c.name+"/"+c.desc, func(t *testing.T) {
			t.Parallel()
			if got := conceptFor(c.name, c.desc); got != c.want {
				t.Errorf("conceptFor(%q, %q) = %q, want %q", c.name, c.desc, got, c.want)
			}
		})
	}
}

// TestCallerNamesReachKnownConcepts guards the table against typos: every
// concept it routes to must have labels.
func TestCallerNamesReachKnownConcepts(t *testing.T) {
	t.Parallel()
	for name, c := range callerNames {
		if len(concepts[c]) == 0 {
			t.Errorf("caller name %q routes to %q, which has no labels", name, c)
		}
	}
	for _, cue := range descriptionCues {
		if len(concepts[cue.concept]) == 0 {
			t.Errorf("description cue %v routes to %q, which has no labels", cue.words, cue.concept)
		}
	}
}

// TestTaxWordField: a field named by the tax word alone is the seller's
// tax number when it is a string and says nothing else, the tax's
// amount when it is a number or its description speaks of an amount.
func TestTaxWordField(t *testing.T) {
	t.Parallel()
	cases := []struct {
		f    api.Field
		want string
	}{
		{api.Field{Name: "vat", Type: api.TypeString}, "vendor_tax_id"},
		{api.Field{Name: "BTW", Type: api.TypeString}, "vendor_tax_id"},
		{api.Field{Name: "vat", Type: api.TypeNumber}, "tax_amount"},
		{api.Field{Name: "vat", Type: api.TypeString, Description: "VAT amount charged"}, "tax_amount"},
		{api.Field{Name: "gst", Type: api.TypeString, Description: "GST registration number"}, "vendor_tax_id"},
		{api.Field{Name: "vat_amount", Type: api.TypeString}, "tax_amount"},
	}
	for _, c := range cases {
		g := taxWordField(&c.f)
		if got := conceptFor(g.Name, g.Description); got != c.want {
			t.Errorf("%s (%s, %q): concept %q, want %q", c.f.Name, c.f.Type, c.f.Description, got, c.want)
		}
		if g.Name != c.f.Name {
			t.Errorf("%s: name became %q", c.f.Name, g.Name)
		}
	}
}
