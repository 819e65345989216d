package einvoice

import (
	"bytes"
	"compress/zlib"
	"errors"
	"testing"

	"github.com/go-pdf/fpdf"
)

// hybridPDF builds a one-page PDF whose EmbeddedFiles carry the given files.
func hybridPDF(t *testing.T, files ...fpdf.Attachment) []byte {
	t.Helper()
	pdf := fpdf.New("P", "pt", "A4", "")
	pdf.AddPage()
	pdf.SetFont("Helvetica", "", 12)
	pdf.Cell(100, 20, "Invoice")
	pdf.SetAttachments(files)
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestFromPDF(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		files   []fpdf.Attachment
		number  string
		format  string
		wantErr error
	}{
		{"FacturX", []fpdf.Attachment{{Content: []byte(ciiInvoice), Filename: "factur-x.xml"}}, "C-42", FormatFacturX, nil},
		// The prescribed name wins over an XML attached before it.
		{"PrescribedNameFirst", []fpdf.Attachment{
			{Content: []byte(ublCreditNote), Filename: "other.xml"},
			{Content: []byte(zugferd1Invoice), Filename: "ZUGFeRD-invoice.xml"},
		}, "Z1-9", FormatZUGFeRD1, nil},
		{"AnyInvoiceXML", []fpdf.Attachment{
			{Content: []byte("not xml at all"), Filename: "readme.txt"},
			{Content: []byte(ublInvoice), Filename: "invoice.xml"},
		}, "INV-7", FormatPeppolBIS, nil},
		{"NoInvoiceXML", []fpdf.Attachment{{Content: []byte("<html/>"), Filename: "factur-x.xml"}}, "", "", ErrNotInvoice},
		{"NoAttachments", nil, "", "", ErrNotInvoice},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			pdf := hybridPDF(t, tc.files...)
			inv, xml, err := FromPDF(bytes.NewReader(pdf), int64(len(pdf)), Limits{})
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) || inv != nil {
					t.Fatalf("FromPDF = %v, %v; want %v", inv, err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if inv.Number != tc.number || inv.Format != tc.format {
				t.Errorf("number/format = %q/%q, want %q/%q", inv.Number, inv.Format, tc.number, tc.format)
			}
			if _, ok := Detect(xml); !ok {
				t.Errorf("returned XML is not the invoice: %.60q", xml)
			}
		})
	}
}

func TestFromPDFRefuses(t *testing.T) {
	t.Parallel()
	good := hybridPDF(t, fpdf.Attachment{Content: []byte(ciiInvoice), Filename: "factur-x.xml"})
	cases := []struct {
		name   string
		data   []byte
		limits Limits
		want   error
	}{
		{"Garbage", []byte("this is not a pdf"), Limits{}, ErrMalformed},
		{"Empty", nil, Limits{}, ErrMalformed},
		{"Truncated", good[:len(good)/3], Limits{}, nil}, // any error, no panic
		{"TooLarge", good, Limits{MaxBytes: 100}, ErrTooLarge},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			inv, _, err := FromPDF(bytes.NewReader(tc.data), int64(len(tc.data)), tc.limits)
			if err == nil || inv != nil || (tc.want != nil && !errors.Is(err, tc.want)) {
				t.Errorf("FromPDF = %v, %v; want error %v", inv, err, tc.want)
			}
		})
	}
}

// TestFromPDFDamaged: a PDF whose cross-reference data is gone still
// gives up its invoice, through pdfcpu's repair or the stream scan.
func TestFromPDFDamaged(t *testing.T) {
	t.Parallel()
	pdf := hybridPDF(t, fpdf.Attachment{Content: []byte(ciiInvoice), Filename: "factur-x.xml"})
	x := bytes.LastIndex(pdf, []byte("xref"))
	if x < 0 {
		t.Fatal("fixture has no xref")
	}
	broken := append(append([]byte(nil), pdf[:x]...), []byte("garbage\n%%EOF\n")...)
	inv, _, err := FromPDF(bytes.NewReader(broken), int64(len(broken)), Limits{})
	if err != nil || inv.Number != "C-42" {
		t.Fatalf("FromPDF on a PDF without xref = %v, %v", inv, err)
	}
}

func TestScanPDFStreams(t *testing.T) {
	t.Parallel()
	var bomb bytes.Buffer
	zw := zlib.NewWriter(&bomb)
	zw.Write(bytes.Repeat([]byte(" "), 32<<20)) // 32 MB of spaces before any root
	zw.Write([]byte(ublCreditNote))
	zw.Close()
	cases := []struct {
		name string
		pdf  string
		want string // the invoice number found, "" for none
	}{
		{"Uncompressed", "%PDF-1.4\n1 0 obj\n<< /Type /EmbeddedFile /Length 99 >>\nstream\n" + ublCreditNote + "\nendstream\nendobj\n", "CN-1"},
		{"CRLF", "%PDF-1.4\r\n1 0 obj\r\n<< /Type /EmbeddedFile >>\r\nstream\r\n" + zugferd1Invoice + "\r\nendstream\r\n", "Z1-9"},
		{"SkipsNonInvoiceStreams", "%PDF-1.4\n1 0 obj\n<< /Length 5 >>\nstream\nBT ET\nendstream\nendobj\n2 0 obj\n<< /Type /EmbeddedFile >>\nstream\n" + ciiInvoice + "\nendstream\n", "C-42"},
		{"StreamInsideAName", "%PDF-1.7\n9 0 obj\n<</Type /EmbeddedFile /Filter /FlateDecode /Subtype /application#2Foctet-stream>>stream\n" + deflate(t, ciiInvoice) + "\nendstream\n", "C-42"},
		{"OtherFilter", "%PDF-1.4\n1 0 obj\n<< /Filter /ASCIIHexDecode >>\nstream\n" + ublCreditNote + "\nendstream\n", ""},
		{"StreamKeywordWithoutEOL", "%PDF-1.4 stream" + ublCreditNote, ""},
		// Sniffing inflates only a head, so the root past 32 MB of
		// spaces is never reached and the bomb costs 64 KiB.
		{"CompressionBomb", "%PDF-1.4\n1 0 obj\n<< /Filter /FlateDecode >>\nstream\n" + bomb.String() + "\nendstream\n", ""},
		{"Empty", "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			data := scanPDFStreams([]byte(tc.pdf), 1<<20, 1<<20)
			got := ""
			if data != nil {
				inv, err := Parse(bytes.NewReader(data), Limits{})
				if err != nil {
					t.Fatalf("scanned stream does not parse: %v", err)
				}
				got = inv.Number
			}
			if got != tc.want {
				t.Errorf("found %q, want %q", got, tc.want)
			}
		})
	}
}

func deflate(t *testing.T, s string) string {
	t.Helper()
	var b bytes.Buffer
	zw := zlib.NewWriter(&b)
	if _, err := zw.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
