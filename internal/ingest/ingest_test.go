package ingest

import (
	"context"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/doc"
	"github.com/quarrydev/quarry/internal/fixture"
	"github.com/quarrydev/quarry/internal/problem"
)

func newTestLoader(t *testing.T) *Loader {
	t.Helper()
	eng := FindEngines()
	if eng.PDFToText == "" {
		t.Fatal("pdftotext missing: run scripts/deps.sh (make test does)")
	}
	return NewLoader(DefaultLimits(), eng)
}

func TestLoadTextPDFWordBoxes(t *testing.T) {
	t.Parallel()
	data, words := fixture.TextPDF([][]string{
		{"Invoice Number INV-2025-001", "Total 1.234,56 EUR"},
		{"Page two text"},
	})
	files, err := newTestLoader(t).Load(context.Background(), Input{Name: "inv.pdf", Data: data})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 {
		t.Fatalf("files = %d", len(files))
	}
	f := files[0]
	if f.MediaType != "application/pdf" || f.PageCount != 2 || f.TextSource != TextPDF {
		t.Fatalf("file = %+v", f)
	}
	if !strings.Contains(f.Layout.Text, "INV-2025-001") || !strings.Contains(f.Layout.Text, "\fPage two") {
		t.Fatalf("text = %q", f.Layout.Text)
	}
	if len(f.Layout.Words) != len(words) {
		t.Fatalf("words = %d, want %d", len(f.Layout.Words), len(words))
	}
	for i, w := range words {
		got := f.Layout.Words[i]
		want := doc.Normalize(w.X0, w.Y0, w.X1, w.Y1, w.PageWidth, w.PageHeight)
		if got.Text != w.Text || got.Page != w.Page {
			t.Fatalf("word %d = %q p%d, want %q p%d", i, got.Text, got.Page, w.Text, w.Page)
		}
		if iou := got.Box.IoU(want); iou < 0.6 {
			t.Errorf("word %q IoU %.2f (got %+v want %+v)", w.Text, iou, got.Box, want)
		}
	}
}

func TestLoadPlainFormats(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, mt, contains string
		data               string
	}{
		{"a.txt", "text/plain", "hello", "hello world\nsecond line"},
		{"a.md", "text/markdown", "Title", "# Title\n\nSome *text* here."},
		{"a.csv", "text/csv", "Widget", "item,qty\nWidget,3\n"},
		{"a.json", "application/json", "value", `{"key": "value"}`},
		{"a.xml", "application/xml", "hello", `<?xml version="1.0"?><r><a>hello</a></r>`},
		{"a.html", "text/html", "Visible", `<html><head><script>var hidden=1</script><title>T</title></head><body><p>Visible text</p></body></html>`},
	}
	l := newTestLoader(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			files, err := l.Load(context.Background(), Input{Name: c.name, Data: []byte(c.data)})
			if err != nil {
				t.Fatal(err)
			}
			f := files[0]
			if f.MediaType != c.mt {
				t.Errorf("media type = %s, want %s", f.MediaType, c.mt)
			}
			if !strings.Contains(f.Layout.Text, c.contains) {
				t.Errorf("text %q lacks %q", f.Layout.Text, c.contains)
			}
			if strings.Contains(f.Layout.Text, "hidden") {
				t.Errorf("script text leaked: %q", f.Layout.Text)
			}
			if f.PageCount != 1 || f.TextSource != TextNative {
				t.Errorf("pages %d source %s", f.PageCount, f.TextSource)
			}
		})
	}
}

func TestLoadRefusals(t *testing.T) {
	t.Parallel()
	l := newTestLoader(t)
	l.Env.Limits.MaxBytes = 100
	_, err := l.Load(context.Background(), Input{Name: "big.txt", Data: make([]byte, 101)})
	if p, ok := problem.As(err); !ok || p.Code != problem.FileTooLarge || p.Extensions["filename"] != "big.txt" {
		t.Fatalf("err = %v", err)
	}
	l.Env.Limits.MaxBytes = 1 << 20
	_, err = l.Load(context.Background(), Input{Name: "x.bin", Data: []byte{0x00, 0x01, 0x02, 0xff, 0xfe, 0x00, 0x13}})
	if p, ok := problem.As(err); !ok || p.Code != problem.UnsupportedFile {
		t.Fatalf("err = %v", err)
	}
	_, err = l.Load(context.Background(), Input{Name: "broken.pdf", Data: []byte("%PDF-1.4\n1 0 obj garbage")})
	if p, ok := problem.As(err); !ok || p.Code != problem.CorruptPDF {
		t.Fatalf("err = %v", err)
	}
}

func TestDecodeTextUTF16(t *testing.T) {
	t.Parallel()
	le := []byte{0xFF, 0xFE, 'h', 0, 'i', 0}
	if got := DecodeText(le); got != "hi" {
		t.Fatalf("got %q", got)
	}
	if got := DecodeText([]byte{'c', 'a', 'f', 0xe9}); got != "café" {
		t.Fatalf("cp1252 got %q", got)
	}
}
