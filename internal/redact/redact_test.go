package redact

import (
	"context"
	"image"
	"image/color"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/doc"
	"github.com/quarrydev/quarry/internal/fixture"
	"github.com/quarrydev/quarry/internal/ingest"
	"github.com/quarrydev/quarry/internal/problem"
)

// statement is a two-page document with four kinds of personal data on
// page 1 and the IBAN printed again, without its label, on page 2.
var statement = [][]string{
	{
		"Customer statement for March",
		"Name: Ahmet Kaya",
		"IBAN: TR33 0006 1005 1978 6457 8413 26",
		"E-mail: ahmet.kaya@example.com",
		"TCKN: 10000000146",
		"Total due 1250.00 TRY by 15 April",
	},
	{
		"Payments are collected from TR33 0006 1005 1978 6457 8413 26 each month",
		"Questions go to the branch office",
	},
}

// secrets are the values (and pieces of them) that must not survive.
var secrets = []string{"Ahmet", "Kaya", "TR33", "8413", "1978 6457", "ahmet.kaya", "example.com", "10000000146"}

func secretWord(w string) bool {
	for _, s := range secrets {
		for _, part := range strings.Fields(s) {
			if strings.Contains(w, part) {
				return true
			}
		}
	}
	return false
}

func TestTextPDFLosesTheValuesAndKeepsTheRest(t *testing.T) {
	needTools(t, "pdftotext", "pdftoppm")
	in, words := fixture.TextPDF(statement)
	res, err := Pages(context.Background(), load(t, "statement.pdf", in), in, Options{DPI: 150})
	if err != nil {
		t.Fatal(err)
	}
	if res.MediaType != "application/pdf" || res.Pages != 2 {
		t.Fatalf("got %s with %d pages, want a 2-page PDF", res.MediaType, res.Pages)
	}
	validPDF(t, res.Data)

	text := pdfText(t, res.Data)
	for _, s := range secrets {
		if strings.Contains(text, s) {
			t.Errorf("output text still holds %q:\n%s", s, text)
		}
	}
	for _, want := range []string{"[MASKED_NAME]", "[MASKED_IBAN_TR]", "[MASKED_EMAIL]", "[MASKED_NATIONAL_ID_TR]",
		"Customer", "statement", "Total", "1250.00", "Payments", "collected", "branch"} {
		if !strings.Contains(text, want) {
			t.Errorf("output text lacks %q:\n%s", want, text)
		}
	}
	if strings.Count(text, "[MASKED_IBAN_TR]") != 2 {
		t.Errorf("the IBAN's unlabelled copy on page 2 was not replaced:\n%s", text)
	}
	if res.Summary.ByType["iban_tr"] != 2 || res.Summary.ByType["email"] != 1 || len(res.Summary.Pages) != 2 {
		t.Errorf("summary = %+v", res.Summary)
	}

	// Under every secret word the rendered page is one flat black.
	const dpi = 150
	pages := map[int]image.Image{}
	for _, w := range words {
		if !secretWord(w.Text) {
			continue
		}
		if pages[w.Page] == nil {
			pages[w.Page] = renderPage(t, res.Data, w.Page, dpi)
		}
		s := dpi / 72.0
		r := image.Rect(int(math.Ceil(w.X0*s))+1, int(math.Ceil(w.Y0*s))+1, int(w.X1*s)-1, int(w.Y1*s)-1)
		if ok, grey := uniform(pages[w.Page], r); !ok || grey != 0 {
			t.Errorf("pixels under %q (page %d, %v) are not uniform black (uniform %v, grey %d)", w.Text, w.Page, r, ok, grey)
		}
	}
	if len(pages) != 2 {
		t.Fatalf("checked pixels on %d pages, want 2", len(pages))
	}

	// The words that stay keep their boxes.
	before, after := pdfWords(t, in), pdfWords(t, res.Data)
	matched := 0
	used := make([]bool, len(after))
	for _, b := range before {
		if secretWord(b.Text) {
			continue
		}
		for j, a := range after {
			if used[j] || a.Text != b.Text || a.Page != b.Page {
				continue
			}
			used[j] = true
			matched++
			if d := math.Max(math.Max(math.Abs(a.Left-b.Left), math.Abs(a.Top-b.Top)),
				math.Max(math.Abs(a.Width-b.Width), math.Abs(a.Height-b.Height))); d > 1.0 {
				t.Errorf("%q moved by %.2f pt: before %+v, after %+v", b.Text, d, b, a)
			}
			break
		}
	}
	if matched < 25 {
		t.Errorf("only %d unchanged words found again in the output", matched)
	}

	// Whatever the text layer says where a secret word stood is a
	// placeholder: nothing under a box can be copied out.
	for _, w := range words {
		if !secretWord(w.Text) {
			continue
		}
		over := 0
		for _, a := range after {
			if a.Page != w.Page || a.Left >= w.X1 || a.Left+a.Width <= w.X0 || a.Top >= w.Y1 || a.Top+a.Height <= w.Y0 {
				continue
			}
			over++
			if !strings.Contains(a.Text, "[MASKED_") {
				t.Errorf("the text layer says %q over %q", a.Text, w.Text)
			}
		}
		if over == 0 {
			t.Errorf("no placeholder stands where %q stood", w.Text)
		}
	}
}

