package ingest

import (
	"bytes"
	"context"
	"hash/crc32"
	"image"
	"image/jpeg"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/doc"
	"github.com/quarrydev/quarry/internal/fixture"
	"github.com/quarrydev/quarry/internal/problem"
)

var scanLines = []string{
	"Invoice Number INV-2025-001 issued on 12 March 2025",
	"Customer account 4711 Northwind Traders Limited",
	"Total amount due 1,234.56 EUR within 30 days",
}

func needOCR(t *testing.T) *Loader {
	t.Helper()
	l := newTestLoader(t)
	if l.Env.Engines.Tesseract == "" || l.Env.Engines.PDFToPPM == "" {
		t.Fatal("tesseract or pdftoppm missing: run scripts/deps.sh")
	}
	return l
}

// matchIoU pairs each drawn word with the OCR word of equal text (first
// unused one) and returns the share of drawn words found and their mean IoU.
func matchIoU(words []doc.Word, want []fixture.ImageWord) (found float64, meanIoU float64) {
	used := make([]bool, len(words))
	var hit int
	var sum float64
	for _, w := range want {
		wb := doc.Normalize(w.X0, w.Y0, w.X1, w.Y1, w.Width, w.Height)
		for i, g := range words {
			if used[i] || g.Text != w.Text || g.Page != w.Page {
				continue
			}
			used[i] = true
			hit++
			sum += g.Box.IoU(wb)
			break
		}
	}
	if hit == 0 {
		return 0, 0
	}
	return float64(hit) / float64(len(want)), sum / float64(hit)
}

func TestImageOCR(t *testing.T) {
	t.Parallel()
	l := needOCR(t)
	want := strings.Join(scanLines, "\n")
	cases := []struct {
		name    string
		opt     fixture.ScanOptions
		encode  func(image.Image) []byte
		maxCER  float64
		minIoU  float64
		wantRot int
	}{
		{"clean 300 dpi png", fixture.ScanOptions{DPI: 300}, fixture.PNG, 0.05, 0.7, 0},
		{"noisy 200 dpi png", fixture.ScanOptions{DPI: 200, Noise: 0.02, Seed: 1}, fixture.PNG, 0.1, 0.6, 0},
		{"low 150 dpi jpeg", fixture.ScanOptions{DPI: 150}, jpegOf, 0.1, 0.6, 0},
		{"turned 90 degrees", fixture.ScanOptions{DPI: 200, Rotate: 90}, fixture.PNG, 0.1, 0.6, 270},
		{"upside down", fixture.ScanOptions{DPI: 200, Rotate: 180}, fixture.PNG, 0.1, 0.6, 180},
		{"turned jpeg with EXIF orientation", fixture.ScanOptions{DPI: 200, Rotate: 90}, func(i image.Image) []byte { return withEXIF(jpegOf(i), 8) }, 0.1, 0.6, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			img, words := fixture.ScanImage(scanLines, c.opt)
			files, err := l.Load(context.Background(), Input{Name: "scan", Data: c.encode(img)})
			if err != nil {
				t.Fatal(err)
			}
			f := files[0]
			if f.TextSource != TextOCR || f.OCR == nil || f.OCR.Pages != 1 {
				t.Fatalf("source %s ocr %+v", f.TextSource, f.OCR)
			}
			if f.OCR.MeanConfidence < 0.5 || f.OCR.MeanConfidence > 1 {
				t.Errorf("mean confidence %.2f", f.OCR.MeanConfidence)
			}
			if cer := fixture.CER(f.Layout.Text, want); cer > c.maxCER {
				t.Errorf("CER %.3f > %.3f: %q", cer, c.maxCER, f.Layout.Text)
			}
			if got := f.Layout.Pages[0].Rotation; got != c.wantRot {
				t.Errorf("rotation %d, want %d", got, c.wantRot)
			}
			if c.opt.Rotate == 0 {
				found, iou := matchIoU(f.Layout.Words, words)
				if found < 0.8 || iou < c.minIoU {
					t.Errorf("found %.2f of words, mean IoU %.2f", found, iou)
				}
			}
			if len(f.Layout.Pages[0].Lines) != len(scanLines) {
				t.Errorf("lines = %d, want %d", len(f.Layout.Pages[0].Lines), len(scanLines))
			}
		})
	}
}

