package forensics

import (
	"image"
	"image/color"
	"math"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/doc"
)

const pageW, pageH = 600, 800

func blankPage() *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, pageW, pageH))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	return img
}

// scribble draws a wavy two-pixel stroke, as a pen signature leaves.
func scribble(img *image.RGBA, x0, y0, w, h int, c color.Color) {
	for x := 0; x < w; x++ {
		y := y0 + h/2 + int(float64(h/2-2)*math.Sin(float64(x)/7))
		for d := 0; d < 2; d++ {
			img.Set(x0+x, y+d, c)
		}
	}
}

// ring draws a circle outline, as a round stamp leaves.
func ring(img *image.RGBA, cx, cy, r int, c color.Color) {
	for a := 0.0; a < 2*math.Pi; a += 0.005 {
		for d := 0; d < 3; d++ {
			img.Set(cx+int(float64(r-d)*math.Cos(a)), cy+int(float64(r-d)*math.Sin(a)), c)
		}
	}
}

// labelLayout is one page holding one printed word at box.
func labelLayout(word string, box doc.Box) *doc.Layout {
	b := doc.NewBuilder()
	b.StartPage(doc.Page{Number: 1, Width: pageW, Height: pageH, Source: doc.SourcePDFText})
	if word != "" {
		b.AddWordBytes([]byte(word), box, 1)
		b.EndLine()
	}
	b.EndPage()
	return b.Layout()
}

func TestVisualPresence(t *testing.T) {
	t.Parallel()
	label := doc.Box{X0: 0.1, Y0: 0.8, X1: 0.2, Y1: 0.82}
	signature := VisualRequest{Name: "firma_notario", Description: "The notary's signature is present."}
	stamp := VisualRequest{Name: "sello_notarial", Description: "The notarial seal is present."}
	black, blue, red := color.Black, color.RGBA{20, 40, 200, 255}, color.RGBA{200, 30, 30, 255}
	cases := []struct {
		name   string
		req    VisualRequest
		word   string
		draw   func(*image.RGBA)
		passed bool
		conf   float64
	}{
		{"pen signature beside its label", signature, "Firma:", func(p *image.RGBA) { scribble(p, 150, 630, 140, 40, blue) }, true, confNearWords},
		{"nothing beside the label", signature, "Firma:", func(*image.RGBA) {}, false, confAbsent},
		{"a solid block is no signature", signature, "Firma:", func(p *image.RGBA) {
			for y := 630; y < 670; y++ {
				for x := 150; x < 290; x++ {
					p.Set(x, y, black)
				}
			}
		}, false, confAbsent},
		{"a rule line is no signature", signature, "Firma:", func(p *image.RGBA) {
			for x := 150; x < 400; x++ {
				p.Set(x, 660, black)
			}
		}, false, confAbsent},
		{"red round stamp near Sello", stamp, "Sello", func(p *image.RGBA) { ring(p, 200, 650, 40, red) }, true, confNearWords},
		{"no label: a mark low on the last page", signature, "", func(p *image.RGBA) { scribble(p, 300, 700, 150, 40, black) }, true, confFallback},
		{"signature far from its label is not counted", signature, "Firma:", func(p *image.RGBA) { scribble(p, 300, 100, 150, 40, black) }, false, confAbsent},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			img := blankPage()
			tc.draw(img)
			v := VisualPresence(tc.req, labelLayout(tc.word, label), []PageImage{{Number: 1, Image: img}})
			if v.Passed != tc.passed || v.Confidence != tc.conf {
				t.Fatalf("passed=%v confidence=%v, want %v %v; note: %s", v.Passed, v.Confidence, tc.passed, tc.conf, v.Note)
			}
			if v.Name != tc.req.Name || !strings.Contains(v.Note, "vision model") {
				t.Errorf("verdict %+v: want the check's name and a note naming the vision model", v)
			}
		})
	}
}

func TestAnchorTermsFoldAccentsAndFamilies(t *testing.T) {
	t.Parallel()
	terms := strings.Join(anchorTerms(VisualRequest{Name: "mühür", Description: "Kaşe ve imza"}), ",")
	for _, want := range []string{"muhur", "stamp", "imza", "signature"} {
		if !strings.Contains(terms, want) {
			t.Errorf("terms %q lack %q", terms, want)
		}
	}
}