func TestScannedImageIsRedactedThroughOCR(t *testing.T) {
	needTools(t, "pdftotext", "pdftoppm", "tesseract")
	img, words := fixture.ScanImage(statement[0], fixture.ScanOptions{})
	in := fixture.PNG(img)
	f := load(t, "scan.png", in)
	for _, s := range []string{"Ahmet Kaya", "TR33 0006 1005 1978 6457 8413 26", "ahmet.kaya@example.com", "10000000146"} {
		if !strings.Contains(f.Layout.Text, s) {
			t.Fatalf("OCR did not read %q, so nothing can be checked: %q", s, f.Layout.Text)
		}
	}
	res, err := Pages(context.Background(), f, in, Options{})
	if err != nil {
		t.Fatal(err)
	}
	validPDF(t, res.Data)
	text := pdfText(t, res.Data)
	for _, s := range secrets {
		if strings.Contains(text, s) {
			t.Errorf("output text still holds %q:\n%s", s, text)
		}
	}
	for _, want := range []string{"[MASKED_NAME]", "[MASKED_EMAIL]", "[MASKED_NATIONAL_ID_TR]", "Customer", "Total"} {
		if !strings.Contains(text, want) {
			t.Errorf("output text lacks %q:\n%s", want, text)
		}
	}
	// The output page is the image at its own size: render it so one
	// output pixel is one input pixel and look under each secret word.
	b := img.Bounds()
	dpi := int(math.Round(float64(max(b.Dx(), b.Dy())) * 72 / 842))
	out := renderPage(t, res.Data, 1, dpi)
	sx, sy := float64(out.Bounds().Dx())/float64(b.Dx()), float64(out.Bounds().Dy())/float64(b.Dy())
	checked := 0
	for _, w := range words {
		if !secretWord(w.Text) {
			continue
		}
		r := image.Rect(int(math.Ceil(w.X0*sx))+2, int(math.Ceil(w.Y0*sy))+2, int(w.X1*sx)-2, int(w.Y1*sy)-2)
		if ok, grey := uniform(out, r); !ok || grey != 0 {
			t.Errorf("pixels under %q (%v) are not uniform black (uniform %v, grey %d)", w.Text, r, ok, grey)
		}
		checked++
	}
	if checked < 6 {
		t.Fatalf("checked %d words", checked)
	}
}

