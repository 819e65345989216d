package ingest

import (
	"context"
	"image"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/fixture"
)

func TestMultiPageTIFF(t *testing.T) {
	t.Parallel()
	l := needOCR(t)
	page1 := []string{"Invoice number INV-2025-118", "Total amount due 1,250.00 EUR"}
	page2 := []string{"Terms and conditions of payment", "Thirty days net from the invoice date"}
	img1, _ := fixture.ScanImage(page1, fixture.ScanOptions{DPI: 200})
	img2, _ := fixture.ScanImage(page2, fixture.ScanOptions{DPI: 200})
	data := fixture.MultiPageTIFF([]*image.Gray{img1, img2}, 200)
	files, err := l.Load(context.Background(), Input{Name: "scan.tiff", Data: data, LanguageHint: "en"})
	if err != nil {
		t.Fatal(err)
	}
	f := files[0]
	if f.MediaType != "image/tiff" || f.PageCount != 2 || f.TextSource != TextOCR || f.OCR == nil || f.OCR.Pages != 2 {
		t.Fatalf("file = %s %d pages, source %s, ocr %+v", f.MediaType, f.PageCount, f.TextSource, f.OCR)
	}
	for i, want := range [][]string{page1, page2} {
		p := f.Layout.Pages[i]
		got := f.Layout.Text[p.Start:p.End]
		if cer := fixture.CER(got, strings.Join(want, "\n")); cer > 0.1 {
			t.Errorf("page %d CER %.2f: %q", i+1, cer, got)
		}
	}
}
