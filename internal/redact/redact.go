package redact

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/doc"
	"github.com/quarrydev/quarry/internal/ingest"
	"github.com/quarrydev/quarry/internal/pii"
	"github.com/quarrydev/quarry/internal/problem"
)

// DefaultDPI is the resolution PDF pages are rendered at when Options.DPI
// is zero: small print stays legible and an A4 page stays near 2 MB of
// pixels while it is painted.
const DefaultDPI = 150

// Options say what to remove and how the output looks.
type Options struct {
	PII pii.Options
	// Masker writes the placeholders of the text layer (and of the text
	// answer); nil means the redact strategy: [MASKED_<TYPE>].
	Masker *pii.Masker
	// Areas are further boxes to paint, such as extracted fields.
	Areas []Area
	// DPI of the rendered PDF pages; 0 means DefaultDPI.
	DPI int
	// Fill is the colour of the painted boxes; the zero value is black.
	Fill color.RGBA
	// MaxPixels bounds one input image (ingest.Limits.MaxImagePixels).
	MaxPixels int64
	// ToolTimeout bounds one pdftoppm run.
	ToolTimeout time.Duration
}

// Result is the redacted file and what was removed from it.
type Result struct {
	Data      []byte
	MediaType string
	Pages     int
	Summary   api.RedactSummary
}

// Kind is how a media type is redacted.
type Kind int

const (
	KindUnsupported Kind = iota
	KindPages            // PDFs and images: rebuilt as a PDF of painted page images
	KindText             // plain-text formats: answered as masked text
)

// KindOf says how a (sniffed) media type is redacted.
func KindOf(mediaType string) Kind {
	mt := strings.ToLower(strings.TrimSpace(strings.SplitN(mediaType, ";", 2)[0]))
	switch {
	case mt == "application/pdf":
		return KindPages
	case mt == "image/png", mt == "image/jpeg", mt == "image/gif", mt == "image/tiff", mt == "image/bmp", mt == "image/webp":
		return KindPages
	case strings.HasPrefix(mt, "text/"), mt == "application/json", mt == "application/xml",
		strings.HasSuffix(mt, "+json"), strings.HasSuffix(mt, "+xml"), mt == "application/x-ndjson":
		return KindText
	}
	return KindUnsupported
}

