package bizdocs

import (
	"bytes"
	"os"
	"sync"

	"github.com/go-pdf/fpdf"
	"github.com/quarrydev/quarry/internal/doc"
)

// fontPath is a UTF-8 TrueType font able to draw ş ğ ı İ; Helvetica with
// cp1252 cannot, so Turkish documents need it.
const fontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

// FontAvailable reports whether the UTF-8 font is installed.
func FontAvailable() bool {
	_, err := os.Stat(fontPath)
	return err == nil
}

var (
	fontOnce sync.Once
	fontData []byte
)

// fontBytes reads the font once for all documents.
func fontBytes() []byte {
	fontOnce.Do(func() { fontData, _ = os.ReadFile(fontPath) })
	return fontData
}

// Font metrics of DejaVu Sans (units of the font size) used to compute the
// drawn box of a word the way a PDF text extractor reports it.
const (
	ascent  = 0.928
	descent = 0.236
)

// canvas draws words and remembers their boxes.
type canvas struct {
	pdf  *fpdf.Fpdf
	w, h float64
	size float64
	tr   func(string) string
	page int
}

func newCanvas() *canvas {
	pdf := fpdf.New("P", "pt", "A4", "")
	pdf.SetCompression(true)
	c := &canvas{pdf: pdf, tr: func(s string) string { return s }}
	if font := fontBytes(); font != nil {
		pdf.AddUTF8FontFromBytes("dejavu", "", font)
		pdf.SetFont("dejavu", "", 10)
	} else {
		pdf.SetFont("Helvetica", "", 10)
		c.tr = pdf.UnicodeTranslatorFromDescriptor("cp1252")
	}
	c.size = 10
	c.w, c.h = pdf.GetPageSize()
	pdf.AddPage()
	c.page = 1
	return c
}

func (c *canvas) setSize(s float64) { c.size = s; c.pdf.SetFontSize(s) }

func (c *canvas) width(s string) float64 { return c.pdf.GetStringWidth(c.tr(s)) }

// text draws s with its baseline at y starting at x and returns the boxes
// of its words, normalised to the page.
func (c *canvas) text(x, y float64, s string) []doc.Box {
	var boxes []doc.Box
	space := c.width(" ")
	for i, w := range splitWords(s) {
		if i > 0 {
			x += space
		}
		ww := c.width(w)
		c.pdf.Text(x, y, c.tr(w))
		boxes = append(boxes, doc.Normalize(x, y-ascent*c.size, x+ww, y+descent*c.size, c.w, c.h))
		x += ww
	}
	return boxes
}

// right draws s right-aligned at x1.
func (c *canvas) right(x1, y float64, s string) []doc.Box { return c.text(x1-c.width(s), y, s) }

func (c *canvas) bytes() []byte {
	var buf bytes.Buffer
	if err := c.pdf.Output(&buf); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

func splitWords(s string) []string {
	var out []string
	cur := []rune{}
	for _, r := range s {
		if r == ' ' {
			if len(cur) > 0 {
				out = append(out, string(cur))
				cur = cur[:0]
			}
			continue
		}
		cur = append(cur, r)
	}
	if len(cur) > 0 {
		out = append(out, string(cur))
	}
	return out
}

func union(bs []doc.Box) doc.Box {
	var u doc.Box
	for _, b := range bs {
		u = u.Union(b)
	}
	return u
}
