package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/draw"
	"image/jpeg"
	stdpng "image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/digitorus/pkcs7"
	"github.com/go-pdf/fpdf"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/api/wiretest"
	"github.com/quarrydev/quarry/internal/fixture"
)

// onlyDocument returns the one document a single-file run produced,
// extracted or discovered.
func onlyDocument(t *testing.T, res *api.ExtractionResult) api.Document {
	t.Helper()
	docs := append(append([]api.Document{}, res.Documents...), res.DiscoveredDocuments...)
	if len(docs) != 1 {
		t.Fatalf("%d documents, want 1", len(docs))
	}
	return docs[0]
}

func contentCheck(t *testing.T, c *api.ContentAuthenticity, name string) api.ContentCheck {
	t.Helper()
	for _, ch := range c.Checks {
		if ch.Name == name {
			return ch
		}
	}
	t.Fatalf("no check %q in %+v", name, c.Checks)
	return api.ContentCheck{}
}

func TestContentAuthenticityFlagsEditAfterSigning(t *testing.T) {
	t.Parallel()
	base, _ := fixture.TextPDF([][]string{{"Invoice INV-1 from Acme Trading Ltd", "Issue date 15 May 2025", "Total 10,00 EUR"}})
	signed, err := fixture.SignPDF(base)
	if err != nil {
		t.Fatal(err)
	}
	// The edit rewrites the page's content stream with the total changed,
	// as an editor saving in place does.
	contents := fixture.PageContentsObject(signed)
	m := regexp.MustCompile(`(?s)\b` + strconv.Itoa(contents) + ` 0 obj.*?stream\r?\n(.*?)\r?\nendstream`).FindSubmatch(signed)
	if m == nil || !bytes.Contains(m[1], []byte("10,00")) {
		t.Fatal("the page's content stream is not readable in the fixture")
	}
	edited := fixture.AppendUpdate(signed, map[int]string{
		contents: fixture.StreamObject("", string(bytes.Replace(m[1], []byte("10,00"), []byte("99,00"), 1))),
	})
	on := true
	cases := []struct {
		name, overall, afterSigning, evidence string
		data                                  []byte
	}{
		{"signed", "valid", "pass", "No change after signing", signed},
		{"edited after signing", "invalid", "fail", "replaced object " + strconv.Itoa(contents) + " (stream)", edited},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			req := &api.ExtractRequest{Files: []api.FileInput{{Filename: "inv.pdf", Data: tc.data}},
				Options: &api.Options{Stages: &api.StageToggles{ContentAuthenticity: &on}}}
			res, err := newEngine(t).Run(context.Background(), "ext_auth", req)
			if err != nil {
				t.Fatal(err)
			}
			if st := traceStatus(res)[StageContentAuthenticity]; st != api.TraceSuccess {
				t.Fatalf("content_authenticity %s, want success", st)
			}
			d := onlyDocument(t, res)
			c := d.Authenticity.Content
			if c == nil {
				t.Fatal("no content verdict")
			}
			if c.OverallIntegrityStatus != tc.overall || !c.EIDASDetected || strings.Join(c.EIDASFormats, ",") != "PAdES" {
				t.Errorf("overall %s, eidas %v %v", c.OverallIntegrityStatus, c.EIDASDetected, c.EIDASFormats)
			}
			after := contentCheck(t, c, "modified_after_signing")
			if after.Status != tc.afterSigning || after.Evidence == nil || !strings.Contains(*after.Evidence, tc.evidence) {
				t.Errorf("modified_after_signing %s: %v", after.Status, after.Evidence)
			}
			body, err := json.Marshal(res)
			if err != nil {
				t.Fatal(err)
			}
			wiretest.Validate(t, "ExtractionResult", body)
		})
	}
}

