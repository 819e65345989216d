package forensics

import (
	"bytes"
	"context"
	"crypto"
	"crypto/x509"
	"os/exec"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/quarrydev/quarry/internal/doc"
	"github.com/quarrydev/quarry/internal/fixture"
)

// Fixtures are built in code: a hand-written PDF whose content stream the
// test chooses byte for byte, incremental updates appended by hand, and a
// real CMS signature made with a throwaway self-signed certificate.

// handPDF writes a one-page US-letter PDF drawing content, with Helvetica
// as /F1, Courier as /F2, a 1x1 grey image as /Im1 and an information
// dictionary holding info (dictionary entries, may be "").
func handPDF(content, info string) []byte {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R " +
			"/Resources << /Font << /F1 5 0 R /F2 8 0 R >> /XObject << /Im1 6 0 R >> >> >>",
		streamObj("", content),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
		streamObj("/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8", "\x80"),
		"<< " + info + " >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>",
	}
	return fixture.RawPDF(objs)
}

func streamObj(dict, data string) string { return fixture.StreamObject(dict, data) }

// appendUpdate appends an incremental update (see fixture.AppendUpdate).
func appendUpdate(base []byte, objs map[int]string) []byte { return fixture.AppendUpdate(base, objs) }

// layoutOf reads a PDF's words with pdftotext, as the ingest reader does;
// the test is skipped where Poppler is missing.
func layoutOf(t *testing.T, data []byte) *doc.Layout {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	cmd := exec.Command("pdftotext", "-bbox", "-", "-")
	cmd.Stdin = bytes.NewReader(data)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	b := doc.NewBuilder()
	pageRe := regexp.MustCompile(`<page width="([\d.]+)" height="([\d.]+)">|<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)</word>|</page>`)
	var w, h float64
	n := 0
	for _, m := range pageRe.FindAllSubmatch(out, -1) {
		switch {
		case len(m[1]) > 0:
			w, _ = strconv.ParseFloat(string(m[1]), 64)
			h, _ = strconv.ParseFloat(string(m[2]), 64)
			n++
			b.StartPage(doc.Page{Number: n, Width: w, Height: h, Source: doc.SourcePDFText})
		case len(m[3]) > 0:
			f := func(i int) float64 { v, _ := strconv.ParseFloat(string(m[i]), 64); return v }
			b.AddWordBytes(m[7], doc.Box{X0: f(3) / w, Y0: f(4) / h, X1: f(5) / w, Y1: f(6) / h}, 1)
		default:
			b.EndLine()
			b.EndPage()
		}
	}
	return b.Layout()
}

// analyzeBytes runs Analyze on a PDF with its pdftotext layout.
func analyzeBytes(t *testing.T, data []byte) *Report {
	t.Helper()
	return Analyze(context.Background(), Input{Name: "t.pdf", Data: data, Layout: layoutOf(t, data),
		Now: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)})
}

func checkNamed(t *testing.T, r *Report, name string) Check {
	t.Helper()
	for _, c := range r.Checks {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no check %q among %+v", name, r.Checks)
	return Check{}
}

func testSigner() (*x509.Certificate, crypto.Signer) { return fixture.TestSigner() }

// fpdfInvoice writes a small invoice with go-pdf/fpdf.
func fpdfInvoice(t *testing.T) []byte {
	t.Helper()
	f := fpdf.New("P", "mm", "A4", "")
	f.SetCompression(false)
	f.AddPage()
	f.SetFont("Helvetica", "", 12)
	f.Text(20, 30, "Invoice INV-2026-0042")
	f.Text(20, 40, "Total due: 1234.56 EUR")
	var b bytes.Buffer
	if err := f.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// signPDF signs data with the test certificate (PAdES).
func signPDF(t *testing.T, data []byte) []byte {
	t.Helper()
	out, err := fixture.SignPDF(data)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
