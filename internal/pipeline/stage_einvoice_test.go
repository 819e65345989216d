package pipeline

import (
	"context"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/api"
)

const smallCreditNote = `<?xml version="1.0" encoding="UTF-8"?>
<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
 <cbc:ID>CN-12</cbc:ID><cbc:IssueDate>2025-04-02</cbc:IssueDate><cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
 <cac:AccountingSupplierParty><cac:Party><cac:PartyLegalEntity><cbc:RegistrationName>Nordlicht Handel GmbH</cbc:RegistrationName></cac:PartyLegalEntity>
  <cac:PartyTaxScheme><cbc:CompanyID>DE123456789</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme></cac:Party></cac:AccountingSupplierParty>
 <cac:AccountingCustomerParty><cac:Party><cac:PartyLegalEntity><cbc:RegistrationName>Kunde AG</cbc:RegistrationName></cac:PartyLegalEntity></cac:Party></cac:AccountingCustomerParty>
 <cac:LegalMonetaryTotal><cbc:TaxExclusiveAmount currencyID="EUR">100.00</cbc:TaxExclusiveAmount><cbc:TaxInclusiveAmount currencyID="EUR">119.00</cbc:TaxInclusiveAmount><cbc:PayableAmount currencyID="EUR">119.00</cbc:PayableAmount></cac:LegalMonetaryTotal>
 <cac:CreditNoteLine><cbc:ID>1</cbc:ID><cbc:CreditedQuantity unitCode="C62">2</cbc:CreditedQuantity><cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount>
  <cac:Item><cbc:Name>Returned lamps</cbc:Name></cac:Item><cac:Price><cbc:PriceAmount currencyID="EUR">50.00</cbc:PriceAmount></cac:Price></cac:CreditNoteLine>
</CreditNote>`

// With no declared types, a structured e-invoice is typed from its XML
// (invoice, the credit note named in the notes) and the built-in invoice
// schema is filled from it, values without boxes at confidence 1.
func TestEInvoiceFillsTheBuiltinInvoice(t *testing.T) {
	t.Parallel()
	req := &api.ExtractRequest{Files: []api.FileInput{{Filename: "cn.xml", Data: []byte(smallCreditNote)}}}
	res, err := newEngine(t).Run(context.Background(), "ext_einv", req)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Documents) != 1 {
		t.Fatalf("%d documents", len(res.Documents))
	}
	d := res.Documents[0]
	c := res.Files[0].Classification
	if d.Type != "invoice" || c == nil || c.Confidence != 1 || c.Notes == nil || !strings.Contains(*c.Notes, "credit note") {
		t.Fatalf("type %s, classification %+v", d.Type, c)
	}
	want := map[string]any{"invoice_number": "CN-12", "issue_date": "2025-04-02", "currency": "EUR", "vendor_name": "Nordlicht Handel GmbH",
		"vendor_tax_id": "DE123456789", "customer_name": "Kunde AG", "subtotal": 100.0, "total_amount": 119.0}
	got := fieldsByName(d)
	for k, v := range want {
		f := got[k]
		if f.Value != v || f.Confidence != 1 || f.BBox != nil {
			t.Errorf("%s = %v (confidence %v, box %v), want %v from the XML", k, f.Value, f.Confidence, f.BBox, v)
		}
	}
	rows, _ := got["line_items"].Value.([]api.ExtractedField)
	if len(rows) != 1 {
		t.Fatalf("line_items = %v", got["line_items"].Value)
	}
	members := map[string]any{}
	for _, m := range rows[0].Value.([]api.ExtractedField) {
		members[m.Name] = m.Value
	}
	if members["description"] != "Returned lamps" || members["quantity"] != 2.0 || members["unit_price"] != 50.0 || members["amount"] != 100.0 {
		t.Errorf("line = %v", members)
	}
}