func jpegOf(img image.Image) []byte {
	var buf bytes.Buffer
	_ = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85})
	return buf.Bytes()
}

func TestScannedAndMixedPDF(t *testing.T) {
	t.Parallel()
	l := needOCR(t)
	t.Run("scanned pages are OCR'd with boxes", func(t *testing.T) {
		t.Parallel()
		data, words := fixture.ScanPDF([][]string{scanLines, {"Second page says hello"}}, fixture.ScanOptions{DPI: 150})
		files, err := l.Load(context.Background(), Input{Name: "scan.pdf", Data: data})
		if err != nil {
			t.Fatal(err)
		}
		f := files[0]
		if f.PageCount != 2 || f.TextSource != TextOCR || f.OCR == nil || f.OCR.Pages != 2 {
			t.Fatalf("pages %d source %s ocr %+v", f.PageCount, f.TextSource, f.OCR)
		}
		if f.Layout.Pages[0].Source != doc.SourceOCR || f.Layout.Pages[0].Width < 590 || f.Layout.Pages[0].Width > 600 {
			t.Fatalf("page 1 = %+v", f.Layout.Pages[0])
		}
		if cer := fixture.CER(f.Layout.Text, strings.Join(scanLines, "\n")+"\fSecond page says hello"); cer > 0.1 {
			t.Errorf("CER %.3f: %q", cer, f.Layout.Text)
		}
		if found, iou := matchIoU(f.Layout.Words, words); found < 0.8 || iou < 0.6 {
			t.Errorf("found %.2f, IoU %.2f", found, iou)
		}
	})
	t.Run("mixed PDF reads page by page", func(t *testing.T) {
		t.Parallel()
		data := fixture.MixedPDF([][]string{{"Typed page with a real text layer"}, scanLines}, []bool{false, true}, fixture.ScanOptions{DPI: 150})
		files, err := l.Load(context.Background(), Input{Name: "mixed.pdf", Data: data})
		if err != nil {
			t.Fatal(err)
		}
		f := files[0]
		if f.TextSource != TextMixed || f.Layout.Pages[0].Source != doc.SourcePDFText || f.Layout.Pages[1].Source != doc.SourceOCR {
			t.Fatalf("source %s pages %+v", f.TextSource, f.Layout.Pages)
		}
		if f.OCR == nil || f.OCR.Pages != 1 || !strings.Contains(f.Layout.Text, "Northwind") {
			t.Fatalf("ocr %+v text %q", f.OCR, f.Layout.Text)
		}
	})
}

func TestImageRefusals(t *testing.T) {
	t.Parallel()
	l := newTestLoader(t)
	small, _ := fixture.ScanImage([]string{"x"}, fixture.ScanOptions{DPI: 50})
	cases := []struct {
		name  string
		data  []byte
		limit int64
		code  string
	}{
		{"too many pixels", fixture.PNG(small), 1000, problem.LimitExceeded},
		{"truncated png", fixture.PNG(small)[:40], 0, problem.ImageConversionFailed},
		{"bomb header", pngHeader(100000, 100000), 0, problem.LimitExceeded},
	}
	for _, c := range cases {
		// Not parallel: the rows share l and each sets its pixel limit.
		t.Run(c.name, func(t *testing.T) {
			l.Env.Limits.MaxImagePixels = DefaultLimits().MaxImagePixels
			if c.limit > 0 {
				l.Env.Limits.MaxImagePixels = c.limit
			}
			_, err := l.Load(context.Background(), Input{Name: "img.png", Data: c.data})
			p, ok := problem.As(err)
			if !ok || p.Code != c.code || p.Extensions["filename"] != "img.png" {
				t.Fatalf("err = %v", err)
			}
		})
	}
}