func TestTurkishTextSurvivesTheTextLayer(t *testing.T) {
	needTools(t, "pdftotext")
	words := []string{"Iğdır'da", "şımarık", "ÇAĞRI", "öğütücü", "İstanbul"}
	img := image.NewGray(image.Rect(0, 0, 600, 800))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	pg := outPage{Image: img, Width: 600, Height: 800}
	x := 40.0
	for _, w := range words {
		pg.Text = append(pg.Text, textItem{Text: w, X0: x, Y0: 100, X1: x + 80, Y1: 114})
		x += 100
	}
	var buf strings.Builder
	pw := newPDFWriter(&buf)
	if err := pw.addPage(pg); err != nil {
		t.Fatal(err)
	}
	if err := pw.finish(); err != nil {
		t.Fatal(err)
	}
	got := pdfWords(t, []byte(buf.String()))
	if len(got) != len(words) {
		t.Fatalf("got %d words, want %d: %+v", len(got), len(words), got)
	}
	for i, w := range got {
		if w.Text != words[i] {
			t.Errorf("word %d reads %q, want %q", i, w.Text, words[i])
		}
		if math.Abs(w.Left-(40+100*float64(i))) > 0.5 || math.Abs(w.Width-80) > 0.5 || math.Abs(w.Top-100) > 0.5 || math.Abs(w.Height-14) > 0.5 {
			t.Errorf("word %q at %+v, want left %v top 100 width 80 height 14", w.Text, w, 40+100*i)
		}
	}
}

func TestManyDistinctRunesSpanSeveralFonts(t *testing.T) {
	needTools(t, "pdftotext")
	// 300 distinct letters need a second 256-code font.
	var sb strings.Builder
	for r := rune(0x400); r < 0x400+300; r++ {
		sb.WriteRune(r)
	}
	word := sb.String()
	img := image.NewGray(image.Rect(0, 0, 100, 100))
	var buf strings.Builder
	pw := newPDFWriter(&buf)
	if err := pw.addPage(outPage{Image: img, Width: 2000, Height: 200, Text: []textItem{{Text: word, X0: 10, Y0: 10, X1: 1990, Y1: 30}}}); err != nil {
		t.Fatal(err)
	}
	if err := pw.finish(); err != nil {
		t.Fatal(err)
	}
	validPDF(t, []byte(buf.String()))
	if len(pw.fonts) != 2 {
		t.Errorf("%d fonts, want 2", len(pw.fonts))
	}
	if got := strings.TrimSpace(pdfText(t, []byte(buf.String()))); got != word {
		t.Errorf("text reads back as %q", got)
	}
}

func TestAreasAndFillColour(t *testing.T) {
	needTools(t, "pdftotext", "pdftoppm")
	in, words := fixture.TextPDF([][]string{{"Order 4711 for delivery", "Total due 1250.00 TRY"}})
	var total fixture.PDFWord
	for _, w := range words {
		if w.Text == "1250.00" {
			total = w
		}
	}
	area := Area{Label: "total", Page: 1, Box: doc.Normalize(total.X0, total.Y0, total.X1, total.Y1, total.PageWidth, total.PageHeight)}
	red := color.RGBA{R: 200, A: 255}
	res, err := Pages(context.Background(), load(t, "order.pdf", in), in, Options{Areas: []Area{area}, Fill: red})
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, res.Data)
	if strings.Contains(text, "1250") || !strings.Contains(text, "[REDACTED_TOTAL]") || !strings.Contains(text, "Order") {
		t.Errorf("text layer:\n%s", text)
	}
	page := renderPage(t, res.Data, 1, 150)
	s := 150 / 72.0
	r := image.Rect(int(total.X0*s)+1, int(total.Y0*s)+1, int(total.X1*s)-1, int(total.Y1*s)-1)
	ok, _ := uniform(page, r)
	cr, cg, cb, _ := page.At(r.Min.X, r.Min.Y).RGBA()
	if !ok || cr>>8 != 200 || cg != 0 || cb != 0 {
		t.Errorf("area is not uniform red: uniform %v, colour %d %d %d", ok, cr>>8, cg>>8, cb>>8)
	}
	if len(res.Summary.Fields) != 1 || res.Summary.Fields[0].Field != "total" {
		t.Errorf("summary fields = %+v", res.Summary.Fields)
	}
}

