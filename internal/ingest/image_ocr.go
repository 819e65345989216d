package ingest

import (
	"bytes"
	"context"
	"image"
	_ "image/gif"
	_ "image/jpeg"
	_ "image/png"

	_ "golang.org/x/image/bmp"
	_ "golang.org/x/image/tiff"
	_ "golang.org/x/image/webp"

	"github.com/quarrydev/quarry/internal/doc"
	"github.com/quarrydev/quarry/internal/problem"
)

func init() {
	RegisterReader("reader.image", imageReader{}, "image/png", "image/jpeg", "image/gif",
		"image/webp", "image/bmp", "image/tiff")
}

type imageReader struct{}

// Read OCRs an image. Its size is checked from the header before anything
// is decoded, so a decompression bomb is refused without allocating it.
// Tesseract (Leptonica) reads PNG, JPEG, GIF, WebP, BMP and multi-page TIFF
// itself; we decode in Go only to apply an EXIF orientation.
func (imageReader) Read(ctx context.Context, env *Env, in Input) (*Read, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(in.Data))
	if err != nil {
		return nil, problem.New(problem.ImageConversionFailed, "%q is not a readable image: %v", in.Name, err)
	}
	if err := checkPixels(env, in.Name, cfg.Width, cfg.Height); err != nil {
		return nil, err
	}
	data, suffix := in.Data, "."+format
	if format == "tiff" {
		if err := checkTIFFPages(env, in.Name, in.Data); err != nil {
			return nil, err
		}
	}
	if format == "jpeg" {
		if o := exifOrientation(in.Data); o != 1 {
			img, _, err := image.Decode(bytes.NewReader(in.Data))
			if err != nil {
				return nil, problem.New(problem.ImageConversionFailed, "%q could not be decoded: %v", in.Name, err)
			}
			data, suffix = encodePNG(applyOrientation(toGray(img), o)), ".png"
		}
	}
	return ocrImageBytes(ctx, env, in, data, suffix)
}

// ocrImageBytes OCRs an image file Tesseract can read and builds the layout.
func ocrImageBytes(ctx context.Context, env *Env, in Input, data []byte, suffix string) (*Read, error) {
	sess, err := newOCRSession(env, in.LanguageHint)
	if err != nil {
		return nil, err
	}
	sess.readings = env.Limits.OCRVote
	sess.lineRec = env.Limits.OCRVote && env.Limits.OCRLineRec
	path, cleanup, err := TempFile(data, suffix)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	pages, err := sess.recognize(ctx, path, true)
	if err != nil {
		return nil, ocrFailure(err, in.Name)
	}
	b := doc.NewBuilder()
	for _, p := range pages {
		sess.add(b, p, 0, 0)
	}
	if len(pages) == 0 {
		b.StartPage(doc.Page{Width: 0, Height: 0, Source: doc.SourceOCR})
	}
	rd := &Read{Layout: b.Layout(), OCR: sess.stats()}
	if len(pages) == 1 {
		rd.Readings = readingLayouts(pages[0])
	}
	return rd, nil
}

func checkPixels(env *Env, name string, w, h int) error {
	if w <= 0 || h <= 0 {
		return problem.New(problem.ImageConversionFailed, "%q has no pixels.", name).With("filename", name)
	}
	if max := env.Limits.MaxImagePixels; max > 0 && int64(w)*int64(h) > max {
		return problem.New(problem.LimitExceeded,
			"%q is %dx%d pixels; the limit is %d pixels.", name, w, h, max).
			With("filename", name).With("limit_pixels", max)
	}
	return nil
}