// pngHeader is a PNG signature and IHDR claiming w x h pixels, and nothing
// else: decoding it would need gigabytes.
func pngHeader(w, h uint32) []byte {
	b := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR")
	b = append(b, byte(w>>24), byte(w>>16), byte(w>>8), byte(w), byte(h>>24), byte(h>>16), byte(h>>8), byte(h), 8, 0, 0, 0, 0)
	c := crc32.ChecksumIEEE(b[12:])
	return append(b, byte(c>>24), byte(c>>16), byte(c>>8), byte(c))
}

func TestEXIFOrientation(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		o    int
	}{{"none", 1}, {"rotate 90", 6}, {"rotate 180", 3}, {"rotate 270", 8}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			data := jpegWithOrientation(c.o)
			if got := exifOrientation(data); got != c.o {
				t.Fatalf("orientation %d, want %d", got, c.o)
			}
		})
	}
}

// jpegWithOrientation builds a tiny JPEG with an APP1 EXIF segment.
func jpegWithOrientation(o int) []byte {
	return withEXIF(jpegOf(image.NewGray(image.Rect(0, 0, 8, 8))), o)
}

// withEXIF inserts an EXIF orientation tag right after the JPEG SOI marker.
func withEXIF(j []byte, o int) []byte {
	if o == 1 {
		return j
	}
	tiff := []byte{'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, byte(o), 0, 0, 0, 0, 0, 0}
	seg := append([]byte("Exif\x00\x00"), tiff...)
	n := len(seg) + 2
	app1 := append([]byte{0xFF, 0xE1, byte(n >> 8), byte(n)}, seg...)
	out := append([]byte{}, j[:2]...)
	out = append(out, app1...)
	return append(out, j[2:]...)
}

// TestOCRLanguageChoice: without a hint the first page is read in English,
// the language detected, and a German page re-read with the German model
// (which gets ß and umlauts right); a hint skips the detection.
func TestOCRLanguageChoice(t *testing.T) {
	t.Parallel()
	l := needOCR(t)
	lines := []string{
		"Sehr geehrte Damen und Herren, anbei erhalten Sie die Rechnung",
		"für die Lieferung an die Müller GmbH in der Hauptstraße 5.",
		"Bitte überweisen Sie den Betrag innerhalb von vierzehn Tagen.",
	}
	img, _ := fixture.ScanImage(lines, fixture.ScanOptions{DPI: 300})
	cases := []struct{ name, hint string }{{"detected", ""}, {"hinted", "de"}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			files, err := l.Load(context.Background(), Input{Name: "brief.png", Data: fixture.PNG(img), LanguageHint: c.hint})
			if err != nil {
				t.Fatal(err)
			}
			f := files[0]
			if f.Language != "de" {
				t.Errorf("language %q", f.Language)
			}
			for _, w := range []string{"Hauptstraße", "Müller", "überweisen"} {
				if !strings.Contains(f.Layout.Text, w) {
					t.Errorf("text lacks %q: %q", w, f.Layout.Text)
				}
			}
		})
	}
}

func TestOCRMissingEngine(t *testing.T) {
	t.Parallel()
	l := newTestLoader(t)
	l.Env.Engines.Tesseract = ""
	img, _ := fixture.ScanImage([]string{"x"}, fixture.ScanOptions{DPI: 50})
	scan, _ := fixture.ScanPDF([][]string{{"x"}}, fixture.ScanOptions{DPI: 50})
	cases := []struct {
		name string
		data []byte
	}{{"image", fixture.PNG(img)}, {"scanned pdf", scan}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			_, err := l.Load(context.Background(), Input{Name: "f", Data: c.data})
			assertProblem(t, err, problem.ImageConversionFailed, "f")
		})
	}
}
