package ingest

import (
	"context"
	"image"
	"image/color"
	"image/draw"
	"strings"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/quarrydev/quarry/internal/ocr"
)

var fadedLines = []string{
	"TOTAL AMOUNT 57.80",
	"CASH 100.00",
	"CHANGE 42.20",
	"THANK YOU PLEASE COME AGAIN",
}

// fadedReceipt draws text in a grey barely darker than its grey paper, at
// a small size: the thermal receipt that has sat in a wallet.
func fadedReceipt(t *testing.T, paper, ink uint8, size float64) *image.Gray {
	t.Helper()
	f, err := opentype.Parse(goregular.TTF)
	if err != nil {
		t.Fatal(err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		t.Fatal(err)
	}
	defer face.Close()
	img := image.NewGray(image.Rect(0, 0, 360, 40+int(size*2)*len(fadedLines)))
	draw.Draw(img, img.Bounds(), &image.Uniform{color.Gray{paper}}, image.Point{}, draw.Src)
	d := font.Drawer{Dst: img, Src: &image.Uniform{color.Gray{ink}}, Face: face}
	for i, s := range fadedLines {
		d.Dot = fixed.P(20, 30+int(size*2)*i)
		d.DrawString(s)
	}
	return img
}

func pageText(p ocr.Page) string {
	var b strings.Builder
	for _, l := range p.Lines {
		for _, w := range l.Words {
			b.WriteString(w.Text)
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// TestOCRRetryFadedImage reads a faded receipt in small type: the first
// reading is poor enough to be retried, and the reading kept finds the
// words.
func TestOCRRetryFadedImage(t *testing.T) {
	t.Parallel()
	eng := FindEngines()
	if eng.Tesseract == "" {
		t.Skip("tesseract is not installed")
	}
	img := fadedReceipt(t, 150, 142, 8)
	path, cleanup, err := TempFile(encodePNG(img), ".png")
	if err != nil {
		t.Fatal(err)
	}
	defer cleanup()
	s, err := newOCRSession(&Env{Limits: DefaultLimits(), Engines: eng}, "en")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	first, err := s.eng.Recognize(ctx, path, "eng", s.timeout)
	if err != nil || len(first) != 1 {
		t.Fatalf("first reading: %v, %d pages", err, len(first))
	}
	if !needsRetry(first[0]) {
		t.Fatalf("the faded image read well at once (%q); it no longer tests the retry", pageText(first[0]))
	}
	kept := s.retry(ctx, path, first[0])
	if kept.Score() < first[0].Score() {
		t.Errorf("kept a worse reading: %.2f < %.2f", kept.Score(), first[0].Score())
	}
	text := pageText(kept)
	for _, want := range []string{"TOTAL", "AMOUNT", "CASH", "CHANGE", "AGAIN"} {
		if !strings.Contains(text, want) {
			t.Errorf("retried reading %q misses %s (first reading: %q)", text, want, pageText(first[0]))
		}
	}
	if kept.Width != img.Bounds().Dx() || kept.Height != img.Bounds().Dy() {
		t.Errorf("kept page is %dx%d, want the file's %dx%d", kept.Width, kept.Height, img.Bounds().Dx(), img.Bounds().Dy())
	}
}

// TestImageCleaning checks the preprocessing steps on known pixels.
func TestImageCleaning(t *testing.T) {
	t.Parallel()
	g := image.NewGray(image.Rect(0, 0, 100, 10))
	for i := range g.Pix {
		g.Pix[i] = 140 // paper
		if i%10 < 3 {
			g.Pix[i] = 110 // ink
		}
	}
	if th := otsu(g); th < 110 || th >= 140 {
		t.Errorf("otsu threshold %d, want between ink 110 and paper 140", th)
	}
	s := stretchContrast(g)
	if s.Pix[0] != 0 || s.Pix[5] != 255 {
		t.Errorf("stretched ink %d and paper %d, want 0 and 255", s.Pix[0], s.Pix[5])
	}
	b := binarize(g)
	if b.Pix[0] != 0 || b.Pix[5] != 255 {
		t.Errorf("binarised ink %d and paper %d, want 0 and 255", b.Pix[0], b.Pix[5])
	}
	u := upscale2(g)
	if u.Bounds().Dx() != 200 || u.Bounds().Dy() != 20 {
		t.Errorf("upscaled to %v, want 200x20", u.Bounds())
	}
	p := shrinkPage(ocr.Page{Width: 200, Height: 20, Lines: []ocr.Line{{Words: []ocr.Word{{Text: "x", Left: 10, Top: 4, Width: 8, Height: 6}}}}}, 2)
	if w := p.Lines[0].Words[0]; p.Width != 100 || w.Left != 5 || w.Top != 2 || w.Width != 4 || w.Height != 3 {
		t.Errorf("shrunk page %+v", p)
	}
}
