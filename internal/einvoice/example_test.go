package einvoice_test

import (
	"fmt"
	"strings"

	"github.com/quarrydev/quarry/internal/einvoice"
)

// The wiring a caller does: sniff, parse, take the concept fields, and fan
// the embedded files out like archive members.
func Example() {
	doc := `<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
 <cbc:ID>INV-1</cbc:ID>
 <cbc:IssueDate>2024-05-02</cbc:IssueDate>
 <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
 <cac:AdditionalDocumentReference><cbc:ID>1</cbc:ID><cac:Attachment>
  <cbc:EmbeddedDocumentBinaryObject mimeCode="text/plain" filename="note.txt">aGk=</cbc:EmbeddedDocumentBinaryObject>
 </cac:Attachment></cac:AdditionalDocumentReference>
 <cac:LegalMonetaryTotal><cbc:PayableAmount currencyID="EUR">119.00</cbc:PayableAmount></cac:LegalMonetaryTotal>
</Invoice>`
	syntax, ok := einvoice.Detect([]byte(doc))
	fmt.Println(syntax, ok)

	inv, err := einvoice.Parse(strings.NewReader(doc), einvoice.Limits{})
	if err != nil {
		fmt.Println(err)
		return
	}
	f := inv.Fields()
	fmt.Println(f["invoice_number"], f["issue_date"], f["amount_due"], inv.Totals.Due.Raw)
	for _, a := range inv.Attachments {
		fmt.Printf("%s %s %q\n", a.Filename, a.MIME, a.Data)
	}
	// Output:
	// ubl true
	// INV-1 2024-05-02 119 119.00
	// note.txt text/plain "hi"
}
