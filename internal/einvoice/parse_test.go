package einvoice

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseSyntaxes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		doc    []byte
		syntax Syntax
		format string
		want   map[string]string // a subset of Fields()
	}{
		{"UBLInvoice", []byte(ublInvoice), SyntaxUBL, FormatPeppolBIS, map[string]string{
			"document_kind": "invoice", "type_code": "380", "invoice_number": "INV-7",
			"issue_date": "2024-03-01", "due_date": "2024-03-31", "currency": "EUR",
			"buyer_reference": "REF-1", "payment_terms": "30 days net",
			"seller_name": "Acme Trading GmbH", "seller_vat_id": "DE000000001", "seller_tax_id": "201/113/40209",
			"seller_legal_id": "HRB 1", "seller_address": "Main Street 1, Back door", "seller_city": "Springfield",
			"seller_country": "DE", "seller_email": "jo@example.com",
			"buyer_name": "Buyer Ltd", "buyer_vat_id": "FR00000000002",
			"line_total": "100", "total_without_vat": "100", "total_vat": "19", "total_with_vat": "119",
			"prepaid_amount": "10", "amount_due": "109",
			"iban": "DE02120300000000202051", "bic": "BYLADEM1001", "payment_reference": "PAY-7", "line_count": "1",
		}},
		{"UBLCreditNote", []byte(ublCreditNote), SyntaxUBL, FormatXRechnungUBL, map[string]string{
			"document_kind": "credit_note", "type_code": "381", "invoice_number": "CN-1",
			"due_date": "2024-05-01", "seller_name": "Ada Lovelace",
			"total_without_vat": "10", "total_vat": "1.9", "total_with_vat": "11.9", "amount_due": "11.9",
		}},
		{"UBLTR", []byte(ublTR), SyntaxUBL, FormatUBLTR, map[string]string{
			"type_code": "SATIS", "currency": "TRY", "seller_name": "Örnek Ticaret A.Ş.",
			"seller_vat_id": "1234567890", "seller_tax_id": "1234567890",
			"buyer_name": "Ayşe Yılmaz", "buyer_vat_id": "10000000146",
			"total_vat": "18", "total_with_vat": "118", "amount_due": "109",
		}},
		{"CII", []byte(ciiInvoice), SyntaxCII, FormatFacturX, map[string]string{
			"invoice_number": "C-42", "issue_date": "2024-03-05", "due_date": "2024-03-19",
			"currency": "EUR", "payment_terms": "Net 14",
			"seller_name": "Bolt Works AG", "seller_vat_id": "DE000000002", "seller_tax_id": "12/345/67890",
			"seller_legal_id": "HRB 2", "seller_address": "Weg 5", "seller_postal_code": "10115",
			"seller_phone": "+49 2", "buyer_name": "Shop KG",
			"total_without_vat": "100", "total_vat": "7", "total_with_vat": "107", "amount_due": "107",
			"iban": "DE75512108001245126199", "bic": "SOGEDEFFXXX", "line_count": "1",
		}},
		{"ZUGFeRD1", []byte(zugferd1Invoice), SyntaxZUGFeRD1, FormatZUGFeRD1, map[string]string{
			"invoice_number": "Z1-9", "issue_date": "2016-01-02", "seller_vat_id": "DE000000003",
			"buyer_name": "Old Buyer", "total_vat": "3.8", "amount_due": "23.8", "line_count": "1",
		}},
		{"FatturaPAWindows1252", toWindows1252(t, fatturaPA1252), SyntaxFatturaPA, FormatFatturaPA, map[string]string{
			"document_kind": "credit_note", "type_code": "TD04", "invoice_number": "NC/3",
			"issue_date": "2024-02-10", "due_date": "2024-03-10", "currency": "EUR", "payment_terms": "TP01",
			"seller_name": "Società Esempio S.r.l.", "seller_vat_id": "IT01234567890", "seller_tax_id": "01234567890",
			"seller_address": "Via Roma 1", "buyer_name": "Mario Rossi", "buyer_tax_id": "RSSMRA80A01H501U",
			"total_without_vat": "110", "total_vat": "22.4", "total_with_vat": "134.2", "amount_due": "132.6",
			"iban": "IT60X0542811101000000123456", "line_count": "2",
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			inv := mustParse(t, tc.doc)
			if inv.Syntax != tc.syntax || inv.Format != tc.format {
				t.Errorf("syntax/format = %s/%s, want %s/%s", inv.Syntax, inv.Format, tc.syntax, tc.format)
			}
			got := inv.Fields()
			for k, v := range tc.want {
				if got[k] != v {
					t.Errorf("Fields()[%q] = %q, want %q", k, got[k], v)
				}
			}
		})
	}
}

