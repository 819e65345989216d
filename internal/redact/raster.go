package redact

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"io"
	"strconv"
	"time"

	// Decoders of the image formats a page may arrive in.
	_ "image/gif"
	_ "image/jpeg"
	_ "image/png"

	"github.com/hhrutter/tiff" // reads any page of a multi-page TIFF, not only the first
	_ "golang.org/x/image/bmp"
	_ "golang.org/x/image/webp"

	"github.com/quarrydev/quarry/internal/ingest"
	"github.com/quarrydev/quarry/internal/problem"
)

// rasterBatch is how many pages one pdftoppm run renders: few enough that
// a run's output is consumed page by page, many enough that starting the
// program is not the cost.
const rasterBatch = 8

// rasterPDF renders pages 1..pages of a PDF at dpi and hands each page's
// image to fn in order. pdftoppm writes the pages as one stream of binary
// PPM images on its stdout, so no page touches the disk.
func rasterPDF(ctx context.Context, data []byte, pages, dpi int, timeout time.Duration, fn func(page int, img image.Image) error) error {
	path, cleanup, err := ingest.TempFile(data, ".pdf")
	if err != nil {
		return err
	}
	defer cleanup()
	for first := 1; first <= pages; first += rasterBatch {
		last := min(first+rasterBatch-1, pages)
		page := first
		args := []string{"-r", strconv.Itoa(dpi), "-f", strconv.Itoa(first), "-l", strconv.Itoa(last), path}
		_, err := ingest.RunToolStream(ctx, timeout, "pdftoppm", args, func(r io.Reader) error {
			br := bufio.NewReaderSize(r, 1<<16)
			for ; page <= last; page++ {
				img, err := readPNM(br)
				if err != nil {
					return fmt.Errorf("page %d: %w", page, err)
				}
				if err := fn(page, img); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			if p, ok := problem.As(err); ok {
				return p
			}
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return problem.New(problem.CorruptPDF, "The PDF could not be rendered: %v", err)
		}
	}
	return nil
}

// readPNM reads one binary PPM (P6) or PGM (P5) image with 8-bit samples.
// A colour page whose pixels are all grey comes back as *image.Gray, which
// makes its stored image a third of the size.
func readPNM(r *bufio.Reader) (image.Image, error) {
	var magic string
	var w, h, maxv int
	if _, err := fmt.Fscan(r, &magic, &w, &h, &maxv); err != nil {
		return nil, fmt.Errorf("reading the rendered image header: %w", err)
	}
	if _, err := r.ReadByte(); err != nil { // the one whitespace byte before the samples
		return nil, err
	}
	if maxv != 255 || w <= 0 || h <= 0 || w > 1<<15 || h > 1<<15 {
		return nil, fmt.Errorf("unexpected rendered image %s %dx%d max %d", magic, w, h, maxv)
	}
	switch magic {
	case "P5":
		g := image.NewGray(image.Rect(0, 0, w, h))
		_, err := io.ReadFull(r, g.Pix)
		return g, err
	case "P6":
		rgb := make([]byte, 3*w*h)
		if _, err := io.ReadFull(r, rgb); err != nil {
			return nil, err
		}
		return fromRGB(rgb, w, h), nil
	}
	return nil, fmt.Errorf("unexpected rendered image type %q", magic)
}

// fromRGB makes an opaque image from packed RGB samples, grey when every
// pixel is.
func fromRGB(rgb []byte, w, h int) image.Image {
	grey := true
	for i := 0; i < len(rgb); i += 3 {
		if rgb[i] != rgb[i+1] || rgb[i] != rgb[i+2] {
			grey = false
			break
		}
	}
	if grey {
		g := image.NewGray(image.Rect(0, 0, w, h))
		for i := range g.Pix {
			g.Pix[i] = rgb[3*i]
		}
		return g
	}
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for i, j := 0, 0; i < len(rgb); i, j = i+3, j+4 {
		m.Pix[j], m.Pix[j+1], m.Pix[j+2], m.Pix[j+3] = rgb[i], rgb[i+1], rgb[i+2], 0xff
	}
	return m
}

// decodeImage reads an image file into an opaque *image.Gray or
// *image.RGBA, refusing one larger than maxPixels before decoding it.
func decodeImage(data []byte, maxPixels int64) (image.Image, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, problem.New(problem.ImageConversionFailed, "The image could not be decoded: %v", err)
	}
	if err := checkPixels(cfg, maxPixels); err != nil {
		return nil, err
	}
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, problem.New(problem.ImageConversionFailed, "The image could not be decoded: %v", err)
	}
	return opaque(src), nil
}