// Pages redacts a PDF or an image read by ingest: f's layout locates the
// words, data is the file itself. The answer is a new PDF.
func Pages(ctx context.Context, f *ingest.File, data []byte, opts Options) (*Result, error) {
	l := f.Layout
	if l == nil || len(l.Pages) == 0 {
		return nil, problem.New(problem.UnsupportedFile, "File %q has no pages to redact.", f.Name).With("filename", f.Name)
	}
	masker, err := opts.masker()
	if err != nil {
		return nil, err
	}
	findings := withCopies(l.Text, pii.Detect(l.Text, opts.PII))
	plans, unplaced := planPages(l, findings, opts.Areas, masker)
	if len(unplaced) > 0 {
		// Fail closed: a page image with a finding left unpainted is the
		// very leak this package exists to prevent.
		return nil, problem.New(problem.UnsupportedFile,
			"File %q: %d finding(s) on page %d could not be placed on the page (their words carry no usable boxes); the file is not returned rather than returned with them visible.",
			f.Name, len(unplaced), unplaced[0]).With("filename", f.Name)
	}

	dpi := opts.DPI
	if dpi <= 0 {
		dpi = DefaultDPI
	}
	var buf bytes.Buffer
	w := newPDFWriter(&buf)
	painted := map[int]bool{}
	boxes := 0
	addPage := func(page int, img image.Image, ptPerPx float64) error {
		if page > len(plans) {
			return nil // pages past the layout's (MaxPages) are not read, so not given back
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		pg := l.Pages[page-1]
		if pg.Source == doc.SourceOCR && pg.Rotation != 0 {
			img = rotateClockwise(img, pg.Rotation)
		}
		plan := plans[page-1]
		img = paint(img, plan.fills, opts.Fill)
		if len(plan.fills) > 0 {
			painted[page] = true
			boxes += len(plan.fills)
		}
		b := img.Bounds()
		out := outPage{Image: img, Width: float64(b.Dx()) * ptPerPx, Height: float64(b.Dy()) * ptPerPx}
		for _, it := range plan.text {
			out.Text = append(out.Text, textItem{Text: it.text,
				X0: it.box.X0 * out.Width, Y0: it.box.Y0 * out.Height, X1: it.box.X1 * out.Width, Y1: it.box.Y1 * out.Height})
		}
		return w.addPage(out)
	}

	if f.MediaType == "application/pdf" {
		err = rasterPDF(ctx, data, len(l.Pages), dpi, opts.ToolTimeout, func(page int, img image.Image) error {
			return addPage(page, img, 72/float64(dpi))
		})
	} else {
		err = eachImagePage(f, data, opts.MaxPixels, func(page int, img image.Image) error {
			// An image has no page size: it becomes a page whose longer
			// side is that of A4 (842 pt), as a scan of a page would.
			b := img.Bounds()
			return addPage(page, img, 842/float64(max(b.Dx(), b.Dy())))
		})
	}
	if err != nil {
		return nil, err
	}
	if len(w.pages) == 0 {
		return nil, problem.New(problem.UnsupportedFile, "File %q gave no pages to redact.", f.Name).With("filename", f.Name)
	}
	if err := w.finish(); err != nil {
		return nil, err
	}
	sum := summarize(l, findings, opts.Areas)
	sum.Boxes = boxes
	for p := range painted {
		sum.Pages = append(sum.Pages, p)
	}
	if len(findings) == 0 && len(opts.Areas) == 0 {
		sum.Pages = []int{}
	}
	sort.Ints(sum.Pages)
	return &Result{Data: buf.Bytes(), MediaType: "application/pdf", Pages: len(w.pages), Summary: sum}, nil
}

// Text redacts a plain-text file: the answer is its text, decoded to
// UTF-8, with every finding (and every other copy of a found value)
// replaced by its placeholder. Markup stays as it was.
func Text(data []byte, mediaType string, opts Options) (*Result, error) {
	masker, err := opts.masker()
	if err != nil {
		return nil, err
	}
	text := ingest.DecodeText(data)
	findings := pii.Detect(text, opts.PII)
	masked := masker.Mask(text, findings)
	l := &doc.Layout{Text: text}
	sum := summarize(l, withCopies(text, findings), nil)
	mt := strings.TrimSpace(strings.SplitN(mediaType, ";", 2)[0])
	return &Result{Data: []byte(masked), MediaType: mt + "; charset=utf-8", Pages: 1, Summary: sum}, nil
}

func (o Options) masker() (*pii.Masker, error) {
	if o.Masker != nil {
		return o.Masker, nil
	}
	return pii.NewMasker(pii.MaskRedact, nil, 0)
}

func summarize(l *doc.Layout, findings []pii.Finding, areas []Area) api.RedactSummary {
	s := api.RedactSummary{Count: len(findings), ByType: map[string]int{}, Findings: []api.RedactedItem{}, Fields: []api.RedactedItem{}, FieldsNotFound: []string{}, Pages: []int{}}
	for _, f := range findings {
		s.ByType[f.Type]++
		page := l.PageOf(f.Start)
		if page == 0 {
			page = 1
		}
		s.Findings = append(s.Findings, api.RedactedItem{Type: f.Type, Jurisdiction: f.Jurisdiction, Page: page, Score: f.Score})
	}
	for _, a := range areas {
		s.Fields = append(s.Fields, api.RedactedItem{Field: a.Label, Page: a.Page})
	}
	return s
}

// paint fills the boxes (normalised) on img with c. A grey page painted
// in a colour becomes a colour page first.
func paint(img image.Image, boxes []doc.Box, c color.RGBA) image.Image {
	if len(boxes) == 0 {
		return img
	}
	if g, ok := img.(*image.Gray); ok && (c.R != c.G || c.R != c.B) {
		img = grayToRGBA(g)
	}
	b := img.Bounds()
	for _, box := range boxes {
		x0 := int(math.Floor(box.X0 * float64(b.Dx())))
		y0 := int(math.Floor(box.Y0 * float64(b.Dy())))
		x1 := int(math.Ceil(box.X1 * float64(b.Dx())))
		y1 := int(math.Ceil(box.Y1 * float64(b.Dy())))
		r := image.Rect(x0, y0, x1, y1).Intersect(image.Rect(0, 0, b.Dx(), b.Dy()))
		switch m := img.(type) {
		case *image.Gray:
			for y := r.Min.Y; y < r.Max.Y; y++ {
				row := m.Pix[y*m.Stride+r.Min.X : y*m.Stride+r.Max.X]
				for i := range row {
					row[i] = c.R
				}
			}
		case *image.RGBA:
			for y := r.Min.Y; y < r.Max.Y; y++ {
				row := m.Pix[y*m.Stride+4*r.Min.X : y*m.Stride+4*r.Max.X]
				for i := 0; i < len(row); i += 4 {
					row[i], row[i+1], row[i+2], row[i+3] = c.R, c.G, c.B, 0xff
				}
			}
		}
	}
	return img
}

func grayToRGBA(g *image.Gray) *image.RGBA {
	b := g.Bounds()
	m := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	for i, v := range g.Pix[:b.Dx()*b.Dy()] {
		m.Pix[4*i], m.Pix[4*i+1], m.Pix[4*i+2], m.Pix[4*i+3] = v, v, v, 0xff
	}
	return m
}

// File redacts one submitted file: its type is sniffed, PDFs and images
// are read by loader and rebuilt (Pages), plain-text formats are masked
// (Text), and anything else is refused as unsupported_file.
func File(ctx context.Context, loader *ingest.Loader, in ingest.Input, opts Options) (*Result, error) {
	mt := ingest.Sniff(in.Data, in.Name, in.DeclaredType)
	switch KindOf(mt) {
	case KindText:
		if lim := loader.Env.Limits.MaxBytes; lim > 0 && int64(len(in.Data)) > lim {
			return nil, problem.New(problem.FileTooLarge, "File %q is %d bytes; the limit is %d bytes.", in.Name, len(in.Data), lim).
				With("filename", in.Name).With("limit_bytes", lim)
		}
		return Text(in.Data, mt, opts)
	case KindPages:
		in.MediaType = mt
		files, err := loader.Load(ctx, in)
		if err != nil {
			return nil, err
		}
		if len(files) != 1 {
			return nil, problem.New(problem.UnsupportedFile, "File %q reads as %d documents; redact them one by one.", in.Name, len(files)).
				With("filename", in.Name)
		}
		return Pages(ctx, files[0], in.Data, opts)
	}
	return nil, problem.New(problem.UnsupportedFile,
		"File %q is %s; redaction takes PDFs, images (PNG, JPEG, TIFF, GIF, BMP, WebP) and plain-text formats.", in.Name, mt).
		With("filename", in.Name).With("media_type", mt)
}

// eachImagePage hands fn the pages of an image file: the image itself, or
// each page of a multi-page TIFF, which must be as many as were read.
func eachImagePage(f *ingest.File, data []byte, maxPixels int64, fn func(page int, img image.Image) error) error {
	n := len(f.Layout.Pages)
	if n == 1 {
		img, err := decodeImage(data, maxPixels)
		if err != nil {
			return err
		}
		return fn(1, img)
	}
	offs := tiffPageOffsets(data)
	if f.MediaType != "image/tiff" || len(offs) != n {
		return problem.New(problem.UnsupportedFile, "File %q was read as %d pages, but %d page images were found in it.", f.Name, n, len(offs)).
			With("filename", f.Name)
	}
	for i, off := range offs {
		img, err := decodeTIFFPage(data, off, maxPixels)
		if err != nil {
			return err
		}
		if err := fn(i+1, img); err != nil {
			return err
		}
	}
	return nil
}