func TestUBLDetails(t *testing.T) {
	t.Parallel()
	inv := mustParse(t, []byte(ublInvoice))
	if got, want := inv.Notes, []string{"First note wrapped"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Notes = %q, want %q", got, want)
	}
	// The TaxTotal in the tax currency comes first and must not win.
	if inv.Totals.VAT.Raw != "19.00" || len(inv.TaxBreakdown) != 1 || inv.TaxBreakdown[0].Rate.Value != "19" {
		t.Errorf("VAT = %+v, breakdown %+v", inv.Totals.VAT, inv.TaxBreakdown)
	}
	want := Line{
		ID: "1", Name: "Consulting", Description: "Hours of consulting",
		Quantity: Amount{"2.500", "2.5"}, Unit: "HUR", UnitPrice: Amount{"40.00", "40"},
		LineAmount: Amount{"100.00", "100"}, VATCategory: "S", VATRate: Amount{"19", "19"},
	}
	if len(inv.Lines) != 1 || !reflect.DeepEqual(inv.Lines[0], want) {
		t.Errorf("Lines = %+v, want [%+v] (sub-lines are not lines)", inv.Lines, want)
	}
	if len(inv.Attachments) != 1 {
		t.Fatalf("Attachments = %+v", inv.Attachments)
	}
	a := inv.Attachments[0]
	// The filename is stripped of its path: it names a fan-out member.
	if a.Filename != "sheet.txt" || a.MIME != "text/plain" || string(a.Data) != "hello world" || a.Description != "Timesheet" {
		t.Errorf("attachment = %+v data %q", a, a.Data)
	}
	if inv.Seller.Endpoint != (ID{"0088", "7300010000001"}) || inv.Seller.TradingName != "Acme Trading" {
		t.Errorf("seller endpoint/trading name = %+v / %q", inv.Seller.Endpoint, inv.Seller.TradingName)
	}
}

func TestUBLTRDetails(t *testing.T) {
	t.Parallel()
	inv := mustParse(t, []byte(ublTR))
	// The signatory's VKN sits outside the parties and must not leak in.
	wantTax := []ID{{"VKN", "1234567890"}}
	if !reflect.DeepEqual(inv.Seller.TaxIDs, wantTax) {
		t.Errorf("seller TaxIDs = %+v, want %+v", inv.Seller.TaxIDs, wantTax)
	}
	if inv.Buyer.TaxIDs[0].Scheme != "TCKN" {
		t.Errorf("buyer TaxIDs = %+v", inv.Buyer.TaxIDs)
	}
	if len(inv.Lines) != 1 || inv.Lines[0].VATRate.Value != "18" {
		t.Errorf("line VAT rate from the line's TaxSubtotal: %+v", inv.Lines)
	}
	if len(inv.Attachments) != 1 || string(inv.Attachments[0].Data) != "<xsl/>" || inv.Attachments[0].Filename != "view.xslt" {
		t.Errorf("attachments = %+v", inv.Attachments)
	}
}

func TestCIIDetails(t *testing.T) {
	t.Parallel()
	inv := mustParse(t, []byte(ciiInvoice))
	if len(inv.Lines) != 1 {
		t.Fatalf("a free-text item is not a line: %+v", inv.Lines)
	}
	l := inv.Lines[0]
	if l.Name != "Bolts" || l.Description != "M8 steel" || l.UnitPrice.Raw != "0.5000" || l.Quantity.Value != "200" || l.Unit != "H87" || l.VATRate.Value != "7" {
		t.Errorf("line = %+v", l)
	}
	if len(inv.Attachments) != 1 || string(inv.Attachments[0].Data) != "%PDF-1.4\n" || inv.Attachments[0].MIME != "application/pdf" {
		t.Errorf("attachments = %+v", inv.Attachments)
	}
	if inv.TaxCurrency != "USD" || inv.Totals.VAT.Raw != "7.00" {
		t.Errorf("BT-110 must be the invoice-currency TaxTotalAmount: %+v", inv.Totals.VAT)
	}
}

