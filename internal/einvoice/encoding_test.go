package einvoice

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/text/encoding/unicode"
)

func TestUTF16Input(t *testing.T) {
	t.Parallel()
	doc := strings.Replace(ublTR, `encoding="UTF-8"`, `encoding="UTF-16"`, 1)
	for _, tc := range []struct {
		name  string
		order unicode.Endianness
	}{{"LittleEndian", unicode.LittleEndian}, {"BigEndian", unicode.BigEndian}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			enc, err := unicode.UTF16(tc.order, unicode.UseBOM).NewEncoder().Bytes([]byte(doc))
			if err != nil {
				t.Fatal(err)
			}
			if s, ok := Detect(enc[:600]); !ok || s != SyntaxUBL {
				t.Errorf("Detect = %q, %v", s, ok)
			}
			inv, err := Parse(bytes.NewReader(enc), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if inv.Seller.Name != "Örnek Ticaret A.Ş." || inv.Number != "ABC2024000000001" {
				t.Errorf("seller %q number %q", inv.Seller.Name, inv.Number)
			}
		})
	}
}

func TestTRTaxIDWinsOverPartyTaxScheme(t *testing.T) {
	t.Parallel()
	doc := strings.Replace(ublTR, `<cac:PartyTaxScheme><cac:TaxScheme><cbc:Name>Merkez VD</cbc:Name></cac:TaxScheme></cac:PartyTaxScheme>`,
		`<cac:PartyTaxScheme><cbc:CompanyID>TR1111111111</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>`, 1)
	if doc == ublTR {
		t.Fatal("sample changed; the replacement no longer applies")
	}
	inv := mustParse(t, []byte(doc))
	if inv.Seller.VATID != "1234567890" {
		t.Errorf("VATID = %q, want the VKN", inv.Seller.VATID)
	}
	want := []ID{{"VKN", "1234567890"}, {"VAT", "TR1111111111"}}
	if len(inv.Seller.TaxIDs) != 2 || inv.Seller.TaxIDs[0] != want[0] || inv.Seller.TaxIDs[1] != want[1] {
		t.Errorf("TaxIDs = %+v, want %+v", inv.Seller.TaxIDs, want)
	}
}