func TestTextInputsAnswerMaskedText(t *testing.T) {
	in := []byte("name,email,iban\nAhmet Kaya,ahmet.kaya@example.com,TR33 0006 1005 1978 6457 8413 26\n")
	res, err := Text(in, "text/csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	out := string(res.Data)
	if strings.Contains(out, "ahmet.kaya@example.com") || strings.Contains(out, "TR33") || !strings.Contains(out, "[MASKED_EMAIL]") || !strings.HasPrefix(out, "name,email,iban\n") {
		t.Errorf("masked csv:\n%s", out)
	}
	if res.MediaType != "text/csv; charset=utf-8" || res.Summary.ByType["email"] != 1 {
		t.Errorf("media type %q, summary %+v", res.MediaType, res.Summary)
	}
}

func TestKindOf(t *testing.T) {
	for mt, want := range map[string]Kind{
		"application/pdf": KindPages, "image/png": KindPages, "image/jpeg": KindPages,
		"text/plain; charset=utf-8": KindText, "application/json": KindText, "text/html": KindText,
		"application/vnd.openxmlformats-officedocument.wordprocessingml.document": KindUnsupported, "application/zip": KindUnsupported,
	} {
		if got := KindOf(mt); got != want {
			t.Errorf("KindOf(%q) = %v, want %v", mt, got, want)
		}
	}
}

// TestUnplaceableFindingFailsClosed: when a finding's words carry no
// usable box (a reader that mislaid a turned page's geometry), nothing
// can be painted over it, so no file may come back at all.
func TestUnplaceableFindingFailsClosed(t *testing.T) {
	needTools(t, "pdftoppm")
	in, _ := fixture.TextPDF([][]string{{"E-mail: ahmet.kaya@example.com"}})
	b := doc.NewBuilder()
	b.StartPage(doc.Page{Width: 595, Height: 842, Source: doc.SourcePDFText})
	b.AddLine([]doc.Word{
		{Text: "E-mail:", Box: doc.Box{X0: 0.1, Y0: 0.1, X1: 0.2, Y1: 0.12}},
		{Text: "ahmet.kaya@example.com", Box: doc.Box{X0: 1, Y0: 0.1, X1: 1, Y1: 0.12}}, // no width
	})
	b.EndPage()
	f := &ingest.File{Name: "turned.pdf", MediaType: "application/pdf", Layout: b.Layout()}
	res, err := Pages(context.Background(), f, in, Options{})
	if err == nil || res != nil {
		t.Fatalf("got a file back (%v)", err)
	}
	if p, ok := problem.As(err); !ok || p.Code != problem.UnsupportedFile {
		t.Errorf("error %v, want unsupported_file", err)
	}
}

// TestTurkishWordsSurviveARedaction runs a whole redaction over a layout
// of Turkish words (the generated PDFs only carry cp1252 text, so the
// layout is built here and the PDF only gives the page to render). The
// province in "Iğdır," is a finding of its own: its comma stays.
func TestTurkishWordsSurviveARedaction(t *testing.T) {
	needTools(t, "pdftotext", "pdftoppm")
	in, _ := fixture.TextPDF([][]string{{"."}})
	lines := [][]string{{"Adı", "Soyadı:", "Ahmet", "Yılmaz"}, {"Şehir:", "Iğdır,", "Doğubayazıt"}, {"E-posta:", "ahmet.yilmaz@example.com"},
		{"Açıklama:", "ödeme", "koşulları", "peşin", "değişmez"}}
	b := doc.NewBuilder()
	b.StartPage(doc.Page{Width: 595, Height: 842, Source: doc.SourcePDFText})
	for i, line := range lines {
		var ws []doc.Word
		x := 0.1
		for _, w := range line {
			y := 0.1 + 0.03*float64(i)
			wd := 0.012 * float64(len([]rune(w)))
			ws = append(ws, doc.Word{Text: w, Box: doc.Box{X0: x, Y0: y, X1: x + wd, Y1: y + 0.015}})
			x += wd + 0.01
		}
		b.AddLine(ws)
	}
	b.EndPage()
	f := &ingest.File{Name: "tr.pdf", MediaType: "application/pdf", Layout: b.Layout()}
	res, err := Pages(context.Background(), f, in, Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, res.Data)
	for _, want := range []string{"Adı", "Soyadı:", "Şehir:", "[MASKED_PROVINCE_TR],", "[MASKED_LOCATION]", "[MASKED_EMAIL]", "[MASKED_NAME]",
		"Açıklama:", "ödeme", "koşulları", "peşin", "değişmez"} {
		if !strings.Contains(text, want) {
			t.Errorf("output text lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "example.com") || strings.Contains(text, "Yılmaz") || strings.Contains(text, "Iğdır") || strings.Contains(text, "Doğubayazıt") {
		t.Errorf("a value survived:\n%s", text)
	}
}

// TestMultiPageTIFFGivesOnePDFPagePerTIFFPage: a faxed or scanned TIFF
// of several pages is read through OCR page by page and rebuilt as a
// PDF of as many pages, each with its own findings painted.
func TestMultiPageTIFFGivesOnePDFPagePerTIFFPage(t *testing.T) {
	needTools(t, "pdftotext", "pdftoppm", "tesseract")
	p1, _ := fixture.ScanImage([]string{"Name: Ahmet Kaya", "TCKN: 10000000146"}, fixture.ScanOptions{})
	p2, words := fixture.ScanImage([]string{"Questions go to", "ahmet.kaya@example.com"}, fixture.ScanOptions{})
	in := fixture.MultiPageTIFF([]*image.Gray{p1, p2}, 300)
	f := load(t, "fax.tiff", in)
	if len(f.Layout.Pages) != 2 || !strings.Contains(f.Layout.Text, "ahmet.kaya@example.com") || !strings.Contains(f.Layout.Text, "10000000146") {
		t.Fatalf("OCR read %d pages: %q", len(f.Layout.Pages), f.Layout.Text)
	}
	res, err := Pages(context.Background(), f, in, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Pages != 2 || len(res.Summary.Pages) != 2 {
		t.Fatalf("%d pages, painted %v", res.Pages, res.Summary.Pages)
	}
	text := pdfText(t, res.Data)
	for _, s := range []string{"Ahmet", "10000000146", "example.com"} {
		if strings.Contains(text, s) {
			t.Errorf("output text holds %q:\n%s", s, text)
		}
	}
	if !strings.Contains(text, "Questions") || !strings.Contains(text, "[MASKED_EMAIL]") {
		t.Errorf("output text:\n%s", text)
	}
	b := p2.Bounds()
	dpi := int(math.Round(float64(max(b.Dx(), b.Dy())) * 72 / 842))
	out := renderPage(t, res.Data, 2, dpi)
	sx, sy := float64(out.Bounds().Dx())/float64(b.Dx()), float64(out.Bounds().Dy())/float64(b.Dy())
	for _, w := range words {
		if w.Text != "ahmet.kaya@example.com" {
			continue
		}
		r := image.Rect(int(math.Ceil(w.X0*sx))+2, int(math.Ceil(w.Y0*sy))+2, int(w.X1*sx)-2, int(w.Y1*sy)-2)
		if ok, grey := uniform(out, r); !ok || grey != 0 {
			t.Errorf("pixels under the e-mail on page 2 are not uniform black")
		}
	}
}

// TestTurnedPDFPageIsRedacted: a page turned a quarter (/Rotate 90) is
// read in its shown orientation, painted and rebuilt; none of its values
// survive. (Turning upright text makes it run down the shown page, so its
// masked text layer reads poorly; the values are gone all the same.)
func TestTurnedPDFPageIsRedacted(t *testing.T) {
	needTools(t, "pdftotext", "pdftoppm", "qpdf")
	in, _ := fixture.TextPDF(statement)
	turned := filepath.Join(t.TempDir(), "turned.pdf")
	if b, err := exec.Command("qpdf", "--rotate=+90", writeTemp(t, in), turned).CombinedOutput(); err != nil {
		t.Fatalf("qpdf: %v %s", err, b)
	}
	data, _ := os.ReadFile(turned)
	res, err := Pages(context.Background(), load(t, "turned.pdf", data), data, Options{DPI: 100})
	if err != nil {
		t.Fatalf("a turned page was refused: %v", err)
	}
	text := pdfText(t, res.Data)
	for _, s := range secrets {
		if strings.Contains(text, s) {
			t.Errorf("output text still holds %q:\n%s", s, text)
		}
	}
	if res.Pages != 2 || res.Summary.ByType["email"] != 1 || res.Summary.ByType["iban_tr"] != 2 {
		t.Errorf("pages %d, summary %+v", res.Pages, res.Summary)
	}
}