func TestFatturaPADetails(t *testing.T) {
	t.Parallel()
	inv := mustParse(t, toWindows1252(t, fatturaPA1252))
	// Sums keep the widest scale of their terms, as written on paper.
	if inv.Totals.WithoutVAT.Raw != "110.00" || inv.Totals.VAT.Raw != "22.40" || inv.Totals.Due.Raw != "132.60" {
		t.Errorf("totals = %+v", inv.Totals)
	}
	if inv.Lines[0].Name != "Caffè" {
		t.Errorf("windows-1252 text decoded as %q", inv.Lines[0].Name)
	}
	if inv.Buyer.VATID != "" {
		t.Errorf("a Codice Fiscale is not a VAT id: %q", inv.Buyer.VATID)
	}
	if len(inv.Attachments) != 1 || inv.Attachments[0].MIME != "application/pdf" || string(inv.Attachments[0].Data) != "%PDF-1.7\n" {
		t.Errorf("attachments = %+v", inv.Attachments)
	}
}

// TestMissingOptionalParts: a bare document with only its root and number
// yields an Invoice with empty values, never a panic or an error.
func TestMissingOptionalParts(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, doc, number string }{
		{"UBL", `<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"><cbc:ID>1</cbc:ID></Invoice>`, "1"},
		{"UBLCreditNote", `<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"/>`, ""},
		{"CII", `<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"/>`, ""},
		{"ZUGFeRD1", `<CrossIndustryDocument xmlns="urn:ferd:CrossIndustryDocument:invoice:1p0"/>`, ""},
		{"FatturaPA", `<p:FatturaElettronica xmlns:p="http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2"><FatturaElettronicaBody><DatiGenerali><DatiGeneraliDocumento><Numero>7</Numero></DatiGeneraliDocumento></DatiGenerali></FatturaElettronicaBody></p:FatturaElettronica>`, "7"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			inv := mustParse(t, []byte(tc.doc))
			if inv.Number != tc.number || len(inv.Lines) != 0 || !inv.Totals.Due.IsZero() || inv.Totals.VAT.Value != "" {
				t.Errorf("got %+v", inv)
			}
			f := inv.Fields()
			if _, ok := f["total_vat"]; ok {
				t.Errorf("an absent total must not appear in Fields: %v", f)
			}
		})
	}
}

func TestUBLDueDateFromPaymentTerms(t *testing.T) {
	t.Parallel()
	doc := `<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">` +
		`<cac:PaymentTerms><cbc:Note>net</cbc:Note><cbc:PaymentDueDate>2024-06-30</cbc:PaymentDueDate></cac:PaymentTerms></Invoice>`
	if got := mustParse(t, []byte(doc)).DueDate; got != "2024-06-30" {
		t.Errorf("DueDate = %q", got)
	}
}

