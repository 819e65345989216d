package ingest

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/fixture"
)

// ublWithAttachment is a minimal UBL invoice of our own carrying one
// embedded text file, with a comment before the root (which makes the
// generic type detector guess HTML).
func ublWithAttachment(attachment string) []byte {
	return []byte(fmt.Sprintf(`<!-- a licence comment -->
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
 <cbc:ID>INV-7</cbc:ID><cbc:IssueDate>2025-03-01</cbc:IssueDate><cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
 <cac:AdditionalDocumentReference><cbc:ID>att</cbc:ID><cac:Attachment>
  <cbc:EmbeddedDocumentBinaryObject mimeCode="text/plain" filename="notes.txt">%s</cbc:EmbeddedDocumentBinaryObject>
 </cac:Attachment></cac:AdditionalDocumentReference>
 <cac:LegalMonetaryTotal><cbc:PayableAmount currencyID="EUR">12.50</cbc:PayableAmount></cac:LegalMonetaryTotal>
</Invoice>`, base64.StdEncoding.EncodeToString([]byte(attachment))))
}

func TestEInvoiceXMLIsReadWithItsAttachments(t *testing.T) {
	t.Parallel()
	note := "Delivery note for the goods " + strings.Repeat("in three boxes ", 100)
	files, err := NewLoader(DefaultLimits(), Engines{}).Load(context.Background(), Input{Name: "inv.xml", Data: ublWithAttachment(note)})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 2 {
		t.Fatalf("got %d files, want the invoice and its attachment", len(files))
	}
	inv := files[0]
	if inv.MediaType != "application/xml" || inv.EInvoice == nil {
		t.Fatalf("first file %s (%s) carries no e-invoice", inv.Name, inv.MediaType)
	}
	if got := inv.EInvoice.Fields()["amount_due"]; got != "12.50" && got != "12.5" {
		t.Errorf("amount_due = %q", got)
	}
	if strings.Contains(inv.Layout.Text, base64.StdEncoding.EncodeToString([]byte(note))[:64]) {
		t.Error("the attachment's base64 is read as words of the invoice")
	}
	att := files[1]
	if att.Name != "inv.xml/notes.txt" || !strings.Contains(att.Layout.Text, "Delivery note") || att.EInvoice != nil {
		t.Errorf("attachment = %s %q", att.Name, att.Layout.Text[:min(40, len(att.Layout.Text))])
	}
}

func TestIsBlob(t *testing.T) {
	t.Parallel()
	b64 := base64.StdEncoding.EncodeToString([]byte(strings.Repeat("binary\x00\x01", 400)))
	wrapped := ""
	for i := 0; i < len(b64); i += 76 {
		wrapped += b64[i:min(i+76, len(b64))] + "\n"
	}
	prose := strings.Repeat("words of a long note ", 100)
	for _, c := range []struct {
		name string
		in   string
		want bool
	}{
		{"one-line base64", b64, true}, {"MIME-wrapped base64", wrapped, true},
		{"prose", prose, false}, {"short base64", b64[:100], false},
	} {
		if got := isBlob([]byte(c.in)); got != c.want {
			t.Errorf("%s: isBlob = %v", c.name, got)
		}
	}
}

// TestPDFMayCarryInvoice: an empty list of embedded files, which some
// writers put in every PDF, does not send a PDF to the attachment
// reader; any other mention of an embedded file does.
func TestPDFMayCarryInvoice(t *testing.T) {
	t.Parallel()
	cases := []struct {
		pdf  string
		want bool
	}{
		{"<< /Type /Catalog /Pages 1 0 R >>", false},
		{"/Names <<\n/EmbeddedFiles << /Names [\n  \n] >>\n>>", false},
		{"/Names<</EmbeddedFiles<</Names[]>>>>", false},
		{"/EmbeddedFiles << /Names [] >> 7 0 obj << /Type /EmbeddedFile >>", true},
		{"/EmbeddedFiles << /Names [(factur-x.xml) 12 0 R] >>", true},
		{"/EmbeddedFiles 32 0 R", true},
		{"/EmbeddedFiles << /Kids [4 0 R] >>", true},
		{"<< /Type /EmbeddedFile /Subtype /text#2Fxml >>", true},
		{"/EmbeddedFiles << /Names [", true}, // cut short: let the reader decide
	}
	for _, c := range cases {
		if got := pdfMayCarryInvoice([]byte(c.pdf)); got != c.want {
			t.Errorf("pdfMayCarryInvoice(%q) = %v, want %v", c.pdf, got, c.want)
		}
	}
	fpdf, _ := fixture.TextPDF([][]string{{"no attachments here"}})
	if !bytes.Contains(fpdf, []byte("/EmbeddedFiles")) {
		t.Fatal("the fixture no longer writes an empty list; this test lost its real case")
	}
	if pdfMayCarryInvoice(fpdf) {
		t.Error("an fpdf PDF without attachments goes to the attachment reader")
	}
	hybrids, _ := filepath.Glob("../../../shared/corpus/einvoices/zugferd/*.pdf")
	if len(hybrids) == 0 {
		t.Skip("corpus not found")
	}
	for _, name := range hybrids {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !pdfMayCarryInvoice(data) {
			t.Errorf("%s carries an e-invoice but is not sent to the attachment reader", filepath.Base(name))
		}
	}
}
