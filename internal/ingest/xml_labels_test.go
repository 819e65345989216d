package ingest

import (
	"context"
	"strings"
	"testing"
)

// XML that is not an e-invoice keeps its element names as labels, so the
// extractor can find "Order Number: PO-77" like any labelled value.
func TestXMLElementNamesBecomeLabels(t *testing.T) {
	t.Parallel()
	src := `<?xml version="1.0"?>
<order xmlns:x="urn:example">
  <x:OrderNumber>PO-77</x:OrderNumber>
  <TotalAmount currencyID="EUR">12.50</TotalAmount>
  <buyer_name>Kunde AG</buyer_name>
  <note>Deliver <b>before</b> noon</note>
</order>`
	files, err := NewLoader(DefaultLimits(), Engines{}).Load(context.Background(), Input{Name: "order.xml", Data: []byte(src)})
	if err != nil {
		t.Fatal(err)
	}
	text := files[0].Layout.Text
	for _, want := range []string{"Order Number: PO-77", "Total Amount: 12.50 EUR", "Buyer name: Kunde AG", "before"} {
		if !strings.Contains(text, want) {
			t.Errorf("layout text lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Note: Deliver") {
		t.Errorf("mixed content is not a leaf value:\n%s", text)
	}
}

func TestLabelOf(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"PayableAmount": "Payable Amount", "payable_amount": "Payable amount", "ID": "ID",
		"IBANCode": "IBANCode", "issue-date": "Issue date", "VKN2": "VKN2", "taxID": "Tax ID",
	} {
		if got := labelOf(in); got != want {
			t.Errorf("labelOf(%q) = %q, want %q", in, got, want)
		}
	}
}