func TestContentAuthenticityIsOffByDefault(t *testing.T) {
	t.Parallel()
	res, err := newEngine(t).Run(context.Background(), "ext_off", pdfRequest(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range res.Pipeline.Trace {
		if (e.Node == StageContentAuthenticity || e.Node == StageVisualAuthenticity) && (e.Status != api.TraceSkipped || !strings.HasPrefix(e.Reason, "disabled by")) {
			t.Errorf("%s = %s (%s), want skipped by its default toggle", e.Node, e.Status, e.Reason)
		}
	}
	if d := onlyDocument(t, res); d.Authenticity != nil && d.Authenticity.Content != nil {
		t.Errorf("content verdict without the stage: %+v", d.Authenticity.Content)
	}
}

// notaryDeed writes a one-page deed with a "Firma del notario:" label
// and, when signed, a pen-like wavy stroke beside it.
func notaryDeed(t *testing.T, signed bool) []byte {
	t.Helper()
	f := fpdf.New("P", "pt", "A4", "")
	f.SetCompression(false)
	f.AddPage()
	f.SetFont("Helvetica", "", 12)
	f.Text(60, 120, "Escritura de poderes numero 1234")
	f.Text(60, 700, "Firma del notario:")
	if signed {
		f.SetDrawColor(20, 40, 180)
		f.SetLineWidth(1.5)
		for x := 0.0; x < 150; x += 2 {
			f.Line(180+x, 695+12*math.Sin(x/9), 182+x, 695+12*math.Sin((x+2)/9))
		}
	}
	var b bytes.Buffer
	if err := f.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestVisualAuthenticityLooksForTheDeclaredMark(t *testing.T) {
	t.Parallel()
	e := newEngine(t)
	if e.caps.Tools.PDFToPPM == "" {
		t.Skip("pdftoppm not installed")
	}
	on := true
	spec := api.DocumentTypeSpec{ID: "escritura_poderes",
		FieldGroups:  []api.FieldGroup{{Name: "deed", Fields: []api.Field{{Name: "numero", Type: "string"}}}},
		VisualChecks: []api.VisualCheck{{Name: "firma_notario", Description: "The notary's signature is present."}}}
	for _, signed := range []bool{true, false} {
		req := &api.ExtractRequest{Files: []api.FileInput{{Filename: "deed.pdf", Data: notaryDeed(t, signed)}},
			DocumentTypes: []api.DocumentTypeSpec{spec},
			Options:       &api.Options{Stages: &api.StageToggles{VisualAuthenticity: &on}}}
		res, err := e.Run(context.Background(), "ext_visual", req)
		if err != nil {
			t.Fatal(err)
		}
		if st := traceStatus(res)[StageVisualAuthenticity]; st != api.TraceSuccess {
			t.Fatalf("visual_authenticity %s, want success", st)
		}
		if len(res.Documents) != 1 || res.Documents[0].Authenticity == nil || len(res.Documents[0].Authenticity.Visual) != 1 {
			t.Fatalf("documents %+v", res.Documents)
		}
		v := res.Documents[0].Authenticity.Visual[0]
		if v.Name != "firma_notario" || v.Passed != signed || v.Confidence > 0.5 || v.Notes == nil || !strings.Contains(*v.Notes, "vision model") {
			t.Errorf("signed=%v: %+v (%v)", signed, v, *v.Notes)
		}
		body, _ := json.Marshal(res)
		wiretest.Validate(t, "ExtractionResult", body)
	}
}

// scanWithLayer renders a printed total to a grey JPEG scan and lays an
// invisible text layer saying layerTotal over it, where the print is.
func scanWithLayer(t *testing.T, layerTotal string) []byte {
	t.Helper()
	f := fpdf.New("P", "pt", "Letter", "")
	f.AddPage()
	f.SetFont("Helvetica", "", 28)
	f.Text(72, 150, "TOTAL 1234.56")
	f.Text(72, 200, "Invoice number 4711")
	var printed bytes.Buffer
	if err := f.Output(&printed); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "printed.pdf")
	if err := os.WriteFile(path, printed.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	png, err := exec.Command("pdftoppm", "-r", "100", "-gray", "-png", "-singlefile", path).Output()
	if err != nil {
		t.Fatalf("pdftoppm: %v", err)
	}
	img, err := stdpng.Decode(bytes.NewReader(png))
	if err != nil {
		t.Fatal(err)
	}
	// A one-channel JPEG, as the scan's /DeviceGray colour space says.
	gray := image.NewGray(img.Bounds())
	draw.Draw(gray, gray.Bounds(), img, img.Bounds().Min, draw.Src)
	var jpg bytes.Buffer
	if err := jpeg.Encode(&jpg, gray, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	layer := "BT 3 Tr /F1 28 Tf 72 642 Td (TOTAL " + layerTotal + ") Tj ET\nBT 3 Tr /F1 28 Tf 72 592 Td (Invoice number 4711) Tj ET"
	return fixture.ScanWithTextLayer(jpg.Bytes(), img.Bounds().Dx(), img.Bounds().Dy(), layer)
}

func TestTextLayerComparedWithOCR(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs Tesseract twice")
	}
	e := newEngine(t)
	if e.caps.Tools.Tesseract == "" || e.caps.Tools.PDFToPPM == "" {
		t.Skip("tesseract or pdftoppm not installed")
	}
	on := true
	for _, tc := range []struct{ total, status string }{{"1234.56", "pass"}, {"9234.56", "fail"}} {
		t.Run(tc.status, func(t *testing.T) {
			t.Parallel()
			req := &api.ExtractRequest{Files: []api.FileInput{{Filename: "scan.pdf", Data: scanWithLayer(t, tc.total)}},
				Options: &api.Options{Stages: &api.StageToggles{ContentAuthenticity: &on}}}
			res, err := e.Run(context.Background(), "ext_scan", req)
			if err != nil {
				t.Fatal(err)
			}
			c := contentCheck(t, onlyDocument(t, res).Authenticity.Content, "text_layer_vs_ocr")
			if c.Status != tc.status {
				t.Errorf("layer %s: %s, want %s: %v", tc.total, c.Status, tc.status, *c.Evidence)
			}
			if tc.status == "fail" && !strings.Contains(*c.Evidence, `"9234.56" where the image reads "1234.56"`) {
				t.Errorf("evidence %q does not quote both readings", *c.Evidence)
			}
		})
	}
}

// TestContentAuthenticityOpensSignedEInvoice: a FatturaPA invoice that
// carries its own XAdES signature, wrapped in a CAdES .p7m as Italian
// invoices travel, reports both formats; the invoice still reads.
func TestContentAuthenticityOpensSignedEInvoice(t *testing.T) {
	t.Parallel()
	xml, err := os.ReadFile("../../../shared/corpus/einvoices/fatturapa/fatturapa.gobl__invoice-simple-rounding.xml")
	if err != nil {
		t.Skipf("corpus not found: %v", err)
	}
	cert, key := fixture.TestSigner()
	sd, err := pkcs7.NewSignedData(xml)
	if err != nil {
		t.Fatal(err)
	}
	if err := sd.AddSigner(cert, key, pkcs7.SignerInfoConfig{}); err != nil {
		t.Fatal(err)
	}
	p7m, err := sd.Finish()
	if err != nil {
		t.Fatal(err)
	}
	on := true
	req := &api.ExtractRequest{Files: []api.FileInput{{Filename: "IT01234567890_FPA01.xml.p7m", Data: p7m}},
		Options: &api.Options{Stages: &api.StageToggles{ContentAuthenticity: &on}}}
	res, err := newEngine(t).Run(context.Background(), "ext_p7m", req)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) != 1 || res.Files[0].PageCount == 0 {
		t.Fatalf("the signed invoice did not read: %+v", res.Files)
	}
	c := onlyDocument(t, res).Authenticity.Content
	if got := strings.Join(c.EIDASFormats, ","); got != "XAdES,CAdES" || !c.EIDASDetected {
		t.Errorf("formats %q", got)
	}
	if ch := contentCheck(t, c, "cades_signature"); ch.Status != "pass" {
		t.Errorf("cades_signature %s: %v", ch.Status, *ch.Evidence)
	}
	if c.OverallIntegrityStatus != "valid" {
		t.Errorf("overall %s", c.OverallIntegrityStatus)
	}
}
