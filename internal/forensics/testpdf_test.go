package forensics

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"os/exec"
	"regexp"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/digitorus/pdf"
	"github.com/digitorus/pdfsign/sign"
	"github.com/go-pdf/fpdf"

	"github.com/quarrydev/quarry/internal/doc"
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
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R /Info 7 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

func streamObj(dict, data string) string {
	return fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data)
}

var (
	rootRe = regexp.MustCompile(`/Root (\d+) 0 R`)
	infoRe = regexp.MustCompile(`/Info (\d+) 0 R`)
	sizeRe = regexp.MustCompile(`/Size (\d+)`)
)

func lastMatch(b []byte, re *regexp.Regexp) string {
	all := re.FindAllSubmatch(b, -1)
	if len(all) == 0 {
		return "0"
	}
	return string(all[len(all)-1][1])
}

var startxrefRe = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)

// appendUpdate appends an incremental update writing objs (number ->
// body) after base, as an editor saving in place does.
func appendUpdate(base []byte, objs map[int]string) []byte {
	m := startxrefRe.FindSubmatch(base)
	prev, _ := strconv.Atoi(string(m[1]))
	b := bytes.NewBuffer(append([]byte{}, base...))
	if base[len(base)-1] != '\n' {
		b.WriteByte('\n')
	}
	maxNum := 0
	offsets := map[int]int{}
	for n := 1; n <= 64; n++ {
		o, ok := objs[n]
		if !ok {
			continue
		}
		offsets[n] = b.Len()
		fmt.Fprintf(b, "%d 0 obj\n%s\nendobj\n", n, o)
		maxNum = n
	}
	xref := b.Len()
	b.WriteString("xref\n")
	for n := 1; n <= maxNum; n++ {
		if off, ok := offsets[n]; ok {
			fmt.Fprintf(b, "%d 1\n%010d 00000 n \n", n, off)
		}
	}
	// The trailer keeps the base's catalog, info and size.
	root, info, size := lastMatch(base, rootRe), lastMatch(base, infoRe), atoi(lastMatch(base, sizeRe))
	fmt.Fprintf(b, "trailer\n<< /Size %d /Root %s 0 R /Info %s 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n", max(maxNum+1, size), root, info, prev, xref)
	return b.Bytes()
}

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

// testSigner is a self-signed RSA certificate made once per test binary.
var testSigner = sync.OnceValues(func() (*x509.Certificate, crypto.Signer) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(42),
		Subject:      pkix.Name{CommonName: "Quarry Test Signer", Organization: []string{"Quarry"}},
		NotBefore:    time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:     time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		panic(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		panic(err)
	}
	return cert, key
})

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

// signPDF signs data with the test certificate (PAdES, ETSI.CAdES.detached
// via pdfsign's approval signature).
func signPDF(t *testing.T, data []byte) []byte {
	t.Helper()
	cert, key := testSigner()
	rdr, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("reading the PDF to sign: %v", err)
	}
	var out bytes.Buffer
	err = sign.Sign(bytes.NewReader(data), &out, rdr, int64(len(data)), sign.SignData{
		Signature: sign.SignDataSignature{
			Info:     sign.SignDataSignatureInfo{Name: "Quarry Test Signer", Reason: "test", Date: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)},
			CertType: sign.ApprovalSignature,
		},
		DigestAlgorithm: crypto.SHA256,
		Signer:          key,
		Certificate:     cert,
	})
	if err != nil {
		t.Fatalf("signing: %v", err)
	}
	return out.Bytes()
}
