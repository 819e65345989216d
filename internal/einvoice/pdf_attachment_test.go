package einvoice

import (
	"bytes"
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