// decodeTIFFPage reads the page of a TIFF whose directory starts at off.
func decodeTIFFPage(data []byte, off int64, maxPixels int64) (image.Image, error) {
	cfg, err := tiff.DecodeConfigAt(bytes.NewReader(data), off)
	if err != nil {
		return nil, problem.New(problem.ImageConversionFailed, "A TIFF page could not be decoded: %v", err)
	}
	if err := checkPixels(cfg, maxPixels); err != nil {
		return nil, err
	}
	src, err := tiff.DecodeAt(bytes.NewReader(data), off)
	if err != nil {
		return nil, problem.New(problem.ImageConversionFailed, "A TIFF page could not be decoded: %v", err)
	}
	return opaque(src), nil
}

func checkPixels(cfg image.Config, maxPixels int64) error {
	if maxPixels > 0 && int64(cfg.Width)*int64(cfg.Height) > maxPixels {
		return problem.New(problem.LimitExceeded, "The image has %dx%d pixels; the limit is %d.", cfg.Width, cfg.Height, maxPixels)
	}
	return nil
}

// opaque copies src into an *image.Gray or *image.RGBA whose origin is
// (0,0). Transparent pixels are laid on white, as a viewer shows them.
func opaque(src image.Image) image.Image {
	b := src.Bounds()
	if g, ok := src.(*image.Gray); ok {
		out := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
		draw.Draw(out, out.Bounds(), g, b.Min, draw.Src)
		return out
	}
	out := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(out, out.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	draw.Draw(out, out.Bounds(), src, b.Min, draw.Over)
	rgb := make([]byte, 0, 3*b.Dx()*b.Dy())
	for i := 0; i < len(out.Pix); i += 4 {
		rgb = append(rgb, out.Pix[i], out.Pix[i+1], out.Pix[i+2])
	}
	return fromRGB(rgb, b.Dx(), b.Dy())
}

// tiffPageOffsets walks a TIFF's chain of image directories, one per page,
// and returns where each starts. A loop or a pointer out of the file ends
// the walk, where Tesseract stops reading pages too.
func tiffPageOffsets(t []byte) []int64 {
	if len(t) < 8 {
		return nil
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return nil
	}
	if bo.Uint16(t[2:]) != 42 {
		return nil // BigTIFF
	}
	var out []int64
	seen := map[uint32]bool{}
	for off := bo.Uint32(t[4:]); off != 0; {
		if seen[off] || off < 8 || int64(off)+2 > int64(len(t)) {
			break
		}
		seen[off] = true
		out = append(out, int64(off))
		next := int64(off) + 2 + 12*int64(bo.Uint16(t[off:]))
		if next+4 > int64(len(t)) {
			break
		}
		off = bo.Uint32(t[next:])
	}
	return out
}

// rotateClockwise turns img by deg (90, 180 or 270) degrees clockwise:
// OCR read a turned scan upright, and its boxes refer to the upright page.
func rotateClockwise(img image.Image, deg int) image.Image {
	deg = ((deg % 360) + 360) % 360
	if deg == 0 {
		return img
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	dw, dh := w, h
	if deg != 180 {
		dw, dh = h, w
	}
	dst := newLike(img, dw, dh)
	for y := range h {
		for x := range w {
			var dx, dy int
			switch deg {
			case 90:
				dx, dy = h-1-y, x
			case 180:
				dx, dy = w-1-x, h-1-y
			case 270:
				dx, dy = y, w-1-x
			default:
				return img
			}
			dst.Set(dx, dy, img.At(b.Min.X+x, b.Min.Y+y))
		}
	}
	return dst
}

func newLike(img image.Image, w, h int) draw.Image {
	if _, ok := img.(*image.Gray); ok {
		return image.NewGray(image.Rect(0, 0, w, h))
	}
	return image.NewRGBA(image.Rect(0, 0, w, h))
}
