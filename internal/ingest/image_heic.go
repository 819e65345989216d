package ingest

import (
	"bytes"
	"context"

	"github.com/gen2brain/heic"
	"github.com/quarrydev/quarry/internal/problem"
)

func init() {
	RegisterReader("reader.heic", heicReader{}, "image/heic", "image/heic-sequence", "image/heif-sequence")
}

type heicReader struct{}

// Read decodes HEIC/HEIF in Go (libheif compiled to WebAssembly, no cgo)
// after checking the header's size, turns it grey and OCRs it as PNG.
func (heicReader) Read(ctx context.Context, env *Env, in Input) (rd *Read, err error) {
	defer func() {
		if r := recover(); r != nil {
			rd, err = nil, problem.New(problem.ImageConversionFailed, "%q is a damaged HEIC image.", in.Name)
		}
	}()
	cfg, err := heic.DecodeConfig(bytes.NewReader(in.Data))
	if err != nil {
		return nil, problem.New(problem.ImageConversionFailed, "%q is not a readable HEIC image: %v", in.Name, err)
	}
	if err := checkPixels(env, in.Name, cfg.Width, cfg.Height); err != nil {
		return nil, err
	}
	img, err := heic.Decode(bytes.NewReader(in.Data))
	if err != nil {
		return nil, problem.New(problem.ImageConversionFailed, "%q could not be decoded: %v", in.Name, err)
	}
	return ocrImageBytes(ctx, env, in, encodePNG(toGray(img)), ".png")
}