func TestCollapseSpace(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"  a \t\r\n b  ":     "a b",
		"Acme\u00a0GmbH":     "Acme GmbH",
		"x\u2009\u3000y":     "x y",
		"":                   "",
		" \n ":               "",
		"Örnek  Ticaret A.Ş": "Örnek Ticaret A.Ş",
	} {
		if got := collapseSpace([]byte(in)); got != want {
			t.Errorf("collapseSpace(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestUBLTaxTotals: BT-110 is the first TaxTotal in the document currency;
// the breakdown gathers the subtotals of every such TaxTotal (UBL-TR gives
// one per tax type) and none of the tax-currency one.
func TestUBLTaxTotals(t *testing.T) {
	t.Parallel()
	sub := func(cur, base, amt, pct string) string {
		return `<cac:TaxSubtotal><cbc:TaxableAmount currencyID="` + cur + `">` + base + `</cbc:TaxableAmount><cbc:TaxAmount currencyID="` + cur + `">` + amt + `</cbc:TaxAmount><cbc:Percent>` + pct + `</cbc:Percent><cac:TaxCategory><cac:TaxScheme><cbc:TaxTypeCode>0015</cbc:TaxTypeCode></cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal>`
	}
	doc := `<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">` +
		`<cbc:DocumentCurrencyCode>TRY</cbc:DocumentCurrencyCode>` +
		`<cac:TaxTotal><cbc:TaxAmount currencyID="USD">5.00</cbc:TaxAmount>` + sub("USD", "25", "5.00", "20") + `</cac:TaxTotal>` +
		`<cac:TaxTotal><cbc:TaxAmount currencyID="TRY">20.00</cbc:TaxAmount>` + sub("TRY", "100", "20.00", "20") + `</cac:TaxTotal>` +
		`<cac:TaxTotal><cbc:TaxAmount currencyID="TRY">7.50</cbc:TaxAmount>` + sub("TRY", "100", "7.50", "7.5") + `</cac:TaxTotal>` +
		`</Invoice>`
	inv := mustParse(t, []byte(doc))
	if inv.Totals.VAT.Raw != "20.00" {
		t.Errorf("BT-110 = %+v, want the first TRY TaxTotal", inv.Totals.VAT)
	}
	var rates []string
	for _, st := range inv.TaxBreakdown {
		rates = append(rates, st.Rate.Value+"/"+st.Scheme)
	}
	if want := []string{"20/0015", "7.5/0015"}; !reflect.DeepEqual(rates, want) {
		t.Errorf("breakdown = %v, want %v", rates, want)
	}
}

func TestSBDHEnvelope(t *testing.T) {
	t.Parallel()
	wrap := func(payload string) string {
		return `<?xml version="1.0" encoding="UTF-8"?><StandardBusinessDocument xmlns="http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader">` +
			`<StandardBusinessDocumentHeader><HeaderVersion>1.0</HeaderVersion><Sender><Identifier Authority="iso6523-actorid-upis">0088:1</Identifier></Sender></StandardBusinessDocumentHeader>` +
			payload + `</StandardBusinessDocument>`
	}
	body := strings.TrimPrefix(ublInvoice, `<?xml version="1.0" encoding="UTF-8"?>`)
	doc := wrap(body)
	if s, ok := Detect([]byte(doc[:900])); !ok || s != SyntaxUBL {
		t.Errorf("Detect = %q, %v", s, ok)
	}
	inv := mustParse(t, []byte(doc))
	if inv.Envelope != EnvelopeSBDH || inv.Number != "INV-7" || inv.Format != FormatPeppolBIS {
		t.Errorf("envelope %q number %q format %q", inv.Envelope, inv.Number, inv.Format)
	}
	if _, err := Parse(strings.NewReader(wrap("<Other/>")), Limits{}); !errors.Is(err, ErrNotInvoice) {
		t.Errorf("an envelope without an invoice: %v", err)
	}
	if _, ok := Detect([]byte(wrap("<Other/>"))); ok {
		t.Error("Detect accepted an envelope without an invoice")
	}
}

func TestParseAllFatturaPALotto(t *testing.T) {
	t.Parallel()
	i := strings.Index(fatturaPA1252, "<FatturaElettronicaBody>")
	j := strings.Index(fatturaPA1252, "</p:FatturaElettronica>")
	second := strings.Replace(fatturaPA1252[i:j], "<Numero>NC/3</Numero>", "<Numero>NC/4</Numero>", 1)
	doc := toWindows1252(t, fatturaPA1252[:j]+second+fatturaPA1252[j:])
	all, err := ParseAll(bytes.NewReader(doc), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || all[0].Number != "NC/3" || all[1].Number != "NC/4" || all[1].Seller.Name != "Società Esempio S.r.l." {
		t.Fatalf("ParseAll gave %d invoices: %+v", len(all), all)
	}
	if inv := mustParse(t, doc); inv.Number != "NC/3" {
		t.Errorf("Parse gave %q, want the first body", inv.Number)
	}
	one, err := ParseAll(strings.NewReader(ublInvoice), Limits{})
	if err != nil || len(one) != 1 || one[0].Number != "INV-7" {
		t.Errorf("ParseAll(UBL) = %v, %v", one, err)
	}
}
